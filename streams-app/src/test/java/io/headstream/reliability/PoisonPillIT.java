package io.headstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.app.StreamsService;
import io.headstream.config.ConfigSources;
import io.headstream.config.HeadstreamConfig;
import io.headstream.config.KafkaClientKeys;
import io.headstream.inference.MultiHeadModel;
import io.headstream.inference.OnnxMultiHeadModel;
import io.headstream.inference.RuntimeOptions;
import io.headstream.registry.AvroSerde;
import io.headstream.schema.DeadLetter;
import io.headstream.schema.QuerySummary;
import io.headstream.schema.QuestionContext;
import io.headstream.schema.SpanExplanation;
import io.headstream.schema.SummarySentence;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One valid event must never stop its partition. Both tests run the real app (fixture model)
 * against a real broker and registry, one partition, the suspect events first and ordinary events
 * behind them, and then check every event: answered exactly once (answer, summary, explanation)
 * or dead-lettered exactly once with its source, nothing else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonPillIT {
    private static final Duration WAIT = Duration.ofSeconds(240);

    @TempDir
    Path work;

    private MultiHeadModel model;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    void loadModel() {
        model = OnnxMultiHeadModel.load(AppProcess.ROOT.resolve("models/fixture"), RuntimeOptions.defaults());
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }

    /**
     * The two events of the robustness report, under the broker's default 1 MB record limit: a
     * 199,000-character CJK context without a sentence boundary (the summary used to be the whole
     * context, twice) and 300 Arabic sentences each ending in a right-to-left mark (the splitter
     * saw one sentence). Both must be answered with bounded outputs, readiness never dropping.
     */
    @Test
    void hugeValidEventsAreAnsweredWithBoundedOutputsAndTheirPartitionMovesOn() throws Exception {
        Cluster cluster = cluster("big");
        cluster.createTopics(1, Map.of());
        StreamsService service = start(cluster, Map.of());
        TestEvents producer = producer(cluster);
        Ledger ledger = cluster.ledger();
        open.add(ledger);

        StringBuilder arabic = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            arabic.append("هذه هي الجملة رقم ").append(i).append(" عن مدينة باريس القديمة.\u200f ");
        }
        List<QuestionContext> events = new ArrayList<>();
        events.add(TestEvents.event("cjk-199k", "这是什么？", "汉字".repeat(99_500)));
        events.add(TestEvents.event("arabic-300", "أين تقع المدينة؟", arabic.toString()));
        events.addAll(TestEvents.valid("after-big-", 0, 10));
        Set<String> ids = ids(events);

        AtomicReference<KafkaStreams.State> leftRunning = watchReadiness(service);
        producer.send(cluster.input(), events);
        assertThat(ledger.readUntil(() -> ledger.accounted() >= ids.size(), WAIT)).as("every event accounted for").isTrue();
        ledger.drainToEnd(Duration.ofSeconds(5));

        assertThat(ledger.exactlyOnceProblems(ids)).as("each event: 3 outputs or 1 dead letter, exactly once").isEmpty();
        assertThat(ledger.count(cluster.deadLetters())).as("nothing dead-lettered").isZero();
        for (ConsumerRecord<byte[], byte[]> r : ledger.records(cluster.summaries())) {
            QuerySummary s = decode(cluster, QuerySummary.class, r);
            int chars = s.getSentences().stream().mapToInt(x -> x.getText().codePointCount(0, x.getText().length())).sum();
            assertThat(chars).as("summary of %s within headstream.summary.max.chars", s.getEventId()).isLessThanOrEqualTo(600);
            if (s.getEventId().equals("arabic-300")) {
                assertThat(s.getSentences()).as("Arabic sentences split at the right-to-left marks").hasSizeGreaterThan(1);
                for (SummarySentence sentence : s.getSentences()) {
                    assertThat(sentence.getText().length()).isLessThan(80);
                }
            }
        }
        for (ConsumerRecord<byte[], byte[]> r : ledger.records(cluster.explanations())) {
            SpanExplanation e = decode(cluster, SpanExplanation.class, r);
            assertThat(e.getSpans().size()).isLessThanOrEqualTo(64);
            e.getSpans().forEach(span -> assertThat(span.getText().length()).isLessThanOrEqualTo(1000));
            assertThat(r.value().length).isLessThan(900_000);
        }
        assertThat(leftRunning.get()).as("readiness never dropped (Kafka Streams stayed RUNNING)").isNull();
        assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    /**
     * An output the broker refuses, whatever headstream thinks of its size (here the summaries
     * topic allows 16 KiB and the app's summaries may take 30,000 characters): the transaction
     * fails and the stream thread dies. The event must end as one dead letter naming its source,
     * after a bounded number of attempts, and the events behind it must be answered.
     */
    @Test
    void anEventWhoseOutputTheBrokerRefusesIsDeadLetteredAfterBoundedRetries() throws Exception {
        Cluster cluster = cluster("refused");
        cluster.broker.createTopics(List.of(
                new NewTopic(cluster.input(), 1, (short) 1),
                new NewTopic(cluster.answers(), 1, (short) 1),
                new NewTopic(cluster.summaries(), 1, (short) 1).configs(Map.of("max.message.bytes", "16384")),
                new NewTopic(cluster.explanations(), 1, (short) 1),
                new NewTopic(cluster.deadLetters(), 1, (short) 1)));
        // A failed send leaves the transactional producer in an error state; the commit that follows
        // fails after max.block.ms (60 s by default): shortened here to keep the test quick.
        StreamsService service = start(cluster, Map.of("headstream.summary.max.chars", "30000",
                "kafka.producer.max.block.ms", "5000"));
        TestEvents producer = producer(cluster);
        Ledger ledger = cluster.ledger();
        open.add(ledger);

        List<QuestionContext> events = new ArrayList<>(TestEvents.valid("before-", 0, 3));
        // One 40,000-character sentence: its summary is 30,000 characters, about 30 KB.
        events.add(TestEvents.event("refused", "What is repeated?", "word ".repeat(8_000)));
        events.addAll(TestEvents.valid("after-refused-", 0, 10));
        Set<String> ids = ids(events);
        producer.send(cluster.input(), events);
        assertThat(ledger.readUntil(() -> ledger.accounted() >= ids.size(), WAIT)).as("every event accounted for").isTrue();
        ledger.drainToEnd(Duration.ofSeconds(5));

        assertThat(ledger.exactlyOnceProblems(ids)).as("each event: 3 outputs or 1 dead letter, exactly once").isEmpty();
        List<ConsumerRecord<byte[], byte[]>> dead = ledger.records(cluster.deadLetters());
        assertThat(dead).hasSize(1);
        DeadLetter letter = decode(cluster, DeadLetter.class, dead.get(0));
        assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("refused");
        assertThat(letter.getReason()).as("message: " + letter.getErrorMessage())
                .isIn("repeated_failure", "output_not_produced");
        assertThat(letter.getSourceTopic()).isEqualTo(cluster.input());
        assertThat(letter.getSourcePartition()).isZero();
        assertThat(letter.getSourceOffset()).isEqualTo(3L);
        // Meters are not transactional: a dead letter written in a transaction that then failed is
        // counted too, so here the meters can only be at least the records (HostileInputIT, without
        // failed transactions, checks equality).
        double counted = service.meters().find("headstream.dead.letters").counters().stream()
                .mapToDouble(Counter::count).sum();
        assertThat(counted).as("dead-letter meters >= dead-letter records").isGreaterThanOrEqualTo(dead.size());
        assertThat(service.meters().counter("headstream.dead.letters", "stage", "processing", "reason",
                "repeated_failure").count()).as("repeated_failure counted").isGreaterThanOrEqualTo(
                        letter.getReason().equals("repeated_failure") ? 1.0 : 0.0);
        assertThat(service.fatalError()).as("the app did not give up").isEmpty();
        assertThat(service.awaitRunning(WAIT)).isTrue();
    }

    private Cluster cluster(String name) {
        Cluster cluster = new Cluster(work.resolve(name));
        open.add(cluster);
        return cluster;
    }

    private StreamsService start(Cluster cluster, Map<String, String> extra) throws InterruptedException {
        Map<String, String> props = cluster.appProperties(work.resolve(cluster.name + "-state"), -1);
        props.putAll(extra);
        HeadstreamConfig config = HeadstreamConfig.from(ConfigSources.load(null, Map.of(), props), KafkaClientKeys::isKnown);
        StreamsService service = StreamsService.start(config, model);
        open.add(() -> service.close(Duration.ofSeconds(30)));
        assertThat(service.awaitRunning(WAIT)).as("Kafka Streams RUNNING").isTrue();
        return service;
    }

    private TestEvents producer(Cluster cluster) {
        TestEvents producer = new TestEvents(cluster.clientProps(), cluster.registryProps());
        open.add(producer);
        return producer;
    }

    /** Samples the state every 20 ms from now on; holds the first state other than RUNNING seen. */
    private AtomicReference<KafkaStreams.State> watchReadiness(StreamsService service) {
        AtomicReference<KafkaStreams.State> seen = new AtomicReference<>();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                KafkaStreams.State s = service.state();
                if (s != KafkaStreams.State.RUNNING) {
                    seen.compareAndSet(null, s);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "readiness-watcher");
        watcher.setDaemon(true);
        watcher.start();
        open.add(watcher::interrupt);
        return seen;
    }

    private static Set<String> ids(List<QuestionContext> events) {
        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.getEventId()));
        return ids;
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> T decode(Cluster cluster, Class<T> type,
            ConsumerRecord<byte[], byte[]> r) {
        AvroSerde<T> serde = AvroSerde.specific(type);
        serde.configure(cluster.registryProps(), false);
        return serde.deserializer().deserialize(r.topic(), r.value());
    }
}
