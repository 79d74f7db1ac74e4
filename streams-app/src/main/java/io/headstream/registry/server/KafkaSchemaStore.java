package io.headstream.registry.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SchemaStore} that is a compacted, single-partition Kafka topic ({@code _schemas} by
 * default), like Confluent's reference registry: the topic is the source of truth, so schema ids
 * survive a restart of the registry (and of an embedded broker that keeps its log directory).
 *
 * <p>{@link #start} creates the topic when it is missing and reads it from the beginning to its
 * end. {@link #append} produces the record, then reads the topic until that record comes back,
 * applying everything read on the way; a write is therefore visible to the registry exactly when
 * it is in the topic. One registry instance writes to a topic; this store does not coordinate
 * several writers.
 */
public final class KafkaSchemaStore implements SchemaStore {

    /** The topic name Confluent's registry uses. */
    public static final String DEFAULT_TOPIC = "_schemas";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaStore.class);

    private final String bootstrapServers;
    private final String topic;
    private final short replication;
    private final Duration timeout;
    private final TopicPartition partition;
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Consumer<StoreRecord> sink;

    /**
     * @param bootstrapServers the Kafka cluster
     * @param topic the store topic, e.g. {@link #DEFAULT_TOPIC}
     * @param replication replication factor used when the topic has to be created (1 for embedded)
     * @param timeout bound on topic creation, on the start-up replay and on each write
     */
    public KafkaSchemaStore(String bootstrapServers, String topic, short replication, Duration timeout) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.replication = replication;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.partition = new TopicPartition(topic, 0);
    }

    @Override
    public synchronized void start(Consumer<StoreRecord> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
        ensureTopic();
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // A registry write waits for its record anyway: send it at once.
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1000),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1000),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis(),
                ProducerConfig.CLIENT_ID_CONFIG, "schema-registry-store-producer-" + topic),
                new ByteArraySerializer(), new ByteArraySerializer());
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG, "schema-registry-store-reader-" + topic),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
        int replayed = readUntil(end);
        LOG.info("Schema store {} replayed {} records up to offset {}", topic, replayed, end);
    }

    @Override
    public synchronized void append(StoreRecord record) {
        if (producer == null) {
            throw new IllegalStateException("start() must be called before append()");
        }
        RecordMetadata written;
        try {
            written = producer.send(new ProducerRecord<>(topic, 0, StoreRecordJson.key(record), StoreRecordJson.value(record)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw RegistryError.timeout("writing to schema store topic '" + topic + "' at " + bootstrapServers
                    + " took longer than " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw RegistryError.store("cannot write to schema store topic '" + topic + "' at " + bootstrapServers
                    + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryError.store("interrupted while writing to topic '" + topic + "'", e);
        }
        readUntil(written.offset() + 1);
    }

    /** Reads and applies records until the consumer's position reaches {@code endOffset}. */
    private int readUntil(long endOffset) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int applied = 0;
        while (consumer.position(partition, timeout) < endOffset) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw RegistryError.timeout("reading schema store topic '" + topic + "' up to offset " + endOffset
                        + " took longer than " + timeout.toMillis() + " ms (at " + consumer.position(partition) + ")");
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofNanos(Math.min(left, Duration.ofMillis(200).toNanos())))) {
                StoreRecord decoded;
                try {
                    decoded = StoreRecordJson.decode(r.key(), r.value());
                } catch (IllegalArgumentException e) {
                    throw RegistryError.store("record at offset " + r.offset() + " of topic '" + topic
                            + "' is not a registry record: " + e.getMessage(), e);
                }
                if (decoded != null) {
                    sink.accept(decoded);
                    applied++;
                }
            }
        }
        return applied;
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1000),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1000)))) {
            Set<String> names = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (names.contains(topic)) {
                int partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size();
                if (partitions != 1) {
                    throw RegistryError.store("schema store topic '" + topic + "' has " + partitions
                            + " partitions; it must have exactly 1 so the log has one order", null);
                }
                return;
            }
            NewTopic newTopic = new NewTopic(topic, 1, replication)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("Created schema store topic {} (compacted, 1 partition, replication {})", topic, replication);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (ExecutionException e) {
            throw RegistryError.store("cannot create or describe schema store topic '" + topic + "' at "
                    + bootstrapServers + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw RegistryError.timeout("Kafka at " + bootstrapServers + " did not answer within "
                    + timeout.toMillis() + " ms while preparing schema store topic '" + topic + "'");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryError.store("interrupted while preparing topic '" + topic + "'", e);
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        if (consumer != null) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            consumer = null;
        }
    }
}
