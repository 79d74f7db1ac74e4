package io.headstream.app;

import io.headstream.config.HeadstreamConfig;
import io.headstream.config.HeadstreamKeys;
import io.headstream.registry.AvroSerde;
import io.headstream.schema.Answer;
import io.headstream.schema.DeadLetter;
import io.headstream.schema.QuerySummary;
import io.headstream.schema.QuestionContext;
import io.headstream.schema.SpanExplanation;
import io.headstream.topology.Topic;
import io.headstream.topology.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Maps headstream's registry keys onto the serde's (Confluent-named) keys and builds the topics
 * with their serdes. The same map configures the dead-letter exception handler.
 */
final class SerdeSettings {
    private SerdeSettings() {}

    static Map<String, Object> serdeConfig(HeadstreamConfig config) {
        Map<String, Object> map = new HashMap<>();
        map.put("schema.registry.url", config.get(HeadstreamKeys.REGISTRY_URL));
        config.find(HeadstreamKeys.REGISTRY_USER_INFO).ifPresent(v -> map.put("basic.auth.user.info", v));
        config.find(HeadstreamKeys.REGISTRY_TRUSTSTORE).ifPresent(v -> map.put("schema.registry.ssl.truststore.location", v));
        config.find(HeadstreamKeys.REGISTRY_TRUSTSTORE_PASSWORD)
                .ifPresent(v -> map.put("schema.registry.ssl.truststore.password", v));
        map.put("schema.registry.request.timeout.ms", config.get(HeadstreamKeys.REGISTRY_TIMEOUT_MS));
        map.put("schema.registry.max.retries", config.get(HeadstreamKeys.REGISTRY_RETRIES));
        map.put("auto.register.schemas", config.get(HeadstreamKeys.REGISTRY_AUTO_REGISTER));
        map.put("value.subject.name.strategy", config.get(HeadstreamKeys.REGISTRY_SUBJECT_STRATEGY));
        return map;
    }

    static Topics topics(HeadstreamConfig config) {
        Map<String, Object> serde = serdeConfig(config);
        return new Topics(
                new Topic<>(config.get(HeadstreamKeys.INPUT_TOPIC), Serdes.ByteArray(), avro(QuestionContext.class, serde)),
                new Topic<>(config.get(HeadstreamKeys.ANSWERS_TOPIC), Serdes.String(), avro(Answer.class, serde)),
                new Topic<>(config.get(HeadstreamKeys.SUMMARIES_TOPIC), Serdes.String(), avro(QuerySummary.class, serde)),
                new Topic<>(config.get(HeadstreamKeys.EXPLANATIONS_TOPIC), Serdes.String(),
                        avro(SpanExplanation.class, serde)),
                new Topic<>(config.get(HeadstreamKeys.DEAD_LETTER_TOPIC), Serdes.ByteArray(), avro(DeadLetter.class, serde)));
    }

    static <T extends SpecificRecord> Serde<T> avro(Class<T> type, Map<String, Object> config) {
        AvroSerde<T> serde = AvroSerde.specific(type);
        serde.configure(config, false);
        return serde;
    }
}
