package io.headstream.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Knows which keys Kafka Streams and its clients accept, so a misspelt {@code kafka.*} key is
 * reported at start-up instead of being ignored by Kafka with a warning, and which of them hold
 * secrets: those Kafka itself declares as {@code PASSWORD} (it hides them in its own logs), such
 * as {@code ssl.keystore.key}, {@code ssl.truststore.certificates}, {@code ssl.key.password} and
 * {@code sasl.jaas.config}.
 */
public final class KafkaClientKeys {
    private static final List<String> CLIENT_PREFIXES = List.of(
            StreamsConfig.PRODUCER_PREFIX, StreamsConfig.CONSUMER_PREFIX, StreamsConfig.MAIN_CONSUMER_PREFIX,
            StreamsConfig.RESTORE_CONSUMER_PREFIX, StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX);
    private static final List<ConfigDef> DEFINITIONS = List.of(StreamsConfig.configDef(), ProducerConfig.configDef(),
            ConsumerConfig.configDef(), AdminClientConfig.configDef());
    private static final Set<String> KNOWN = known();
    private static final Set<String> PASSWORDS = passwords();

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

    /**
     * True when the key (optionally with a client prefix) is one Kafka types {@code PASSWORD}. A
     * {@code listener.name.*} key is judged by the Kafka key it ends with; one whose type cannot
     * be told is taken as a secret, since a wrong guess that way only hides a value.
     */
    public static boolean isSecret(String key) {
        String bare = withoutClientPrefix(key);
        if (PASSWORDS.contains(bare)) {
            return true;
        }
        if (KNOWN.contains(bare) || bare.startsWith(StreamsConfig.TOPIC_PREFIX)) {
            return false;
        }
        for (int dot = bare.indexOf('.'); dot >= 0; dot = bare.indexOf('.', dot + 1)) {
            String suffix = bare.substring(dot + 1);
            if (PASSWORDS.contains(suffix)) {
                return true;
            }
            if (KNOWN.contains(suffix)) {
                return false;
            }
        }
        return true;
    }

    private static String withoutClientPrefix(String key) {
        for (String prefix : CLIENT_PREFIXES) {
            if (key.startsWith(prefix)) {
                return key.substring(prefix.length());
            }
        }
        return key;
    }

    private static Set<String> known() {
        Set<String> names = new HashSet<>();
        DEFINITIONS.forEach(def -> names.addAll(def.names()));
        return Set.copyOf(names);
    }

    private static Set<String> passwords() {
        Set<String> names = new HashSet<>();
        DEFINITIONS.forEach(def -> def.configKeys().forEach((name, key) -> {
            if (key.type() == ConfigDef.Type.PASSWORD) {
                names.add(name);
            }
        }));
        return Set.copyOf(names);
    }
}
