package io.headstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headstream.security.TestCertificate;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process KRaft broker against real Kafka clients: transactions, restarts, SASL_SSL. */
class EmbeddedKafkaBrokerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path workDir;

    @Test
    void readCommittedConsumerSeesCommittedTransactionsAndNotAbortedOnes() {
        String topic = "tx-" + UUID.randomUUID();
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(workDir).build()) {
            kafka.start();
            kafka.createTopics(2, topic);

            try (KafkaProducer<String, String> producer = transactionalProducer(kafka, "tx-" + topic)) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "k1", "committed-1"));
                producer.send(new ProducerRecord<>(topic, "k2", "committed-2"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "k3", "aborted"));
                producer.flush();
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "k4", "committed-3"));
                producer.commitTransaction();
            }

            // The committed marker after the last transaction lets read_committed reach the end,
            // so reading exactly three values and no more is a complete check.
            assertThat(readValues(kafka, topic, "read_committed", 3))
                    .containsExactlyInAnyOrder("committed-1", "committed-2", "committed-3");
            assertThat(readValues(kafka, topic, "read_uncommitted", 4)).contains("aborted");
        }
    }

    @Test
    void restartOnTheSameWorkDirectoryKeepsClusterIdPortsAndData() throws Exception {
        String topic = "restart-" + UUID.randomUUID();
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(workDir).build();
        try (kafka) {
            kafka.start();
            String clusterId = kafka.clusterId();
            String bootstrap = kafka.bootstrapServers();
            kafka.createTopics(1, topic);
            try (KafkaProducer<String, String> producer = transactionalProducer(kafka, "tx-" + topic)) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "a", "before-restart"));
                producer.commitTransaction();
            }

            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            assertThat(Files.exists(kafka.dataDir().resolve("meta.properties"))).isTrue();
            kafka.start();

            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(readValues(kafka, topic, "read_committed", 1)).containsExactly("before-restart");
            // A second start creates only what is missing (the demo's second run): plain
            // createTopics refuses the existing topic, createMissingTopics keeps it and its data.
            String added = topic + "-added";
            assertThatThrownBy(() -> kafka.createTopics(1, topic)).isInstanceOf(EmbeddedBrokerException.class)
                    .hasMessageContaining("already exists");
            kafka.createMissingTopics(List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(added, 1, (short) 1)));
            assertThat(readValues(kafka, topic, "read_committed", 1)).containsExactly("before-restart");
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains(topic, added);
            }
            // The transaction coordinator's state survived too: the same transactional id fences
            // and continues instead of failing.
            try (KafkaProducer<String, String> producer = transactionalProducer(kafka, "tx-" + topic)) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "b", "after-restart"));
                producer.commitTransaction();
            }
            assertThat(readValues(kafka, topic, "read_committed", 2))
                    .containsExactly("before-restart", "after-restart");
        }
        // A second broker object on the same directory reuses it rather than reformatting.
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.builder(workDir).build()) {
            again.start();
            assertThat(again.clusterId()).isEqualTo(kafka.clusterId());
            assertThat(readValues(again, topic, "read_committed", 2))
                    .containsExactly("before-restart", "after-restart");
        }
    }

    @Test
    void creatingAnExistingTopicFailsNamingIt() {
        String topic = "dup-" + UUID.randomUUID();
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(workDir).build()) {
            kafka.start();
            kafka.createTopics(1, topic);
            assertThatThrownBy(() -> kafka.createTopics(1, topic))
                    .isInstanceOf(EmbeddedBrokerException.class)
                    .hasMessageContaining(topic);
        }
    }

    @Test
    void startFailsNamingTheAddressWhenThePortIsTakenAndTheJvmLivesOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(workDir).clientPort(taken.getLocalPort()).build()) {
            assertThatThrownBy(kafka::start)
                    .isInstanceOf(EmbeddedBrokerException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("Address already in use");
            assertThat(kafka.isRunning()).isFalse();
        }
    }

    @Test
    void saslSslListenerAcceptsScramUsersAndRejectsWrongPasswords() throws Exception {
        String topic = "secure-" + UUID.randomUUID();
        String storePassword = UUID.randomUUID().toString();
        SaslSslListener listener = new SaslSslListener(0, TestCertificate.create(workDir, "broker", storePassword).store(),
                "PKCS12", storePassword, Map.of("alice", "alice-secret"));
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(workDir).saslSsl(listener).build()) {
            kafka.start();
            kafka.createTopics(1, topic);

            Map<String, Object> alice = kafka.saslSslClientProperties("alice");
            assertThat(alice.get("bootstrap.servers")).isEqualTo(kafka.saslSslBootstrapServers())
                    .isNotEqualTo(kafka.bootstrapServers());
            try (KafkaProducer<String, String> producer = transactionalProducer(alice, "tx-" + topic)) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "k", "over-sasl-ssl"));
                producer.commitTransaction();
            }
            assertThat(readValues(alice, topic, "read_committed", 1)).containsExactly("over-sasl-ssl");

            Map<String, Object> intruder = kafka.saslSslClientProperties("alice");
            intruder.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"alice\" password=\"wrong\";");
            intruder.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WAIT.toMillis());
            try (KafkaProducer<String, String> producer =
                         new KafkaProducer<>(intruder, new StringSerializer(), new StringSerializer())) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get())
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(EmbeddedKafkaBroker kafka, String txId) {
        return transactionalProducer(kafka.clientProperties(), txId);
    }

    private static KafkaProducer<String, String> transactionalProducer(Map<String, Object> clientProps, String txId) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txId);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WAIT.toMillis());
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /**
     * Reads from the beginning until {@code expected} records arrived, then polls once more to
     * catch any record that should not be there; fails if fewer arrive within the wait.
     */
    private static List<String> readValues(EmbeddedKafkaBroker kafka, String topic, String isolation, int expected) {
        return readValues(kafka.clientProperties(), topic, isolation, expected);
    }

    private static List<String> readValues(Map<String, Object> clientProps, String topic, String isolation,
                                           int expected) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                values.add(r.value());
            }
        }
        assertThat(values).as("records read from %s (%s)", topic, isolation).hasSize(expected);
        return values;
    }
}
