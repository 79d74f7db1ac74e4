package io.headstream.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.app.HeadstreamCli;
import io.headstream.embedded.EmbeddedKafkaBroker;
import io.headstream.embedded.SaslSslListener;
import io.headstream.reliability.AppProcess;
import io.headstream.reliability.Ledger;
import io.headstream.reliability.TestEvents;
import io.headstream.registry.server.EmbeddedSchemaRegistry;
import io.headstream.registry.server.InMemorySchemaStore;
import io.headstream.schema.QuestionContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app against Kafka over SASL_SSL (SCRAM-SHA-512, the embedded broker's secure listener) and
 * a Schema Registry over HTTPS with basic auth, certificates generated for the run. The broker
 * runs Kafka's StandardAuthorizer and the app's principal holds exactly the ACLs the README lists,
 * so the right credentials processing events proves that list sufficient. A wrong Kafka or
 * registry password, a principal without ACLs, or a registry certificate the app does not trust
 * ends start-up at once with exit code 2 and a message saying what was refused. Every configured secret is then looked for in the app's log (Kafka clients at INFO,
 * headstream at DEBUG), its metrics and the dead letters it wrote: none may appear.
 */
class SecurityIT {
    private static final Duration WAIT = Duration.ofSeconds(240);
    private static final String KAFKA_USER = "headstream-app";
    private static final String KAFKA_PASSWORD = "kafka-Pw-" + UUID.randomUUID();
    /** The test's own producer and reader: a second principal, so the app's ACLs are exactly the README's. */
    private static final String TESTER = "tester";
    private static final String TESTER_PASSWORD = "tester-Pw-" + UUID.randomUUID();
    /** A principal with a password but no ACLs at all. */
    private static final String STRANGER = "stranger";
    private static final String STRANGER_PASSWORD = "stranger-Pw-" + UUID.randomUUID();
    private static final String REGISTRY_USER = "registry-user";
    private static final String REGISTRY_PASSWORD = "registry-Pw-" + UUID.randomUUID();
    private static final String STORE_PASSWORD = "store-Pw-" + UUID.randomUUID();

    @TempDir
    static Path work;

    private static TestCertificate cert;
    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;
    private static final String NAME = "sec-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws Exception {
        cert = TestCertificate.create(work, "localhost", STORE_PASSWORD);
        // With an authorizer: the plaintext and controller listeners' ANONYMOUS principal is the
        // super user that sets things up; everyone else gets only what an ACL grants.
        broker = EmbeddedKafkaBroker.builder(work.resolve("kafka"))
                .saslSsl(new SaslSslListener(0, cert.store(), "PKCS12", STORE_PASSWORD,
                        Map.of(KAFKA_USER, KAFKA_PASSWORD, TESTER, TESTER_PASSWORD, STRANGER, STRANGER_PASSWORD)))
                .serverProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .serverProperty("super.users", "User:ANONYMOUS")
                .serverProperty("allow.everyone.if.no.acl.found", "false")
                .build();
        broker.start();
        List<NewTopic> topics = new ArrayList<>();
        for (String t : List.of("questions", "answers", "summaries", "explanations", "dead-letters")) {
            topics.add(new NewTopic(NAME + "-" + t, 1, (short) 1));
        }
        broker.createTopics(topics);
        grantReadmeAcls();
        registry = EmbeddedSchemaRegistry.builder().store(new InMemorySchemaStore()).https(cert.serverContext())
                .basicAuth(REGISTRY_USER, REGISTRY_PASSWORD).build().start();
    }

    /** The ACLs the README's RELIABILITY section lists, for the app's principal; the tester may do anything with the test's topics. */
    private static void grantReadmeAcls() throws Exception {
        String app = "User:" + KAFKA_USER;
        String appId = "app-" + NAME;
        List<AclBinding> acls = new ArrayList<>();
        acls.addAll(allow(app, ResourceType.TOPIC, NAME + "-questions", PatternType.LITERAL, AclOperation.READ,
                AclOperation.DESCRIBE));
        for (String t : List.of("answers", "summaries", "explanations", "dead-letters")) {
            acls.addAll(allow(app, ResourceType.TOPIC, NAME + "-" + t, PatternType.LITERAL, AclOperation.WRITE,
                    AclOperation.DESCRIBE));
        }
        acls.addAll(allow(app, ResourceType.TOPIC, appId + "-", PatternType.PREFIXED, AclOperation.ALL));
        acls.addAll(allow(app, ResourceType.GROUP, appId, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE));
        acls.addAll(allow(app, ResourceType.TRANSACTIONAL_ID, appId, PatternType.PREFIXED, AclOperation.WRITE,
                AclOperation.DESCRIBE));
        acls.addAll(allow("User:" + TESTER, ResourceType.TOPIC, NAME, PatternType.PREFIXED, AclOperation.ALL));
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static List<AclBinding> allow(String principal, ResourceType type, String name, PatternType pattern,
            AclOperation... operations) {
        List<AclBinding> out = new ArrayList<>();
        for (AclOperation op : operations) {
            out.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
        }
        return out;
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** The app's configuration: SASL_SSL to Kafka, HTTPS + basic auth to the registry, metrics port only. */
    private static Map<String, String> appProperties(int metricsPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", broker.saslSslBootstrapServers());
        p.put("kafka.security.protocol", "SASL_SSL");
        p.put("kafka.sasl.mechanism", SaslSslListener.MECHANISM);
        p.put("kafka.sasl.jaas.config", jaas(KAFKA_PASSWORD));
        p.put("kafka.ssl.truststore.location", cert.store().toString());
        p.put("kafka.ssl.truststore.type", "PKCS12");
        p.put("kafka.ssl.truststore.password", STORE_PASSWORD);
        p.put("kafka.state.dir", work.resolve("state-" + metricsPort).toString());
        p.put("kafka.commit.interval.ms", "100");
        p.put("kafka.num.stream.threads", "1");
        p.put("headstream.registry.url", registry.url());
        p.put("headstream.registry.basic.auth.user.info", REGISTRY_USER + ":" + REGISTRY_PASSWORD);
        p.put("headstream.registry.ssl.truststore.location", cert.store().toString());
        p.put("headstream.registry.ssl.truststore.password", STORE_PASSWORD);
        p.put("headstream.application.id", "app-" + NAME);
        p.put("headstream.topic.input", NAME + "-questions");
        p.put("headstream.topic.answers", NAME + "-answers");
        p.put("headstream.topic.summaries", NAME + "-summaries");
        p.put("headstream.topic.explanations", NAME + "-explanations");
        p.put("headstream.topic.dead-letter", NAME + "-dead-letters");
        p.put("headstream.model.bundle", AppProcess.ROOT.resolve("models/fixture").toString());
        p.put("headstream.batch.max.size", "8");
        p.put("headstream.metrics.port", String.valueOf(metricsPort));
        return p;
    }

    private static String jaas(String password) {
        return jaas(KAFKA_USER, password);
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static Map<String, Object> registryClientProps() {
        return Map.of("schema.registry.url", registry.url(),
                "basic.auth.user.info", REGISTRY_USER + ":" + REGISTRY_PASSWORD,
                "schema.registry.ssl.truststore.location", cert.store().toString(),
                "schema.registry.ssl.truststore.password", STORE_PASSWORD);
    }

    @Test
    void theRightCredentialsWorkAndNoSecretReachesLogsMetricsOrDeadLetters() throws Exception {
        int port = AppProcess.freePort();
        Path config = AppProcess.writeConfig(work.resolve("secure.properties"), appProperties(port));
        Path log = work.resolve("secure.log");
        Map<String, Object> kafka = broker.saslSslClientProperties(TESTER);
        try (AppProcess app = AppProcess.start(config, log, port,
                "-Dlogback.configurationFile=" + AppProcess.ROOT.resolve(
                        "streams-app/src/test/resources/security/logback-verbose.xml"))) {
            assertThat(app.awaitReady(WAIT)).as("ready over SASL_SSL + HTTPS; log:\n%s", app.logTail()).isTrue();
            List<QuestionContext> events = new ArrayList<>(TestEvents.valid("sec-", 0, 6));
            events.add(TestEvents.event("sec-bad", "", "A context."));
            try (TestEvents producer = new TestEvents(kafka, registryClientProps());
                 Ledger ledger = new Ledger(kafka, NAME + "-answers", NAME + "-summaries", NAME + "-explanations",
                         NAME + "-dead-letters")) {
                producer.send(NAME + "-questions", events);
                // A record that is not Avro: its dead letter carries the error text of the deserializer.
                producer.sendRaw(NAME + "-questions", "sec-raw".getBytes(StandardCharsets.UTF_8),
                        "not avro".getBytes(StandardCharsets.UTF_8));
                Set<String> ids = new java.util.LinkedHashSet<>();
                events.forEach(e -> ids.add(e.getEventId()));
                ids.add("sec-raw");
                assertThat(ledger.readUntil(() -> ledger.exactlyOnceProblems(ids).isEmpty(), WAIT))
                        .as("outputs over SASL_SSL; log:\n%s", app.logTail()).isTrue();
                assertThat(ledger.count(NAME + "-dead-letters")).isEqualTo(2);

                String metrics = app.get("/metrics").body();
                List<String> leaks = new ArrayList<>();
                for (String secret : List.of(KAFKA_PASSWORD, REGISTRY_PASSWORD, STORE_PASSWORD, TESTER_PASSWORD)) {
                    if (metrics.contains(secret)) {
                        leaks.add("metrics contain " + secret);
                    }
                    for (String topic : List.of(NAME + "-dead-letters", NAME + "-answers")) {
                        for (var r : ledger.records(topic)) {
                            if (new String(r.value(), StandardCharsets.ISO_8859_1).contains(secret)) {
                                leaks.add(topic + " record contains " + secret);
                            }
                        }
                    }
                }
                assertThat(leaks).isEmpty();
                checkEndpointExposesOnlyMetricsAndHealthOnLoopback(app, port);
            }
            assertThat(app.terminate(Duration.ofSeconds(60))).as("exit after SIGTERM").isZero();
            String text = app.log();
            assertThat(text).contains("headstream.registry.basic.auth.user.info=******")
                    .contains("Kafka Streams REBALANCING -> RUNNING");
            for (String secret : List.of(KAFKA_PASSWORD, REGISTRY_PASSWORD, STORE_PASSWORD, TESTER_PASSWORD)) {
                assertThat(text).as("log (%d lines) free of %s", text.lines().count(), secret).doesNotContain(secret);
            }
            System.out.printf("SecurityIT: SASL_SSL/SCRAM-SHA-512 + HTTPS/basic auth: %d events, 0 secrets in "
                    + "%d log lines, metrics or dead letters%n", events.size() + 1, text.lines().count());
        }
    }

    /** Default bind address: loopback only; the endpoint answers 404 to anything but metrics and health. */
    private static void checkEndpointExposesOnlyMetricsAndHealthOnLoopback(AppProcess app, int port) throws Exception {
        assertThat(app.get("/metrics").statusCode()).isEqualTo(200);
        assertThat(app.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(app.get("/health/ready").statusCode()).isEqualTo(200);
        for (String path : List.of("/", "/admin", "/env", "/metrics/../config", "/health/../../etc/passwd")) {
            assertThat(app.get(path).statusCode()).as(path).isEqualTo(404);
        }
        Optional<InetAddress> external = nonLoopbackAddress();
        external.ifPresent(address -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 2000);
                throw new AssertionError("metrics endpoint reachable on " + address.getHostAddress() + ":" + port);
            } catch (IOException refused) {
                // expected: bound to 127.0.0.1 only
            }
        });
        System.out.printf("SecurityIT: metrics endpoint on 127.0.0.1:%d only (checked %s)%n", port,
                external.map(InetAddress::getHostAddress).orElse("no non-loopback address on this machine"));
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    /** Runs {@code headstream run} in this JVM with {@code overrides}; returns exit code, stderr and seconds taken. */
    private static Result runWith(Map<String, String> overrides) throws Exception {
        Map<String, String> props = new HashMap<>(appProperties(-1));
        props.putAll(overrides);
        Path config = AppProcess.writeConfig(work.resolve("wrong-" + UUID.randomUUID() + ".properties"), props);
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();
        int code = CompletableFuture.supplyAsync(() -> HeadstreamCli.execute(new PrintWriter(new StringWriter()),
                new PrintWriter(err, true), "run", "--config", config.toString())).get(180, TimeUnit.SECONDS);
        return new Result(code, err.toString(), (System.nanoTime() - t0) / 1e9);
    }

    record Result(int code, String err, double seconds) {}

    @Test
    void aWrongKafkaPasswordFailsFastWithExitTwoAndSaysSo() throws Exception {
        String wrong = "wrong-kafka-" + UUID.randomUUID();
        Result r = runWith(Map.of("kafka.sasl.jaas.config", jaas(wrong)));
        System.out.printf("SecurityIT: wrong Kafka password -> exit %d in %.1f s: %s%n", r.code(), r.seconds(),
                r.err().strip());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("refused headstream").contains("Authentication failed")
                .contains("kafka.sasl.jaas.config").doesNotContain(wrong).doesNotContain(KAFKA_PASSWORD);
    }

    @Test
    void aPrincipalWithoutTheAclsFailsFastWithExitTwoAndSaysSo() throws Exception {
        Result r = runWith(Map.of("kafka.sasl.jaas.config", jaas(STRANGER, STRANGER_PASSWORD)));
        System.out.printf("SecurityIT: principal without ACLs -> exit %d in %.1f s: %s%n", r.code(), r.seconds(),
                r.err().strip());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(NAME + "-questions").contains("ACL").doesNotContain(STRANGER_PASSWORD);
    }

    @Test
    void aWrongRegistryPasswordFailsFastWithExitTwoAndSaysSo() throws Exception {
        String wrong = "wrong-registry-" + UUID.randomUUID();
        Result r = runWith(Map.of("headstream.registry.basic.auth.user.info", REGISTRY_USER + ":" + wrong));
        System.out.printf("SecurityIT: wrong registry password -> exit %d in %.1f s: %s%n", r.code(), r.seconds(),
                r.err().strip());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("refused headstream's credentials (HTTP 401)")
                .contains("headstream.registry.basic.auth.user.info").doesNotContain(wrong)
                .doesNotContain(REGISTRY_PASSWORD);
    }

    @Test
    void anUntrustedRegistryCertificateFailsWithExitTwo() throws Exception {
        Map<String, String> props = new HashMap<>(appProperties(-1));
        props.remove("headstream.registry.ssl.truststore.location");
        props.remove("headstream.registry.ssl.truststore.password");
        Path config = AppProcess.writeConfig(work.resolve("untrusted.properties"), props);
        StringWriter err = new StringWriter();
        int code = CompletableFuture.supplyAsync(() -> HeadstreamCli.execute(new PrintWriter(new StringWriter()),
                new PrintWriter(err, true), "run", "--config", config.toString())).get(180, TimeUnit.SECONDS);
        System.out.printf("SecurityIT: untrusted registry certificate -> exit %d: %s%n", code, err.toString().strip());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("TLS with the Schema Registry").contains("headstream.registry.ssl.truststore");
    }
}
