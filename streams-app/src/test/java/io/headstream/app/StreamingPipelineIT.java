package io.headstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.config.ConfigSources;
import io.headstream.config.HeadstreamConfig;
import io.headstream.config.KafkaClientKeys;
import io.headstream.embedded.EmbeddedStack;
import io.headstream.inference.MultiHeadModel;
import io.headstream.schema.Answer;
import io.headstream.schema.DeadLetter;
import io.headstream.schema.QuestionContext;
import io.headstream.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a real in-process broker and registry with a real ONNX model (the small
 * fixture bundle, so that hundreds of events run in seconds): every input is accounted for exactly
 * once, as three outputs or one dead letter, read back with {@code read_committed}.
 */
class StreamingPipelineIT {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path workDir;

    private static EmbeddedStack stack;
    private static MultiHeadModel model;

    @BeforeAll
    static void startStack() {
        stack = EmbeddedStack.start(workDir.resolve("stack"));
        model = ModelFactory.load(config("bundle-probe", workDir.resolve("probe")));
    }

    @AfterAll
    static void stopStack() {
        if (model != null) {
            model.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    static Path fixtureBundle() {
        return Path.of(System.getProperty("headstream.repo.root", ".")).resolve("models/fixture");
    }

    static HeadstreamConfig config(String name, Path stateDir) {
        return config(name, stateDir, Map.of());
    }

    static HeadstreamConfig config(String name, Path stateDir, Map<String, String> overrides) {
        Map<String, String> set = new HashMap<>();
        set.put("kafka.bootstrap.servers", stack.bootstrapServers());
        set.put("kafka.state.dir", stateDir.toString());
        set.put("kafka.commit.interval.ms", "100");
        set.put("kafka.num.stream.threads", "2");
        set.put("headstream.registry.url", stack.registryUrl());
        set.put("headstream.application.id", "app-" + name);
        set.put("headstream.topic.input", name + "-questions");
        set.put("headstream.topic.answers", name + "-answers");
        set.put("headstream.topic.summaries", name + "-summaries");
        set.put("headstream.topic.explanations", name + "-explanations");
        set.put("headstream.topic.dead-letter", name + "-dead-letters");
        set.put("headstream.model.bundle", fixtureBundle().toString());
        set.put("headstream.batch.max.size", "8");
        set.put("headstream.batch.max.delay.ms", "50");
        set.put("headstream.validation.max.context.chars", "20000");
        set.put("headstream.metrics.port", "-1");
        set.putAll(overrides);
        return HeadstreamConfig.from(ConfigSources.load(null, Map.of(), set), KafkaClientKeys::isKnown);
    }

    private static QuestionContext event(String id, String question, String context) {
        return QuestionContext.newBuilder().setEventId(id).setQuestion(question).setContext(context)
                .setEventTime(Instant.now()).build();
    }

    private static List<QuestionContext> validEvents(String prefix, int n) {
        List<QuestionContext> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(event(prefix + i, "Which city hosted event " + i + "?",
                    "The event number " + i + " took place in Paris. It drew a large crowd. "
                            + "Organisers counted " + (1000 + i) + " visitors on the first day."));
        }
        return events;
    }

    private static void sendRaw(String bootstrap, String topic, List<byte[][]> keyValues) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (byte[][] kv : keyValues) {
                producer.send(new ProducerRecord<>(topic, kv[0], kv[1])).get();
            }
        }
    }

    @Test
    void everyInputYieldsThreeOutputsOrOneDeadLetterExactlyOnce() throws Exception {
        String name = "reconcile-" + UUID.randomUUID().toString().substring(0, 8);
        HeadstreamConfig config = config(name, workDir.resolve(name));
        Topics topics = SerdeSettings.topics(config);
        stack.createTopics(2, topics.names().toArray(String[]::new));

        List<QuestionContext> valid = validEvents("ok-", 40);
        List<QuestionContext> invalid = List.of(
                event("empty-question", "  ", "Some context."),
                event("empty-context", "What?", ""),
                event("nul", "What?", "bad\u0000text"),
                QuestionContext.newBuilder(event("bad-head", "What?", "Context.")).setTargetHead("nope").build());
        List<QuestionContext> all = new ArrayList<>(valid);
        all.addAll(invalid);
        EventProducer.send(ClientProps.producer(config), topics.input(), all, 1);
        List<byte[][]> corrupt = List.of(
                new byte[][] {"not-avro".getBytes(), "plain text".getBytes()},
                new byte[][] {"unknown-id".getBytes(), {0, 0, 0, 0x7f, 0x7f, 2, 4}},
                new byte[][] {"tombstone".getBytes(), null});
        sendRaw(stack.bootstrapServers(), topics.input().name(), corrupt);
        int expectedDead = invalid.size() + corrupt.size();

        StreamsService service = RunCommand.startChecked(config, model);
        try (CommittedReader reader = new CommittedReader(stack.bootstrapServers(), topics.outputNames())) {
            assertThat(service.awaitRunning(WAIT)).as("Kafka Streams reaches RUNNING").isTrue();
            boolean done = reader.readUntil(r -> r.count(topics.answers().name()) >= valid.size()
                    && r.count(topics.summaries().name()) >= valid.size()
                    && r.count(topics.explanations().name()) >= valid.size()
                    && r.count(topics.deadLetters().name()) >= expectedDead, WAIT);
            assertThat(done).as("all outputs arrive").isTrue();

            List<String> validIds = valid.stream().map(QuestionContext::getEventId).toList();
            for (String topic : List.of(topics.answers().name(), topics.summaries().name(), topics.explanations().name())) {
                assertThat(reader.keys(topic)).as(topic + ": each valid event exactly once")
                        .containsExactlyInAnyOrderElementsOf(validIds);
            }
            assertThat(reader.count(topics.deadLetters().name())).isEqualTo(expectedDead);
            var deadSerde = topics.deadLetters().valueSerde().deserializer();
            List<String> reasons = reader.records.get(topics.deadLetters().name()).stream()
                    .map(r -> deadSerde.deserialize(r.topic(), r.value()))
                    .map(DeadLetter::getReason).toList();
            assertThat(reasons).containsExactlyInAnyOrder("empty_question", "empty_context", "invalid_text",
                    "unsupported_target_head", "unknown_magic_byte", "unknown_schema_id", "null_value");

            var answerSerde = topics.answers().valueSerde().deserializer();
            Map<String, QuestionContext> byId = new HashMap<>();
            valid.forEach(e -> byId.put(e.getEventId(), e));
            for (var r : reader.records.get(topics.answers().name())) {
                Answer answer = answerSerde.deserialize(r.topic(), r.value());
                assertThat(answer.getModel().getSha256()).isEqualTo(model.identity().sha256());
                assertThat(answer.getProvenance().getTopic()).isEqualTo(topics.input().name());
                if (answer.getStart() != null) {
                    String context = byId.get(answer.getEventId()).getContext();
                    assertThat(context.substring(answer.getStart(), answer.getEnd())).isEqualTo(answer.getText());
                }
            }
            double in = service.meters().counter("headstream.records.in", "topic", topics.input().name()).count();
            assertThat(in).isEqualTo(all.size() + corrupt.size());
        } finally {
            service.close(Duration.ofSeconds(30));
        }
    }

    @Test
    void aRestartMidStreamWithLostLocalStateLosesAndDuplicatesNothing() throws Exception {
        String name = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        Path stateDir = workDir.resolve(name);
        HeadstreamConfig config = config(name, stateDir);
        // The first instance runs one full batch of 64 and keeps the rest waiting in its store
        // (a minute-long delay), so the restart must restore them from the changelog.
        HeadstreamConfig slowConfig = config(name, stateDir,
                Map.of("headstream.batch.max.size", "64", "headstream.batch.max.delay.ms", "60000",
                        "kafka.num.stream.threads", "1"));
        Topics topics = SerdeSettings.topics(config);
        stack.createTopics(1, topics.names().toArray(String[]::new));
        List<QuestionContext> events = validEvents("r-", 120);
        EventProducer.send(ClientProps.producer(config), topics.input(), events, 1);

        try (CommittedReader reader = new CommittedReader(stack.bootstrapServers(), topics.outputNames())) {
            StreamsService first = RunCommand.startChecked(slowConfig, model);
            try {
                assertThat(first.awaitRunning(WAIT)).isTrue();
                assertThat(reader.readUntil(r -> r.count(topics.answers().name()) >= 64, WAIT)).isTrue();
            } finally {
                first.close(Duration.ofSeconds(30));
            }
            assertThat(first.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            int before = reader.count(topics.answers().name());
            // Lose the local state so the batch buffer must come back from its changelog.
            deleteRecursively(stateDir);

            StreamsService second = RunCommand.startChecked(config, model);
            try {
                assertThat(second.awaitRunning(WAIT)).isTrue();
                assertThat(reader.readUntil(r -> r.count(topics.answers().name()) >= events.size()
                        && r.count(topics.summaries().name()) >= events.size()
                        && r.count(topics.explanations().name()) >= events.size(), WAIT)).isTrue();
            } finally {
                second.close(Duration.ofSeconds(30));
            }
            List<String> ids = events.stream().map(QuestionContext::getEventId).toList();
            for (String topic : List.of(topics.answers().name(), topics.summaries().name(), topics.explanations().name())) {
                List<String> keys = reader.keys(topic);
                assertThat(new HashSet<>(keys)).as(topic + ": none lost").containsExactlyInAnyOrderElementsOf(ids);
                assertThat(keys).as(topic + ": none duplicated").hasSize(ids.size());
            }
            assertThat(reader.count(topics.deadLetters().name())).isZero();
            assertThat(before).as("the first instance stopped with events still buffered").isEqualTo(64);
        }
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
