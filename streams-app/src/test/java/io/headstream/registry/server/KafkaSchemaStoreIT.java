package io.headstream.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headstream.embedded.EmbeddedKafkaBroker;
import io.headstream.registry.AvroSerde;
import io.headstream.registry.AvroSerdeConfig;
import io.headstream.registry.CompatibilityLevel;
import io.headstream.registry.RegistryClientConfig;
import io.headstream.registry.SchemaRegistryClient;
import io.headstream.schema.Answer;
import io.headstream.schema.ModelIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka-backed store against a real in-process KRaft broker: the topic is created compacted
 * with one partition, records use Confluent's JSON layout, and ids and versions survive a
 * restart of the registry and of the broker.
 */
class KafkaSchemaStoreIT {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final Schema V1 = new Schema.Parser().parse(EmbeddedSchemaRegistryApiTest.V1);
    static final Schema V2 = new Schema.Parser().parse(EmbeddedSchemaRegistryApiTest.V2);

    @TempDir
    static Path dir;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.builder(dir.resolve("kafka")).build();
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    static String uniqueTopic() {
        return "_schemas-" + UUID.randomUUID().toString().substring(0, 8);
    }

    EmbeddedSchemaRegistry registryOn(String topic) {
        // The tests set compatibility levels over HTTP, which the registry refuses unless enabled.
        return EmbeddedSchemaRegistry.builder().configWritesEnabled(true)
                .store(new KafkaSchemaStore(broker.bootstrapServers(), topic, (short) 1, TIMEOUT)).build().start();
    }

    @Test
    void topicIsCompactedSinglePartitionAndHoldsConfluentRecords() throws Exception {
        String topic = uniqueTopic();
        try (EmbeddedSchemaRegistry registry = registryOn(topic);
                SchemaRegistryClient client = SchemaRegistryClient.create(RegistryClientConfig.builder(registry.url()).build())) {
            client.register("users-value", V1);
            client.setCompatibility(null, CompatibilityLevel.FULL);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            String policy = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                    .get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG).value();

            assertThat(d.partitions()).hasSize(1);
            assertThat(policy).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        List<ConsumerRecord<String, String>> records = readAll(topic, 2);
        assertThat(records.get(0).key()).isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"users-value\",\"version\":1,\"magic\":1}");
        assertThat(records.get(0).value()).contains("\"id\":1").contains("\"deleted\":false").contains("\"schema\":");
        assertThat(records.get(1).key()).isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}");
        assertThat(records.get(1).value()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
    }

    @Test
    void idsVersionsAndConfigSurviveARegistryRestart() {
        String topic = uniqueTopic();
        int answerId;
        byte[] written;
        try (EmbeddedSchemaRegistry registry = registryOn(topic);
                SchemaRegistryClient client = SchemaRegistryClient.create(RegistryClientConfig.builder(registry.url()).build())) {
            client.register("users-value", V1);
            client.register("users-value", V2);
            client.setCompatibility("users-value", CompatibilityLevel.NONE);
            AvroSerde<Answer> serde = AvroSerde.specific(Answer.class, client, AvroSerdeConfig.defaults(), false);
            written = serde.serializer().serialize("answers", StoreTestRecords.answer());
            answerId = client.latest("answers-value").id();
        }

        try (EmbeddedSchemaRegistry restarted = registryOn(topic);
                SchemaRegistryClient client = SchemaRegistryClient.create(RegistryClientConfig.builder(restarted.url()).build())) {
            assertThat(client.versions("users-value")).containsExactly(1, 2);
            assertThat(client.getById(answerId)).isEqualTo(Answer.getClassSchema());
            assertThat(client.compatibility("users-value")).isEqualTo(CompatibilityLevel.NONE);
            assertThat(client.register("models-value", ModelIdentity.getClassSchema())).isEqualTo(answerId + 1);
            AvroSerde<Answer> serde = AvroSerde.specific(Answer.class, client, AvroSerdeConfig.defaults(), false);
            assertThat(serde.deserializer().deserialize("answers", written)).isEqualTo(StoreTestRecords.answer());
        }
    }

    @Test
    void idsSurviveABrokerRestart() throws Exception {
        String topic = uniqueTopic();
        try (EmbeddedSchemaRegistry registry = registryOn(topic);
                SchemaRegistryClient client = SchemaRegistryClient.create(RegistryClientConfig.builder(registry.url()).build())) {
            assertThat(client.register("users-value", V1)).isEqualTo(1);
        }
        broker.stop();
        broker.start();

        try (EmbeddedSchemaRegistry registry = registryOn(topic);
                SchemaRegistryClient client = SchemaRegistryClient.create(RegistryClientConfig.builder(registry.url()).build())) {
            assertThat(client.register("users-value", V1)).isEqualTo(1);
            assertThat(client.register("people-value", ModelIdentity.getClassSchema())).isEqualTo(2);
        }
    }

    @Test
    void unreachableKafkaFailsStartWithAClearError() {
        KafkaSchemaStore store = new KafkaSchemaStore("127.0.0.1:1", uniqueTopic(), (short) 1, Duration.ofSeconds(2));

        assertThatThrownBy(() -> EmbeddedSchemaRegistry.builder().store(store).build().start())
                .isInstanceOf(RegistryError.class).hasMessageContaining("127.0.0.1:1");
        store.close();
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic, int expected) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        assertThat(out).as("records in %s", topic).hasSize(expected);
        out.forEach(r -> assertThat(r.key().getBytes(StandardCharsets.UTF_8)).isNotEmpty());
        return out;
    }
}
