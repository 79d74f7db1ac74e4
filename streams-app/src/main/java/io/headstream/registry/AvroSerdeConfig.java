package io.headstream.registry;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of an {@link AvroSerde} beyond how to reach the registry: whether to register
 * schemas and how to name subjects. Keys are Confluent's, so one property set configures
 * both; they are declared once in {@link #CONFIG_DEF} together with the registry keys of
 * {@link RegistryClientConfig}.
 *
 * @param autoRegister register the writer schema on first use; when false the schema must
 *     already be registered under the subject
 * @param keySubjectStrategy subject naming for keys
 * @param valueSubjectStrategy subject naming for values
 */
public record AvroSerdeConfig(boolean autoRegister, SubjectNameStrategy keySubjectStrategy, SubjectNameStrategy valueSubjectStrategy) {

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

    /** Serde keys plus every key of {@link RegistryClientConfig#CONFIG_DEF}. */
    public static final ConfigDef CONFIG_DEF = new ConfigDef(RegistryClientConfig.CONFIG_DEF)
            .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register the writer schema under its subject on first serialize; false requires it to be registered already.")
            .define(KEY_SUBJECT_NAME_STRATEGY, Type.STRING, "topic", new StrategyValidator(), Importance.LOW,
                    "Subject naming for keys: topic (<topic>-key), record (full record name), or Confluent's strategy class name.")
            .define(VALUE_SUBJECT_NAME_STRATEGY, Type.STRING, "topic", new StrategyValidator(), Importance.LOW,
                    "Subject naming for values: topic (<topic>-value), record (full record name), or Confluent's strategy class name.");

    /** Auto-registration with topic-named subjects. */
    public static AvroSerdeConfig defaults() {
        return new AvroSerdeConfig(true, SubjectNameStrategy.TOPIC, SubjectNameStrategy.TOPIC);
    }

    /** This config with {@code autoRegister} changed. */
    public AvroSerdeConfig withAutoRegister(boolean autoRegister) {
        return new AvroSerdeConfig(autoRegister, keySubjectStrategy, valueSubjectStrategy);
    }

    /** This config with one strategy for keys and values. */
    public AvroSerdeConfig withSubjectStrategy(SubjectNameStrategy strategy) {
        return new AvroSerdeConfig(autoRegister, strategy, strategy);
    }

    /** The strategy for keys or values. */
    public SubjectNameStrategy strategy(boolean isKey) {
        return isKey ? keySubjectStrategy : valueSubjectStrategy;
    }

    /**
     * Reads the serde keys from Kafka-style properties (the registry keys are read by
     * {@link RegistryClientConfig#fromMap}); validates the registry keys too, so one exception
     * lists every problem.
     *
     * @throws ConfigException listing each invalid or missing key
     */
    public static AvroSerdeConfig fromMap(Map<String, ?> props) {
        Map<String, Object> v = RegistryClientConfig.parseAll(CONFIG_DEF, props);
        return new AvroSerdeConfig((Boolean) v.get(AUTO_REGISTER_SCHEMAS),
                SubjectNameStrategy.forName((String) v.get(KEY_SUBJECT_NAME_STRATEGY)),
                SubjectNameStrategy.forName((String) v.get(VALUE_SUBJECT_NAME_STRATEGY)));
    }

    private static final class StrategyValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                SubjectNameStrategy.forName((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "topic, record, or a Confluent strategy class name";
        }
    }
}
