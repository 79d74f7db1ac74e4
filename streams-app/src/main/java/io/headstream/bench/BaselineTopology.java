package io.headstream.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.headstream.schema.QuestionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The common way to serve several heads from Kafka Streams, as public Kafka Streams + DJL
 * examples do it, for figure 3: one model per head (each its own encoder copy), and per record,
 * per head, inside {@code mapValues}: tokenize (truncating to 384 tokens), one forward pass of
 * batch 1, a simple argmax decode, a JSON string out. Same broker, same exactly-once guarantee,
 * same stream-thread count as headstream. It reads only the first 384 tokens of a long context
 * (headstream reads up to 16 windows), so on long contexts it does less work than headstream.
 */
final class BaselineTopology {
    private BaselineTopology() {}

    /** One head served the common way: its own tokenizer call and its own single-head graph. */
    static final class PerRecordHead implements AutoCloseable {
        private final String head;
        private final HuggingFaceTokenizer tokenizer;
        private final GraphRunner graph;

        PerRecordHead(String head, Path tokenizerJson, Path graphFile, int intraOpThreads) {
            this.head = head;
            try {
                this.tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optAddSpecialTokens(true)
                        .optTruncateSecondOnly().optMaxLength(384).optPadding(false).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.graph = GraphRunner.load(graphFile, intraOpThreads);
        }

        String predict(QuestionContext event) {
            Encoding enc = tokenizer.encode(event.getQuestion(), event.getContext());
            float[] first = graph.runFirstOutput(List.<long[][]>of(new long[][] {enc.getIds(), enc.getTypeIds()}));
            long[] types = enc.getTypeIds();
            int best = -1;
            int perToken = Math.max(1, first.length / Math.max(1, types.length));
            for (int t = 0; t < types.length; t++) {
                if (types[t] == 1 && (best < 0 || first[t * perToken] > first[best * perToken])) {
                    best = t;
                }
            }
            String token = "";
            if (best >= 0 && enc.getCharTokenSpans()[best] != null) {
                var span = enc.getCharTokenSpans()[best];
                String ctx = event.getContext();
                token = ctx.substring(Math.min(ctx.length(), span.getStart()), Math.min(ctx.length(), span.getEnd()));
            }
            return "{\"event_id\":\"" + event.getEventId() + "\",\"head\":\"" + head + "\",\"top_token\":\""
                    + token.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        }

        @Override
        public void close() {
            graph.close();
            tokenizer.close();
        }
    }

    static KafkaStreams start(Properties base, String inputTopic, List<String> outputTopics,
            Deserializer<QuestionContext> deserializer, List<PerRecordHead> heads) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, QuestionContext> events = builder
                .stream(inputTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .mapValues(v -> deserializer.deserialize(inputTopic, v));
        for (int h = 0; h < heads.size(); h++) {
            PerRecordHead head = heads.get(h);
            events.mapValues(head::predict).to(outputTopics.get(h), Produced.with(Serdes.String(), Serdes.String()));
        }
        Properties props = new Properties();
        props.putAll(base);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.start();
        return streams;
    }
}
