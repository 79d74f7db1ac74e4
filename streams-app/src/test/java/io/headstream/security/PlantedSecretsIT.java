package io.headstream.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.reliability.AppProcess;
import io.headstream.reliability.Cluster;
import io.headstream.reliability.Ledger;
import io.headstream.reliability.TestEvents;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets planted wherever an operator can put one: a PEM private key as {@code ssl.keystore.key},
 * a JAAS config, a key Kafka types PASSWORD whose name says nothing of it, credentials in a URL
 * inside a plain value, a secret from the environment and one from {@code --set}. The built app
 * runs as its own JVM with everything logged (Kafka clients at INFO, headstream at DEBUG), and
 * each planted string is then searched in all it wrote (stdout and stderr), in {@code /metrics}
 * and in every record it produced. A registry URL with credentials must end start-up with exit
 * code 2 before the model loads, naming the key and not printing them.
 */
class PlantedSecretsIT {
    private static final Duration WAIT = Duration.ofSeconds(240);
    private static final String TAG = UUID.randomUUID().toString().substring(0, 8);
    private static final String PEM_SECRET = "MIIEvQpemKey" + TAG;
    private static final String PEM = "-----BEGIN PRIVATE KEY-----\n" + PEM_SECRET + "\nAAAA\n-----END PRIVATE KEY-----";
    private static final String JAAS_SECRET = "jaasPw" + TAG;
    private static final String PASSWORD_TYPED_SECRET = "chainPw" + TAG;
    private static final String URL_IN_VALUE_SECRET = "rackPw" + TAG;
    private static final String ENV_SECRET = "envPw" + TAG;
    private static final String SET_SECRET = "setPw" + TAG;
    private static final String REGISTRY_URL_USER = "urlUser" + TAG;
    private static final String REGISTRY_URL_SECRET = "urlPw" + TAG;
    private static final String LOGBACK = "-Dlogback.configurationFile="
            + AppProcess.ROOT.resolve("streams-app/src/test/resources/security/logback-verbose.xml");

    @TempDir
    Path work;

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"app\" password=\""
                + password + "\";";
    }

    /** A properties file written by {@link Properties#store}, which escapes the PEM's newlines. */
    private static Path writeProperties(Path file, Map<String, String> props) throws IOException {
        Properties p = new Properties();
        p.putAll(props);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, null);
        }
        return file;
    }

    @Test
    void plantedSecretsReachNoOutputNoMetricAndNoRecord() throws Exception {
        try (Cluster cluster = new Cluster(work)) {
            cluster.createTopics(1, Map.of());
            int port = AppProcess.freePort();
            Map<String, String> props = cluster.appProperties(work.resolve("state"), port);
            props.put("kafka.ssl.keystore.key", PEM);
            props.put("kafka.sasl.jaas.config", jaas(JAAS_SECRET));
            props.put("kafka.ssl.keystore.certificate.chain", PASSWORD_TYPED_SECRET);
            props.put("kafka.consumer.client.rack", "http://rack:" + URL_IN_VALUE_SECRET + "@rack-1");
            Path config = writeProperties(work.resolve("planted.properties"), props);
            List<String> args = List.of("run", "--config", config.toString(),
                    "--set", "kafka.producer.sasl.jaas.config=" + jaas(SET_SECRET));
            Map<String, String> env = Map.of("HEADSTREAM_REGISTRY_BASIC_AUTH_USER_INFO", "planted:" + ENV_SECRET);
            Path log = work.resolve("planted.log");
            List<String> leaks = new ArrayList<>();
            try (AppProcess app = AppProcess.start(args, env, log, port, LOGBACK)) {
                assertThat(app.awaitReady(WAIT)).as("ready; log:\n%s", app.logTail()).isTrue();
                try (TestEvents producer = new TestEvents(cluster.clientProps(), cluster.registryProps());
                     Ledger ledger = cluster.ledger()) {
                    producer.send(cluster.input(), TestEvents.valid("planted-", 0, 3));
                    producer.sendRaw(cluster.input(), "planted-raw".getBytes(StandardCharsets.UTF_8),
                            "not avro".getBytes(StandardCharsets.UTF_8));
                    assertThat(ledger.readUntil(() -> ledger.exactlyOnceProblems(
                            Set.of("planted-0", "planted-1", "planted-2", "planted-raw")).isEmpty(), WAIT))
                            .as("outputs; log:\n%s", app.logTail()).isTrue();
                    String metrics = app.get("/metrics").body();
                    for (String secret : secrets()) {
                        if (metrics.contains(secret)) {
                            leaks.add("/metrics contains " + secret);
                        }
                        for (String topic : List.of(cluster.answers(), cluster.summaries(), cluster.explanations(),
                                cluster.deadLetters())) {
                            for (var r : ledger.records(topic)) {
                                if (new String(r.value(), StandardCharsets.ISO_8859_1).contains(secret)) {
                                    leaks.add(topic + " record contains " + secret);
                                }
                            }
                        }
                    }
                }
                assertThat(app.terminate(Duration.ofSeconds(60))).as("exit after SIGTERM; log:\n%s", app.logTail())
                        .isZero();
            }
            String output = Files.readString(log);
            assertThat(output).as("the configuration was logged")
                    .contains("kafka.ssl.keystore.key=******").contains("kafka.ssl.keystore.certificate.chain=******")
                    .contains("kafka.consumer.client.rack=http://[hidden]@rack-1")
                    .as("Kafka's own configuration dump, scrubbed by the log pattern")
                    .contains("client.rack = http://[hidden]@rack-1");
            for (String secret : secrets()) {
                if (output.contains(secret)) {
                    leaks.add("output line: " + output.lines().filter(l -> l.contains(secret)).findFirst().orElseThrow());
                }
            }
            System.out.printf("PlantedSecretsIT: %d planted secrets searched in %d output lines, /metrics and "
                    + "every record: %d found%n", secrets().size(), output.lines().count(), leaks.size());
            assertThat(leaks).isEmpty();
        }
    }

    @Test
    void aRegistryUrlWithCredentialsIsExitTwoBeforeTheModelLoads() throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kafka.bootstrap.servers", "127.0.0.1:1");
        props.put("headstream.registry.url", "http://" + REGISTRY_URL_USER + ":" + REGISTRY_URL_SECRET + "@127.0.0.1:1");
        props.put("headstream.model.bundle", AppProcess.ROOT.resolve("models/fixture").toString());
        Path config = writeProperties(work.resolve("url.properties"), props);
        Path log = work.resolve("url.log");
        try (AppProcess app = AppProcess.start(List.of("run", "--config", config.toString()), Map.of(), log, -1,
                LOGBACK)) {
            int code = app.awaitExit(Duration.ofSeconds(120));
            String output = Files.readString(log);
            assertThat(code).as("exit code; output:\n%s", output).isEqualTo(2);
            assertThat(output).contains("headstream.registry.url=http://[hidden]@127.0.0.1:1")
                    .contains("must not contain credentials")
                    .doesNotContain(REGISTRY_URL_SECRET).doesNotContain(REGISTRY_URL_USER)
                    .as("refused before the model loads").doesNotContain("loaded model bundle");
        }
    }

    private static List<String> secrets() {
        return List.of(PEM_SECRET, JAAS_SECRET, PASSWORD_TYPED_SECRET, URL_IN_VALUE_SECRET, ENV_SECRET, SET_SECRET);
    }
}
