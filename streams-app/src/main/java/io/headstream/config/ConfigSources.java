package io.headstream.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Gathers raw key/value pairs from the three sources in precedence order: a properties file, then
 * environment variables, then command-line overrides (each later source wins). Records where each
 * value came from so error messages can say.
 *
 * <p>Environment mapping: an application key {@code headstream.topic.dead-letter} is read from
 * {@code HEADSTREAM_TOPIC_DEAD_LETTER}; a Kafka client key {@code kafka.bootstrap.servers} from
 * {@code HEADSTREAM_KAFKA_BOOTSTRAP_SERVERS} (lower-cased, {@code _} becomes {@code .}). Any other
 * {@code HEADSTREAM_*} variable is reported as unknown, so a typo never passes silently.
 */
public final class ConfigSources {
    public static final String ENV_PREFIX = "HEADSTREAM_";
    static final String KAFKA_ENV_PREFIX = ENV_PREFIX + "KAFKA_";

    /** A raw value and where it came from ({@code file path}, {@code env NAME}, {@code --set}). */
    public record Raw(String value, String origin) {}

    private ConfigSources() {}

    /**
     * Merges the sources.
     *
     * @param file properties file, or null for none
     * @param env the process environment (pass {@code System.getenv()})
     * @param overrides command-line {@code key=value} overrides
     * @throws ConfigException if the file cannot be read or an environment variable is unknown
     */
    public static Map<String, Raw> load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, Raw> merged = new LinkedHashMap<>();
        java.util.List<String> problems = new java.util.ArrayList<>();
        if (file != null) {
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
            } catch (IOException e) {
                throw new ConfigException(java.util.List.of("cannot read config file " + file + ": " + e.getMessage()));
            }
            for (String name : new java.util.TreeSet<>(props.stringPropertyNames())) {
                merged.put(name, new Raw(props.getProperty(name).trim(), "file " + file));
            }
        }
        Map<String, String> envByName = new LinkedHashMap<>();
        for (ConfigKey<?> key : HeadstreamKeys.ALL) {
            envByName.put(key.environmentVariable(), key.name());
        }
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(env).entrySet()) {
            String var = e.getKey();
            if (!var.startsWith(ENV_PREFIX)) {
                continue;
            }
            if (envByName.containsKey(var)) {
                merged.put(envByName.get(var), new Raw(e.getValue().trim(), "env " + var));
            } else if (var.startsWith(KAFKA_ENV_PREFIX) && var.length() > KAFKA_ENV_PREFIX.length()) {
                String kafkaKey = "kafka." + var.substring(KAFKA_ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                merged.put(kafkaKey, new Raw(e.getValue().trim(), "env " + var));
            } else {
                problems.add("env " + var + ": unknown configuration variable");
            }
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            merged.put(e.getKey().trim(), new Raw(e.getValue().trim(), "--set"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return merged;
    }
}
