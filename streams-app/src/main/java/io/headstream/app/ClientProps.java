package io.headstream.app;

import io.headstream.config.HeadstreamConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The subset of the {@code kafka.*} keys a plain producer, consumer or admin client accepts
 * (connection and security settings), so tools that are not Kafka Streams get the same cluster
 * and credentials without warnings about Streams-only keys.
 */
final class ClientProps {
    private ClientProps() {}

    static Map<String, Object> producer(HeadstreamConfig config) {
        return filter(config, ProducerConfig.configNames());
    }

    static Map<String, Object> consumer(HeadstreamConfig config) {
        return filter(config, ConsumerConfig.configNames());
    }

    static Map<String, Object> admin(HeadstreamConfig config) {
        return filter(config, AdminClientConfig.configNames());
    }

    private static Map<String, Object> filter(HeadstreamConfig config, Set<String> accepted) {
        Map<String, Object> out = new HashMap<>();
        config.kafkaProperties().forEach((k, v) -> {
            if (accepted.contains(k.toString())) {
                out.put(k.toString(), v);
            }
        });
        return out;
    }
}
