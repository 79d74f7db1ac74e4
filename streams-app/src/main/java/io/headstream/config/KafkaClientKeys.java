package io.headstream.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Knows which keys Kafka Streams and its clients accept, so a misspelt {@code kafka.*} key is
 * reported at start-up instead of being ignored by Kafka with a warning.
 */
public final class KafkaClientKeys {
    private static final List<String> CLIENT_PREFIXES = List.of(
            StreamsConfig.PRODUCER_PREFIX, StreamsConfig.CONSUMER_PREFIX, StreamsConfig.MAIN_CONSUMER_PREFIX,
            StreamsConfig.RESTORE_CONSUMER_PREFIX, StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX);
    private static final Set<String> KNOWN = known();

    private KafkaClientKeys() {}

    /** True for a key Kafka Streams or one of its clients defines, optionally with a client prefix. */
    public static boolean isKnown(String key) {
        if (KNOWN.contains(key) || key.startsWith(StreamsConfig.TOPIC_PREFIX)) {
            return true;
        }
        for (String prefix : CLIENT_PREFIXES) {
            if (key.startsWith(prefix) && KNOWN.contains(key.substring(prefix.length()))) {
                return true;
            }
        }
        // Per-mechanism SASL login keys such as listener.name.x.scram-sha-512.sasl.jaas.config.
        return key.startsWith("listener.name.");
    }

    private static Set<String> known() {
        Set<String> names = new HashSet<>(StreamsConfig.configDef().names());
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Set.copyOf(names);
    }
}
