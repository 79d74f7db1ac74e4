package io.headstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.config.ConfigSources;
import io.headstream.config.HeadstreamConfig;
import io.headstream.config.KafkaClientKeys;
import io.headstream.embedded.EmbeddedStack;
import io.headstream.schema.QuestionContext;
import io.headstream.topology.Topics;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code headstream run} as operators run it: its own JVM from the built jar, configured by a
 * properties file, ready when {@code /health/ready} says so, processing events, exposing its
 * meters, and exiting 0 on SIGTERM after a graceful close.
 */
class RunCommandIT {
    private static final Path ROOT = Path.of(System.getProperty("headstream.repo.root", ".")).toAbsolutePath();
    private static final String REGISTRY_PASSWORD = "s3cret-registry-pw-" + System.nanoTime();

    @TempDir
    Path workDir;

    @Test
    void runServesEventsMetricsAndHealthAndStopsCleanlyOnSigterm() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(workDir.resolve("stack"))) {
            int metricsPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                metricsPort = socket.getLocalPort();
            }
            Map<String, String> props = new LinkedHashMap<>();
            props.put("kafka.bootstrap.servers", stack.bootstrapServers());
            props.put("kafka.state.dir", workDir.resolve("state").toString());
            props.put("kafka.commit.interval.ms", "100");
            props.put("headstream.registry.url", stack.registryUrl());
            props.put("headstream.registry.basic.auth.user.info", "headstream:" + REGISTRY_PASSWORD);
            props.put("headstream.application.id", "run-it");
            props.put("headstream.model.bundle", StreamingPipelineIT.fixtureBundle().toString());
            props.put("headstream.metrics.port", String.valueOf(metricsPort));
            Path file = workDir.resolve("app.properties");
            Files.writeString(file, props.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n")));
            HeadstreamConfig config = HeadstreamConfig.from(
                    ConfigSources.load(file, Map.of(), Map.of()), KafkaClientKeys::isKnown);
            Topics topics = SerdeSettings.topics(config);
            stack.createTopics(1, topics.names().toArray(String[]::new));

            Path stderr = Path.of("target", "run-it-stderr.txt").toAbsolutePath();
            Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", ROOT.resolve("streams-app/target/headstream.jar").toString(), "run", "--config", file.toString())
                    .directory(ROOT.toFile())
                    .redirectOutput(workDir.resolve("stdout.txt").toFile())
                    .redirectError(stderr.toFile())
                    .start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                URI ready = URI.create("http://127.0.0.1:" + metricsPort + "/health/ready");
                assertThat(waitForStatus(http, ready, 200, Duration.ofSeconds(120), app))
                        .as("ready within 2 minutes; stderr: " + stderr).isTrue();

                List<QuestionContext> events = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    events.add(QuestionContext.newBuilder().setEventId("run-" + i).setQuestion("Where?")
                            .setContext("It happened in Paris. Then it moved on.").setEventTime(Instant.now()).build());
                }
                EventProducer.send(ClientProps.producer(config), topics.input(), events, 1);
                try (CommittedReader reader = new CommittedReader(stack.bootstrapServers(), topics.outputNames())) {
                    assertThat(reader.readUntil(r -> r.count(topics.answers().name()) >= 10
                            && r.count(topics.explanations().name()) >= 10, Duration.ofSeconds(120))).isTrue();
                    assertThat(reader.keys(topics.answers().name())).hasSize(10);
                }
                String metrics = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("headstream_records_out_total{topic=\"answers\"} 10.0")
                        .contains("headstream_model_info{").contains("kafka_stream");
                assertThat(metrics).doesNotContain(REGISTRY_PASSWORD);
            } finally {
                app.destroy(); // SIGTERM
                assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("exits within 60 s of SIGTERM").isTrue();
            }
            String log = Files.readString(stderr);
            assertThat(app.exitValue()).as("exit code after SIGTERM; log:\n" + tail(log)).isZero();
            assertThat(log).contains("shutdown requested").contains("headstream.registry.basic.auth.user.info=******")
                    .contains("loaded model bundle").doesNotContain(REGISTRY_PASSWORD);
        }
    }

    private static boolean waitForStatus(HttpClient http, URI uri, int status, Duration timeout, Process app)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && app.isAlive()) {
            try {
                if (http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == status) {
                    return true;
                }
            } catch (java.io.IOException notYetListening) {
                // the endpoint starts with the app; poll again
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static String tail(String log) {
        return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }
}
