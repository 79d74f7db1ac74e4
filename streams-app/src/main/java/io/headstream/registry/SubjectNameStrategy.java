package io.headstream.registry;

import java.util.Locale;
import org.apache.avro.Schema;

/**
 * Names the subject a record's schema is registered under. {@link #TOPIC} (the default) gives
 * {@code <topic>-value} / {@code <topic>-key}, so each topic evolves its own schema;
 * {@link #RECORD} gives the record's full name, so one record type evolves once across all the
 * topics that carry it.
 */
@FunctionalInterface
public interface SubjectNameStrategy {

    /** {@code <topic>-key} or {@code <topic>-value}. */
    SubjectNameStrategy TOPIC = (topic, isKey, schema) -> topic + (isKey ? "-key" : "-value");

    /** The record's full name, e.g. {@code io.headstream.schema.Answer}. */
    SubjectNameStrategy RECORD = (topic, isKey, schema) -> {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("RecordNameStrategy needs a record schema, got " + schema.getType());
        }
        return schema.getFullName();
    };

    /** The subject for a record of {@code schema} written to {@code topic}. */
    String subject(String topic, boolean isKey, Schema schema);

    /**
     * Looks a strategy up by name: {@code topic} or {@code record} (case-insensitive), or
     * Confluent's class names ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy},
     * {@code ...RecordNameStrategy}) so Confluent-style properties work unchanged.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    static SubjectNameStrategy forName(String name) {
        String n = name == null ? "" : name.trim();
        int dot = n.lastIndexOf('.');
        String simple = (dot >= 0 ? n.substring(dot + 1) : n).toLowerCase(Locale.ROOT);
        return switch (simple) {
            case "topic", "topicnamestrategy" -> TOPIC;
            case "record", "recordnamestrategy" -> RECORD;
            default -> throw new IllegalArgumentException("Unknown subject name strategy '" + name
                    + "'; use topic, record, or Confluent's TopicNameStrategy/RecordNameStrategy class name");
        };
    }
}
