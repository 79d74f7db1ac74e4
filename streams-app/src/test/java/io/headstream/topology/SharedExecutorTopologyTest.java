package io.headstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.inference.ExecutorSettings;
import io.headstream.inference.HeadPredictor;
import io.headstream.inference.ModelIdentity;
import io.headstream.inference.ModelInput;
import io.headstream.inference.ModelOutput;
import io.headstream.inference.MultiHeadModel;
import io.headstream.inference.SharedInferenceExecutor;
import io.headstream.metrics.PipelineMetrics;
import io.headstream.registry.AvroSerde;
import io.headstream.schema.Answer;
import io.headstream.schema.DeadLetter;
import io.headstream.schema.QuestionContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The processor's call site with the shared executor: bounded waits (results that come back late
 * are published by a later punctuation, their events stay in the store until then), a full queue
 * that keeps events buffered and resubmits them (nothing dropped or duplicated), and per-event
 * failure isolation. The fake model's passes are held at a gate the test opens.
 */
class SharedExecutorTopologyTest {
    private static final int MAX_BATCH = 4;
    private static final long MAX_DELAY_MS = 1000;

    private final FakeMultiHeadModel fake = new FakeMultiHeadModel();
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch passEntered = new CountDownLatch(1);
    private final Map<String, String> serdeConfig = Map.of("schema.registry.url", "mem://shared-" + UUID.randomUUID());
    private SharedInferenceExecutor executor;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<String, Answer> answers;
    private TestOutputTopic<byte[], DeadLetter> deadLetters;

    /** The fake model, with every pass waiting for {@link #gate}. */
    private final MultiHeadModel gated = new MultiHeadModel() {
        @Override
        public ModelIdentity identity() {
            return fake.identity();
        }

        @Override
        public Set<String> heads() {
            return fake.heads();
        }

        @Override
        public String defaultTargetHead() {
            return fake.defaultTargetHead();
        }

        @Override
        public HeadPredictor newPredictor() {
            HeadPredictor inner = fake.newPredictor();
            return new HeadPredictor() {
                @Override
                public List<ModelOutput> predict(List<ModelInput> batch) {
                    passEntered.countDown();
                    try {
                        if (!gate.await(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("gate never opened");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return inner.predict(batch);
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        }

        @Override
        public void close() {}
    };

    private void start(ExecutorSettings settings) {
        executor = SharedInferenceExecutor.start(gated, settings);
        Topics topics = new Topics(
                new Topic<>("questions", Serdes.ByteArray(), serde(QuestionContext.class)),
                new Topic<>("answers", Serdes.String(), serde(Answer.class)),
                new Topic<>("summaries", Serdes.String(), serde(io.headstream.schema.QuerySummary.class)),
                new Topic<>("explanations", Serdes.String(), serde(io.headstream.schema.SpanExplanation.class)),
                new Topic<>("dead-letters", Serdes.ByteArray(), serde(DeadLetter.class)));
        TopologySettings ts = new TopologySettings("shared-test", MAX_BATCH, MAX_DELAY_MS, 200, 5000);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "shared-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(HeadstreamTopology.build(ts, topics, gated, executor,
                new PipelineMetrics(new SimpleMeterRegistry())), props, Instant.parse("2026-01-01T00:00:00Z"));
        input = driver.createInputTopic("questions", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        answers = driver.createOutputTopic("answers", Serdes.String().deserializer(), serde(Answer.class).deserializer());
        deadLetters = driver.createOutputTopic("dead-letters", Serdes.ByteArray().deserializer(),
                serde(DeadLetter.class).deserializer());
    }

    @AfterEach
    void tearDown() {
        gate.countDown();
        if (driver != null) {
            driver.close();
        }
        if (executor != null) {
            executor.close();
        }
    }

    private <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
        AvroSerde<T> serde = AvroSerde.specific(type);
        serde.configure(serdeConfig, false);
        return serde;
    }

    private void send(String id, String context) {
        QuestionContext e = QuestionContext.newBuilder().setEventId(id).setQuestion("Who?").setContext(context)
                .setEventTime(Instant.parse("2025-12-31T23:59:00Z")).build();
        input.pipeInput(id.getBytes(), serde(QuestionContext.class).serializer().serialize("questions", e));
    }

    private long buffered() {
        KeyValueStore<Long, ?> store = driver.getKeyValueStore(HeadstreamTopology.BUFFER_STORE);
        long n = 0;
        try (var it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting until " + what).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** Advances wall-clock time (punctuations) until {@code n} answers have been read in all. */
    private List<String> answersUntil(int n) {
        List<String> ids = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ids.size() < n && System.nanoTime() < deadline) {
            driver.advanceWallClockTime(Duration.ofMillis(MAX_DELAY_MS));
            answers.readValuesToList().forEach(a -> ids.add(a.getEventId()));
        }
        return ids;
    }

    @Test
    void resultsLaterThanTheWaitBoundArePublishedByALaterPunctuation() {
        start(new ExecutorSettings(32, 1 << 20, 0, 256, 20, 1));
        for (int i = 0; i < MAX_BATCH; i++) {
            send("e" + i, "Alice met Bob. Then they left");
        }
        // The batch was submitted, the stream thread gave up waiting after 20 ms: no output yet,
        // and the events are still in the (changelogged) store.
        assertThat(answers.isEmpty()).isTrue();
        assertThat(buffered()).isEqualTo(MAX_BATCH);

        gate.countDown();
        await(() -> executor.stats().passes() == 1, "the pass has run");
        assertThat(answersUntil(MAX_BATCH)).containsExactly("e0", "e1", "e2", "e3");
        assertThat(buffered()).isZero();
        assertThat(fake.batchSizes).containsExactly(MAX_BATCH);
    }

    @Test
    void aFullQueueKeepsEventsBufferedAndEveryEventIsAnsweredExactlyOnce() {
        start(new ExecutorSettings(32, 1 << 20, 0, MAX_BATCH, 20, 1));
        for (int i = 0; i < MAX_BATCH; i++) {
            send("e" + i, "Alice met Bob. Then they left");
        }
        await(() -> passEntered.getCount() == 0, "the first batch's pass has started");
        for (int i = MAX_BATCH; i < 3 * MAX_BATCH; i++) {
            send("e" + i, "Alice met Bob. Then they left");
        }
        // Batch 1 is in the (held) pass, batch 2 fills the queue, batch 3 could not be submitted.
        await(() -> executor.queued() == MAX_BATCH, "the second batch is queued");
        assertThat(buffered()).isEqualTo(3 * MAX_BATCH);
        assertThat(executor.queueHighWater()).isEqualTo(MAX_BATCH);

        gate.countDown();
        List<String> ids = answersUntil(3 * MAX_BATCH);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3 * MAX_BATCH; i++) {
            expected.add("e" + i);
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(buffered()).isZero();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aPoisonEventIsDeadLetteredAloneThroughTheExecutor() {
        gate.countDown();
        start(new ExecutorSettings(32, 1 << 20, 0, 256, 10_000, 1));
        send("a", "Alice met Bob. Then they left");
        send("p", "Poisoned " + FakeMultiHeadModel.POISON + " text. Here");
        send("c", "Carol met Dan. Then they left");
        send("d", "Dave met Eve. Then they left");
        assertThat(answers.readValuesToList()).extracting(Answer::getEventId).containsExactly("a", "c", "d");
        List<DeadLetter> dead = deadLetters.readValuesToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).getReason()).isEqualTo("inference_failed");
        assertThat(buffered()).isZero();
    }
}
