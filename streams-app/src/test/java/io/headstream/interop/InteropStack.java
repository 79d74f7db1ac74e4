package io.headstream.interop;

import java.nio.file.Path;
import java.time.Duration;

import io.headstream.embedded.EmbeddedKafkaBroker;
import io.headstream.registry.RegistryClientConfig;
import io.headstream.registry.SchemaRegistryClient;
import io.headstream.registry.server.EmbeddedSchemaRegistry;
import io.headstream.registry.server.KafkaSchemaStore;

/**
 * What a Confluent client talks to in these tests: the embedded KRaft broker, the embedded
 * Schema Registry storing its schemas in a Kafka topic on that broker, and our own HTTP registry
 * client pointed at the registry's URL (the same path the application takes).
 */
final class InteropStack implements AutoCloseable {

    private final EmbeddedKafkaBroker kafka;
    private final EmbeddedSchemaRegistry registry;
    private final SchemaRegistryClient client;

    InteropStack(Path workDir) {
        kafka = EmbeddedKafkaBroker.builder(workDir).build();
        kafka.start();
        try {
            registry = EmbeddedSchemaRegistry.builder()
                    .store(new KafkaSchemaStore(kafka.bootstrapServers(), KafkaSchemaStore.DEFAULT_TOPIC,
                            (short) 1, Duration.ofSeconds(30)))
                    .port(0)
                    .build();
            registry.start();
            client = SchemaRegistryClient.create(RegistryClientConfig.builder(registry.url()).build());
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    EmbeddedKafkaBroker kafka() {
        return kafka;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    String registryUrl() {
        return registry.url();
    }

    SchemaRegistryClient registryClient() {
        return client;
    }

    @Override
    public void close() {
        try (kafka; registry; client) {
            // closed in reverse order: client, registry, broker
        }
    }
}
