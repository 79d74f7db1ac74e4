package io.headstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.app.HeadstreamCli;
import io.headstream.app.StreamsService;
import io.headstream.config.ConfigSources;
import io.headstream.config.HeadstreamConfig;
import io.headstream.config.KafkaClientKeys;
import io.headstream.inference.MultiHeadModel;
import io.headstream.inference.OnnxMultiHeadModel;
import io.headstream.inference.RuntimeOptions;
import io.headstream.registry.server.EmbeddedSchemaRegistry;
import io.headstream.registry.server.InMemorySchemaStore;
import io.headstream.schema.DeadLetter;
import io.headstream.schema.QuestionContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Schema Registry missing at start (bounded wait, then exit 1 naming the URL; or it comes up
 * within the wait and the app starts) and going away mid-run: the schemas already cached keep
 * the stream going, and a record whose schema id was never seen is retried, then dead-lettered
 * as {@code registry_unavailable}, never dropped.
 */
class RegistryAvailabilityIT {
    private static final Duration WAIT = Duration.ofSeconds(240);

    @TempDir
    Path work;

    @Test
    void aRegistryDownAtStartEndsTheProcessWithExitOneNamingItAfterTheBoundedWait() throws Exception {
        try (Cluster cluster = new Cluster(work)) {
            cluster.createTopics(1, Map.of());
            int deadPort = AppProcess.freePort();
            Map<String, String> props = cluster.appProperties(work.resolve("state"), -1);
            props.put("headstream.registry.url", "http://127.0.0.1:" + deadPort);
            props.put("headstream.registry.retries", "0");
            props.put("headstream.registry.startup.wait.ms", "3000");
            Path config = AppProcess.writeConfig(work.resolve("app.properties"), props);
            StringWriter err = new StringWriter();
            long t0 = System.nanoTime();
            int code = CompletableFuture.supplyAsync(() -> HeadstreamCli.execute(new PrintWriter(new StringWriter()),
                    new PrintWriter(err, true), "run", "--config", config.toString())).get(180, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("RegistryAvailabilityIT: registry down at start -> exit %d after %.1f s: %s%n", code,
                    seconds, err.toString().strip());
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("http://127.0.0.1:" + deadPort)
                    .contains("headstream.registry.startup.wait.ms").contains("did not answer within 3000 ms");
        }
    }

    @Test
    void aRegistryThatComesUpWithinTheWaitIsUsed() throws Exception {
        try (Cluster cluster = new Cluster(work)) {
            cluster.createTopics(1, Map.of());
            int registryPort = AppProcess.freePort();
            int metricsPort = AppProcess.freePort();
            Map<String, String> props = cluster.appProperties(work.resolve("state"), metricsPort);
            props.put("headstream.registry.url", "http://127.0.0.1:" + registryPort);
            props.put("headstream.registry.startup.wait.ms", "180000");
            Path config = AppProcess.writeConfig(work.resolve("app.properties"), props);
            Path log = work.resolve("app.log");
            try (AppProcess app = AppProcess.start(config, log, metricsPort)) {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!app.log().contains("Schema Registry at http://127.0.0.1:" + registryPort + " unavailable")
                        && System.nanoTime() < deadline && app.isAlive()) {
                    Thread.sleep(200);
                }
                assertThat(app.log()).as("the app waits for the registry; log:\n%s", app.logTail())
                        .contains("unavailable").contains("retrying for up to 180000 ms");
                EmbeddedSchemaRegistry late = EmbeddedSchemaRegistry.builder().store(new InMemorySchemaStore())
                        .port(registryPort).build().start();
                try {
                    assertThat(app.awaitReady(WAIT)).as("ready once the registry is up; log:\n%s", app.logTail()).isTrue();
                    try (TestEvents producer = new TestEvents(cluster.clientProps(), Map.of("schema.registry.url", late.url()));
                         Ledger ledger = cluster.ledger()) {
                        producer.send(cluster.input(), TestEvents.valid("late-", 0, 5));
                        assertThat(ledger.readUntil(() -> ledger.count(cluster.explanations()) >= 5, WAIT)).isTrue();
                        assertThat(ledger.exactlyOnceProblems(Set.of("late-0", "late-1", "late-2", "late-3", "late-4")))
                                .isEmpty();
                    }
                    assertThat(app.terminate(Duration.ofSeconds(60))).isZero();
                } finally {
                    late.close();
                }
            }
        }
    }

    @Test
    void aRegistryOutageMidRunKeepsCachedSchemasGoingAndDeadLettersUnresolvableIds() throws Exception {
        try (Cluster cluster = new Cluster(work)) {
            cluster.createTopics(1, Map.of());
            Map<String, Object> registryProps = cluster.registryProps();
            Map<String, String> props = cluster.appProperties(work.resolve("state"), -1);
            props.put("headstream.registry.retries", "2");
            HeadstreamConfig config = HeadstreamConfig.from(ConfigSources.load(null, Map.of(), props),
                    KafkaClientKeys::isKnown);
            try (MultiHeadModel model = OnnxMultiHeadModel.load(AppProcess.ROOT.resolve("models/fixture"),
                    RuntimeOptions.defaults());
                 TestEvents producer = new TestEvents(cluster.clientProps(), registryProps);
                 Ledger ledger = cluster.ledger()) {
                StreamsService service = StreamsService.start(config, model);
                try {
                    assertThat(service.awaitRunning(WAIT)).isTrue();
                    List<QuestionContext> before = new ArrayList<>(TestEvents.valid("before-", 0, 20));
                    before.add(TestEvents.event("before-blank", "", "A context.")); // caches the DeadLetter schema
                    producer.send(cluster.input(), before);
                    assertThat(ledger.readUntil(() -> ledger.accounted() >= before.size(), WAIT)).isTrue();

                    cluster.registry.close();
                    List<QuestionContext> during = TestEvents.valid("during-", 0, 20);
                    producer.send(cluster.input(), during.subList(0, 10));
                    byte[] unresolvable = producer.bytes(cluster.input(), TestEvents.valid("unresolvable", 0));
                    ByteBuffer.wrap(unresolvable, 1, 4).putInt(424_242);
                    producer.sendRaw(cluster.input(), "unresolvable".getBytes(StandardCharsets.UTF_8), unresolvable);
                    producer.send(cluster.input(), during.subList(10, 20));

                    Set<String> ids = new LinkedHashSet<>();
                    before.forEach(e -> ids.add(e.getEventId()));
                    during.forEach(e -> ids.add(e.getEventId()));
                    ids.add("unresolvable");
                    boolean complete = ledger.readUntil(() -> ledger.exactlyOnceProblems(ids).isEmpty(), WAIT);
                    assertThat(ledger.exactlyOnceProblems(ids)).as("complete=" + complete).isEmpty();
                    assertThat(service.state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);

                    DeadLetter letter = deadLetter(ledger, cluster, "unresolvable");
                    System.out.printf("RegistryAvailabilityIT: registry down mid-run: 20 events on cached schemas "
                            + "processed, unresolvable id -> %s (%s)%n", letter.getReason(), letter.getErrorMessage());
                    assertThat(letter.getReason()).isEqualTo("registry_unavailable");
                    assertThat(letter.getErrorMessage()).contains("424242").contains("after 3 attempt(s)");
                } finally {
                    service.close(Duration.ofSeconds(30));
                }
            }
        }
    }

    @Test
    void aRegistryOutageBeforeTheRunsFirstOutputStillLetsOutputsThrough() throws Exception {
        try (Cluster cluster = new Cluster(work)) {
            cluster.createTopics(1, Map.of());
            Map<String, String> props = cluster.appProperties(work.resolve("state"), -1);
            props.put("headstream.registry.retries", "1");
            HeadstreamConfig config = HeadstreamConfig.from(ConfigSources.load(null, Map.of(), props),
                    KafkaClientKeys::isKnown);
            try (MultiHeadModel model = OnnxMultiHeadModel.load(AppProcess.ROOT.resolve("models/fixture"),
                    RuntimeOptions.defaults());
                 TestEvents producer = new TestEvents(cluster.clientProps(), cluster.registryProps());
                 Ledger ledger = cluster.ledger()) {
                StreamsService service = StreamsService.start(config, model);
                try {
                    assertThat(service.awaitRunning(WAIT)).isTrue();
                    // The run's first record is decoded (the input schema is now cached) but produces
                    // no output: it is dead-lettered. No answer, summary or explanation has been written.
                    producer.send(cluster.input(), List.of(TestEvents.event("first-blank", " ", "A context.")));
                    assertThat(ledger.readUntil(() -> ledger.count(cluster.deadLetters()) >= 1, WAIT)).isTrue();
                    assertThat(ledger.count(cluster.answers())).isZero();

                    cluster.registry.close();
                    List<QuestionContext> after = TestEvents.valid("after-", 0, 10);
                    producer.send(cluster.input(), after);
                    Set<String> ids = new LinkedHashSet<>();
                    ids.add("first-blank");
                    after.forEach(e -> ids.add(e.getEventId()));
                    boolean complete = ledger.readUntil(() -> ledger.exactlyOnceProblems(ids).isEmpty(), WAIT);
                    assertThat(ledger.exactlyOnceProblems(ids)).as("complete=" + complete).isEmpty();
                    assertThat(ledger.count(cluster.answers())).isEqualTo(10);
                    assertThat(service.state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
                    System.out.println("RegistryAvailabilityIT: registry down before the run's first output: "
                            + "10/10 events out (output schemas registered at start)");
                } finally {
                    service.close(Duration.ofSeconds(30));
                }
            }
        }
    }

    /** Decodes the one dead letter keyed {@code key}. */
    private static DeadLetter deadLetter(Ledger ledger, Cluster cluster, String key) {
        var records = ledger.records(cluster.deadLetters()).stream()
                .filter(r -> key.equals(new String(r.key(), StandardCharsets.UTF_8))).toList();
        assertThat(records).hasSize(1);
        // The registry is down: decode with the writer schema of the generated class, skipping the 5-byte header.
        byte[] value = records.get(0).value();
        try {
            var reader = new org.apache.avro.specific.SpecificDatumReader<>(DeadLetter.class);
            var decoder = org.apache.avro.io.DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null);
            return reader.read(null, decoder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
