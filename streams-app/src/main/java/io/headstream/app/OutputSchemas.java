package io.headstream.app;

import io.headstream.registry.AvroSerde;
import io.headstream.registry.AvroSerdeConfig;
import io.headstream.registry.SchemaRegistryException;
import io.headstream.schema.Answer;
import io.headstream.schema.DeadLetter;
import io.headstream.schema.QuerySummary;
import io.headstream.schema.SpanExplanation;
import io.headstream.topology.Topic;
import io.headstream.topology.Topics;
import java.util.Map;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers (or, with auto-registration off, looks up) the four output schemas through the very
 * serdes the topology writes with, before the first record. Their clients cache the ids, so a
 * Schema Registry outage later in the run cannot stop an output whose schema had not been used
 * yet; without this, an outage before a run's first answer failed every output of that run.
 * A registry that cannot answer right now is only a warning (the ids are then fetched on first
 * use, as before); a refusal (an unregistered schema with auto-registration off, an incompatible
 * schema) is a start-up error naming the subject.
 */
final class OutputSchemas {
    private static final Logger LOG = LoggerFactory.getLogger(OutputSchemas.class);

    private OutputSchemas() {}

    static void warm(Topics topics, Map<String, Object> serdeConfig) {
        AvroSerdeConfig config = AvroSerdeConfig.fromMap(serdeConfig);
        warm(topics.answers(), Answer.getClassSchema(), config);
        warm(topics.summaries(), QuerySummary.getClassSchema(), config);
        warm(topics.explanations(), SpanExplanation.getClassSchema(), config);
        warm(topics.deadLetters(), DeadLetter.getClassSchema(), config);
    }

    private static void warm(Topic<?, ?> topic, Schema schema, AvroSerdeConfig config) {
        if (!(topic.valueSerde() instanceof AvroSerde<?> serde)) {
            return;
        }
        String subject = config.strategy(false).subject(topic.name(), false, schema);
        try {
            int id = config.autoRegister() ? serde.client().register(subject, schema)
                    : serde.client().lookup(subject, schema).id();
            LOG.debug("output schema {} is id {} under subject {}", schema.getFullName(), id, subject);
        } catch (SchemaRegistryException e) {
            if (e.unavailable()) {
                LOG.warn("could not register output schema {} under subject {} now ({}); it will be on first use",
                        schema.getFullName(), subject, e.getMessage());
                return;
            }
            throw new StartupException("the Schema Registry refused output schema " + schema.getFullName()
                    + " under subject '" + subject + "' (" + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + "="
                    + config.autoRegister() + "): " + e.getMessage(), e);
        }
    }
}
