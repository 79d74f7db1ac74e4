package io.headstream.embedded;

import io.headstream.registry.server.EmbeddedSchemaRegistry;
import io.headstream.registry.server.KafkaSchemaStore;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The embedded default: an in-process KRaft broker and a schema registry that keeps its schemas
 * in the broker's compacted {@code _schemas} topic, both on loopback, with data under one work
 * directory so that a second start finds the topics, offsets and schema ids of the first.
 */
public final class EmbeddedStack implements AutoCloseable {
    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;

    private EmbeddedStack(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry) {
        this.broker = broker;
        this.registry = registry;
    }

    /** Starts the broker, then the registry on it; returns when both answer. */
    public static EmbeddedStack start(Path workDir) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(workDir.resolve("kafka")).build();
        broker.start();
        try {
            KafkaSchemaStore store = new KafkaSchemaStore(broker.bootstrapServers(), KafkaSchemaStore.DEFAULT_TOPIC,
                    (short) 1, Duration.ofSeconds(30));
            EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder().store(store).port(0).build().start();
            return new EmbeddedStack(broker, registry);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    /** Creates the topics that do not exist yet, with the given partition count and replication 1. */
    public void createTopics(int partitions, String... names) {
        broker.createMissingTopics(java.util.Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList());
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.close();
        }
    }
}
