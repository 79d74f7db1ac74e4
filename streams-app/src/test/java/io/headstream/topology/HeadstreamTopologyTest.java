package io.headstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.metrics.PipelineMetrics;
import io.headstream.registry.AvroSerde;
import io.headstream.schema.Answer;
import io.headstream.schema.AnswerType;
import io.headstream.schema.DeadLetter;
import io.headstream.schema.FailureStage;
import io.headstream.schema.QuerySummary;
import io.headstream.schema.QuestionContext;
import io.headstream.schema.SpanExplanation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Routing, validation, batching and failure isolation of the topology, on a deterministic fake model. */
class HeadstreamTopologyTest {
    private static final int MAX_BATCH = 4;
    private static final long MAX_DELAY_MS = 1000;

    private final FakeMultiHeadModel model = new FakeMultiHeadModel();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Map<String, String> serdeConfig;
    private Topics topics;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<String, Answer> answers;
    private TestOutputTopic<String, QuerySummary> summaries;
    private TestOutputTopic<String, SpanExplanation> explanations;
    private TestOutputTopic<byte[], DeadLetter> deadLetters;
    private Serde<QuestionContext> eventSerde;

    @BeforeEach
    void setUp() {
        serdeConfig = Map.of("schema.registry.url", "mem://topology-test-" + UUID.randomUUID());
        topics = new Topics(
                new Topic<>("questions", Serdes.ByteArray(), serde(QuestionContext.class)),
                new Topic<>("answers", Serdes.String(), serde(Answer.class)),
                new Topic<>("summaries", Serdes.String(), serde(QuerySummary.class)),
                new Topic<>("explanations", Serdes.String(), serde(SpanExplanation.class)),
                new Topic<>("dead-letters", Serdes.ByteArray(), serde(DeadLetter.class)));
        eventSerde = serde(QuestionContext.class);
        TopologySettings settings = new TopologySettings("topology-test", MAX_BATCH, MAX_DELAY_MS, 200, 5000);
        Topology topology = HeadstreamTopology.build(settings, topics, model, new PipelineMetrics(meters));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(topology, props, Instant.parse("2026-01-01T00:00:00Z"));
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
        driver.close();
        assertThat(model.predictorsOpen).as("every predictor is closed with its processor").hasValue(0);
    }

    private <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
        AvroSerde<T> serde = AvroSerde.specific(type);
        serde.configure(serdeConfig, false);
        return serde;
    }

    private static QuestionContext event(String id, String question, String context) {
        return QuestionContext.newBuilder().setEventId(id).setQuestion(question).setContext(context)
                .setEventTime(Instant.parse("2025-12-31T23:59:00Z")).build();
    }

    private byte[] bytes(QuestionContext event) {
        return eventSerde.serializer().serialize("questions", event);
    }

    @Test
    void topologyNamesArePinned() {
        String description = HeadstreamTopology.build(new TopologySettings("x", 1, 0, 1, 1), topics, model,
                new PipelineMetrics(meters)).describe().toString();
        assertThat(description).isEqualTo("""
                Topologies:
                   Sub-topology: 0
                    Source: questions-source (topics: [questions])
                      --> inference
                    Processor: inference (stores: [inference-buffer])
                      --> answers-sink, dead-letters-sink, explanations-sink, summaries-sink
                      <-- questions-source
                    Sink: answers-sink (topic: answers)
                      <-- inference
                    Sink: dead-letters-sink (topic: dead-letters)
                      <-- inference
                    Sink: explanations-sink (topic: explanations)
                      <-- inference
                    Sink: summaries-sink (topic: summaries)
                      <-- inference

                """);
    }

    @Test
    void eachEventYieldsOneRecordPerOutputTopicWithProvenanceAndModel() {
        for (int i = 0; i < MAX_BATCH; i++) {
            input.pipeInput("k".getBytes(), bytes(event("e" + i, "Who?", "Alice met Bob. Then they left")));
        }
        List<Answer> out = answers.readValuesToList();
        assertThat(out).extracting(Answer::getEventId).containsExactly("e0", "e1", "e2", "e3");
        Answer first = out.get(0);
        assertThat(first.getText()).isEqualTo("Alice");
        assertThat(first.getStart()).isZero();
        assertThat(first.getEnd()).isEqualTo(5);
        assertThat(first.getAnswerType()).isEqualTo(AnswerType.SPAN);
        assertThat(first.getHead()).isEqualTo("answer");
        assertThat(first.getModel().getName()).isEqualTo("fake");
        assertThat(first.getProvenance().getTopic()).isEqualTo("questions");
        assertThat(out).extracting(a -> a.getProvenance().getOffset()).containsExactly(0L, 1L, 2L, 3L);

        List<QuerySummary> sums = summaries.readValuesToList();
        assertThat(sums).hasSize(4);
        assertThat(sums.get(0).getSentences()).extracting(s -> s.getText()).containsExactly("Alice met Bob.");
        assertThat(sums.get(0).getQuestion()).isEqualTo("Who?");
        List<SpanExplanation> expl = explanations.readValuesToList();
        assertThat(expl).hasSize(4);
        assertThat(expl.get(0).getSpans().get(0).getText()).isEqualTo("left");
        assertThat(expl.get(0).getAnswerStart()).isZero();
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(model.batchSizes).containsExactly(MAX_BATCH);
    }

    @Test
    void aPartialBatchWaitsForTheDelayThenRuns() {
        for (int i = 0; i < MAX_BATCH + 1; i++) {
            input.pipeInput(bytes(event("e" + i, "q", "some context here")));
        }
        assertThat(answers.readValuesToList()).hasSize(MAX_BATCH);
        assertThat(model.batchSizes).containsExactly(MAX_BATCH);

        driver.advanceWallClockTime(Duration.ofMillis(MAX_DELAY_MS / 2));
        assertThat(answers.isEmpty()).as("not yet due").isTrue();
        driver.advanceWallClockTime(Duration.ofMillis(MAX_DELAY_MS));
        assertThat(answers.readValuesToList()).extracting(Answer::getEventId).containsExactly("e4");
        assertThat(model.batchSizes).containsExactly(MAX_BATCH, 1);
    }

    @Test
    void aPoisonEventIsDeadLetteredAndItsBatchNeighboursSucceed() {
        input.pipeInput(bytes(event("ok1", "q", "fine context")));
        byte[] poison = bytes(event("bad", "q", "context with " + FakeMultiHeadModel.POISON));
        input.pipeInput("bad-key".getBytes(), poison);
        input.pipeInput(bytes(event("ok2", "q", "fine context")));
        input.pipeInput(bytes(event("ok3", "q", "fine context")));

        assertThat(answers.readValuesToList()).extracting(Answer::getEventId).containsExactly("ok1", "ok2", "ok3");
        List<DeadLetter> dead = deadLetters.readValuesToList();
        assertThat(dead).hasSize(1);
        DeadLetter letter = dead.get(0);
        assertThat(letter.getReason()).isEqualTo("inference_failed");
        assertThat(letter.getStage()).isEqualTo(FailureStage.INFERENCE);
        assertThat(letter.getSourceOffset()).isEqualTo(1L);
        assertThat(letter.getSourceTopic()).isEqualTo("questions");
        assertThat(bytesOf(letter.getOriginalValue())).isEqualTo(poison);
        assertThat(bytesOf(letter.getOriginalKey())).isEqualTo("bad-key".getBytes());
        assertThat(letter.getErrorClass()).isEqualTo("io.headstream.inference.InferenceException");
        assertThat(model.batchSizes).containsExactly(4, 1, 1, 1, 1);
        assertThat(meters.counter("headstream.dead.letters", "stage", "inference", "reason", "inference_failed").count())
                .isEqualTo(1.0);
    }

    static Stream<Arguments> invalidEvents() {
        return Stream.of(
                Arguments.of("empty question", event("a", "", "ctx"), "empty_question"),
                Arguments.of("whitespace question", event("a", " \t\n", "ctx"), "empty_question"),
                Arguments.of("empty context", event("a", "q", ""), "empty_context"),
                Arguments.of("whitespace context", event("a", "q", "   "), "empty_context"),
                Arguments.of("blank event id", event(" ", "q", "ctx"), "missing_event_id"),
                Arguments.of("question too long", event("a", "q".repeat(201), "ctx"), "question_too_long"),
                Arguments.of("context too long", event("a", "q", "c".repeat(5001)), "context_too_long"),
                Arguments.of("NUL in context", event("a", "q", "a\u0000b"), "invalid_text"),
                Arguments.of("unsupported head",
                        QuestionContext.newBuilder(event("a", "q", "ctx")).setTargetHead("translate").build(),
                        "unsupported_target_head"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("invalidEvents")
    void invalidEventsAreDeadLetteredWithTheirReason(String name, QuestionContext event, String reason) {
        byte[] value = bytes(event);
        input.pipeInput(value);
        driver.advanceWallClockTime(Duration.ofMillis(MAX_DELAY_MS * 2));
        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getReason()).isEqualTo(reason);
        assertThat(letter.getStage()).isEqualTo(FailureStage.VALIDATION);
        assertThat(bytesOf(letter.getOriginalValue())).isEqualTo(value);
        assertThat(answers.isEmpty()).isTrue();
        assertThat(model.batchSizes).as("invalid events cost no inference").isEmpty();
    }

    static Stream<Arguments> undecodableValues() {
        return Stream.of(
                Arguments.of("not Avro at all", "hello, world".getBytes(), "unknown_magic_byte"),
                Arguments.of("unknown schema id", new byte[] {0, 0x7f, 0, 0, 1, 2, 3}, "unknown_schema_id"),
                Arguments.of("shorter than the header", new byte[] {0, 0}, "truncated_payload"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("undecodableValues")
    void undecodableBytesAreDeadLetteredWithTheOriginalBytes(String name, byte[] value, String reason) {
        input.pipeInput("key".getBytes(), value);
        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getReason()).isEqualTo(reason);
        assertThat(letter.getStage()).isEqualTo(FailureStage.DESERIALIZATION);
        assertThat(bytesOf(letter.getOriginalValue())).isEqualTo(value);
        assertThat(letter.getSourceOffset()).isZero();
    }

    @Test
    void aTruncatedAvroBodyIsDeadLettered() {
        byte[] value = bytes(event("a", "question", "a context long enough to truncate"));
        byte[] truncated = java.util.Arrays.copyOf(value, value.length - 10);
        input.pipeInput(truncated);
        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getStage()).isEqualTo(FailureStage.DESERIALIZATION);
        assertThat(letter.getReason()).isIn("truncated_payload", "not_deserializable");
    }

    @Test
    void aTombstoneIsDeadLettered() {
        input.pipeInput("key".getBytes(), (byte[]) null);
        assertThat(deadLetters.readValue().getReason()).isEqualTo("null_value");
    }

    @Test
    void theRequestedTargetHeadProducesTheAnswer() {
        input.pipeInput(bytes(QuestionContext.newBuilder(event("s", "q", "First one. Second one"))
                .setTargetHead("summary").build()));
        driver.advanceWallClockTime(Duration.ofMillis(MAX_DELAY_MS * 2));
        Answer answer = answers.readValue();
        assertThat(answer.getHead()).isEqualTo("summary");
        assertThat(answer.getAnswerType()).isEqualTo(AnswerType.SUMMARY);
        assertThat(answer.getText()).isEqualTo("First one.");
    }

    @Test
    void inputsReconcileWithOutputsAndDeadLetters() {
        int valid = 0;
        int invalid = 0;
        for (int i = 0; i < 23; i++) {
            if (i % 5 == 0) {
                input.pipeInput(bytes(event("e" + i, "", "ctx")));
                invalid++;
            } else {
                input.pipeInput(bytes(event("e" + i, "q", "ctx words here")));
                valid++;
            }
        }
        driver.advanceWallClockTime(Duration.ofMillis(MAX_DELAY_MS * 2));
        assertThat(answers.getQueueSize()).isEqualTo(valid);
        assertThat(summaries.getQueueSize()).isEqualTo(valid);
        assertThat(explanations.getQueueSize()).isEqualTo(valid);
        assertThat(deadLetters.getQueueSize()).isEqualTo(invalid);
        assertThat(meters.counter("headstream.records.in", "topic", "questions").count()).isEqualTo(23.0);
        assertThat(meters.counter("headstream.records.out", "topic", "answers").count()).isEqualTo(valid);
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] b = new byte[copy.remaining()];
        copy.get(b);
        return b;
    }
}
