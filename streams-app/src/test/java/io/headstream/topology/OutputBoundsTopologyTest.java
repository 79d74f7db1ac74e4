package io.headstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.metrics.PipelineMetrics;
import io.headstream.registry.AvroSerde;
import io.headstream.schema.Answer;
import io.headstream.schema.DeadLetter;
import io.headstream.schema.QuerySummary;
import io.headstream.schema.QuestionContext;
import io.headstream.schema.SpanExplanation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The topology's side of "no poison pill", on the deterministic fake model (its summary is the
 * context's first sentence): outputs cut to their limits, an output still over the byte limit
 * replaced by a dead letter, and events whose earlier publication failed with its transaction
 * (counted in {@link PublishAttempts}) published alone or, at the limit, dead-lettered.
 */
class OutputBoundsTopologyTest {
    private final FakeMultiHeadModel model = new FakeMultiHeadModel();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Map<String, String> serdeConfig = Map.of("schema.registry.url", "mem://bounds-" + UUID.randomUUID());
    private final PublishAttempts attempts = new PublishAttempts();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<String, Answer> answers;
    private TestOutputTopic<String, QuerySummary> summaries;
    private TestOutputTopic<String, SpanExplanation> explanations;
    private TestOutputTopic<byte[], DeadLetter> deadLetters;

    private void start(OutputLimits limits) {
        Topics topics = new Topics(
                new Topic<>("questions", Serdes.ByteArray(), serde(QuestionContext.class)),
                new Topic<>("answers", Serdes.String(), serde(Answer.class)),
                new Topic<>("summaries", Serdes.String(), serde(QuerySummary.class)),
                new Topic<>("explanations", Serdes.String(), serde(SpanExplanation.class)),
                new Topic<>("dead-letters", Serdes.ByteArray(), serde(DeadLetter.class)));
        TopologySettings settings = new TopologySettings("bounds-test", 4, 1000, 200, 100_000, limits, 2);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bounds-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(HeadstreamTopology.build(settings, topics, model, null,
                new PipelineMetrics(meters), attempts), props, Instant.parse("2026-01-01T00:00:00Z"));
        input = driver.createInputTopic("questions", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        answers = driver.createOutputTopic("answers", Serdes.String().deserializer(), serde(Answer.class).deserializer());
        summaries = driver.createOutputTopic("summaries", Serdes.String().deserializer(),
                serde(QuerySummary.class).deserializer());
        explanations = driver.createOutputTopic("explanations", Serdes.String().deserializer(),
                serde(SpanExplanation.class).deserializer());
        deadLetters = driver.createOutputTopic("dead-letters", Serdes.ByteArray().deserializer(),
                serde(DeadLetter.class).deserializer());
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    private <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
        AvroSerde<T> serde = AvroSerde.specific(type);
        serde.configure(serdeConfig, false);
        return serde;
    }

    private void send(String id, String context) {
        QuestionContext e = QuestionContext.newBuilder().setEventId(id).setQuestion("What?").setContext(context)
                .setEventTime(Instant.parse("2025-12-31T23:59:00Z")).build();
        input.pipeInput(id.getBytes(), serde(QuestionContext.class).serializer().serialize("questions", e));
    }

    private void flush() {
        driver.advanceWallClockTime(Duration.ofSeconds(2));
    }

    @Test
    void aSentenceWithoutBoundaryIsCutToTheSummaryBudgetAndAGiantWordToTheSpanLimit() {
        start(new OutputLimits(100, 64, 600, 900_000));
        // One "sentence" of 20,000 CJK characters whose last "word" (the fake's span) is the whole text.
        send("cjk", "汉字".repeat(10_000));
        flush();
        QuerySummary s = summaries.readValue();
        assertThat(s.getSentences()).hasSize(1);
        assertThat(s.getSentences().get(0).getText()).hasSize(600);
        assertThat(s.getSentences().get(0).getEnd()).isEqualTo(600);
        Answer a = answers.readValue();
        assertThat(a.getText()).hasSize(100);
        assertThat(a.getEnd() - a.getStart()).isEqualTo(100);
        SpanExplanation e = explanations.readValue();
        assertThat(e.getSpans().get(0).getText()).hasSize(100);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void anOutputStillOverTheByteLimitBecomesADeadLetterNamingItsSource() {
        // 5,000 characters of summary fit the character budget but not 4 KiB.
        start(new OutputLimits(1000, 64, 10_000, 4096));
        send("small", "Paris is big. It is old.");
        send("big", "word ".repeat(1_000) + "end.");
        flush();
        assertThat(answers.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("small");
        assertThat(summaries.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("small");
        assertThat(explanations.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("small");
        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getReason()).isEqualTo("output_too_large");
        assertThat(letter.getSourceTopic()).isEqualTo("questions");
        assertThat(letter.getSourceOffset()).isEqualTo(1L);
        assertThat(letter.getOriginalValue()).as("a 4 KiB limit leaves no room for the input's bytes").isNull();
        assertThat(letter.getErrorMessage()).contains("left out").contains("questions-0@1");
        assertThat(meters.counter("headstream.dead.letters", "stage", "serialization", "reason", "output_too_large")
                .count()).isEqualTo(1.0);
    }

    @Test
    void aSuspectBelowTheLimitIsPublishedAloneAndOneAtTheLimitIsDeadLettered() {
        start(OutputLimits.DEFAULTS);
        SourceRecordRef first = new SourceRecordRef("questions", 0, 0, 0, null, null);
        SourceRecordRef second = new SourceRecordRef("questions", 0, 1, 0, null, null);
        attempts.begin(first);  // once: a suspect, tried again
        attempts.begin(second); // twice: at the limit of 2, dead-lettered
        attempts.begin(second);
        send("suspect", "Paris is big.");
        send("poison", "Rome is old.");
        send("normal", "Oslo is cold.");
        for (int i = 0; i < 10; i++) {
            flush();
        }
        assertThat(answers.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("suspect", "normal");
        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getReason()).isEqualTo("repeated_failure");
        assertThat(letter.getSourceOffset()).isEqualTo(1L);
        assertThat(attempts.count(first)).isEqualTo(2);
        assertThat(deadLetters.isEmpty()).isTrue();
    }
}
