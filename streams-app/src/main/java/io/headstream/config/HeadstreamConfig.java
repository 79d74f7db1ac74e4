package io.headstream.config;

import io.headstream.redact.SecretText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The validated configuration: typed application values plus the Kafka client properties passed
 * through from {@code kafka.*} keys. Built only by {@link #from}, which reports every problem at
 * once.
 */
public final class HeadstreamConfig {
    /** Prefix of keys passed through to Kafka clients with the prefix removed. */
    public static final String KAFKA_PREFIX = "kafka.";

    private final Map<String, Object> values;
    private final Map<String, String> rawValues;
    private final Map<String, String> kafka;

    private HeadstreamConfig(Map<String, Object> values, Map<String, String> rawValues, Map<String, String> kafka) {
        this.values = values;
        this.rawValues = rawValues;
        this.kafka = kafka;
    }

    /**
     * Parses and validates raw values.
     *
     * @param raw merged raw values, see {@link ConfigSources#load}
     * @param kafkaKeyIsKnown tells whether a pass-through Kafka key (prefix removed) is one Kafka knows
     * @throws ConfigException listing every unknown key, unparsable or invalid value and missing key
     */
    public static HeadstreamConfig from(Map<String, ConfigSources.Raw> raw, Predicate<String> kafkaKeyIsKnown) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> rawValues = new LinkedHashMap<>();
        Map<String, String> kafka = new TreeMap<>();
        for (Map.Entry<String, ConfigSources.Raw> e : raw.entrySet()) {
            String name = e.getKey();
            if (name.startsWith(KAFKA_PREFIX)) {
                String kafkaKey = name.substring(KAFKA_PREFIX.length());
                if (!kafkaKeyIsKnown.test(kafkaKey)) {
                    problems.add(name + " (" + e.getValue().origin() + "): unknown Kafka client key '" + kafkaKey + "'");
                } else {
                    kafka.put(kafkaKey, e.getValue().value());
                }
            } else if (!HeadstreamKeys.BY_NAME.containsKey(name)) {
                problems.add(name + " (" + e.getValue().origin() + "): unknown key"
                        + suggestion(name).map(s -> "; did you mean " + s + "?").orElse(""));
            }
        }
        for (ConfigKey<?> key : HeadstreamKeys.ALL) {
            ConfigSources.Raw given = raw.get(key.name());
            String value = given != null ? given.value() : key.defaultValue();
            String origin = given != null ? given.origin() : "default";
            if (value == null || (value.isEmpty() && given != null && key.required())) {
                if (key.required()) {
                    problems.add(key.name() + ": required but not set (set it in the config file, or "
                            + key.environmentVariable() + ")");
                }
                continue;
            }
            parse(key, value, origin, problems).ifPresent(v -> {
                values.put(key.name(), v);
                rawValues.put(key.name(), value);
            });
        }
        if (!kafka.containsKey("bootstrap.servers")) {
            problems.add(KAFKA_PREFIX + "bootstrap.servers: required but not set (or "
                    + ConfigSources.KAFKA_ENV_PREFIX + "BOOTSTRAP_SERVERS)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new HeadstreamConfig(values, rawValues, kafka);
    }

    private static <T> Optional<T> parse(ConfigKey<T> key, String value, String origin, List<String> problems) {
        T parsed;
        try {
            parsed = key.parser().apply(value);
        } catch (IllegalArgumentException e) {
            problems.add(key.name() + "=" + key.display(value) + " (" + origin + "): " + e.getMessage());
            return Optional.empty();
        }
        Optional<String> invalid = key.validator().apply(parsed);
        if (invalid.isPresent()) {
            problems.add(key.name() + "=" + key.display(value) + " (" + origin + "): " + invalid.get());
            return Optional.empty();
        }
        return Optional.of(parsed);
    }

    private static Optional<String> suggestion(String name) {
        return HeadstreamKeys.ALL.stream()
                .map(ConfigKey::name)
                .filter(k -> editDistance(k, name) <= 3)
                .findFirst();
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** The typed value of an application key (its default when unset); null for an unset optional key. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        return (T) values.get(key.name());
    }

    /** Optional keys without a default. */
    public <T> Optional<T> find(ConfigKey<T> key) {
        return Optional.ofNullable(get(key));
    }

    /** Kafka client properties from the {@code kafka.*} keys, prefix removed. */
    public Properties kafkaProperties() {
        Properties props = new Properties();
        props.putAll(kafka);
        return props;
    }

    /** One line per key with secrets masked, for the start-up log. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (ConfigKey<?> key : HeadstreamKeys.ALL) {
            lines.add(key.name() + "=" + key.display(rawValues.get(key.name())));
        }
        kafka.forEach((k, v) -> lines.add(KAFKA_PREFIX + k + "="
                + (KafkaClientKeys.isSecret(k) ? ConfigKey.MASK : SecretText.scrub(v))));
        return lines;
    }

    /** Every value of a secret-typed key (registry and Kafka), so tests can scan output for leaks. */
    public List<String> secretValues() {
        List<String> secrets = new ArrayList<>();
        for (ConfigKey<?> key : HeadstreamKeys.ALL) {
            if (key.secret() && rawValues.get(key.name()) != null) {
                secrets.add(rawValues.get(key.name()));
            }
        }
        kafka.forEach((k, v) -> {
            if (KafkaClientKeys.isSecret(k)) {
                secrets.add(v);
            }
        });
        return secrets;
    }
}
