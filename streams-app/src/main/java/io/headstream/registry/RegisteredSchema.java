package io.headstream.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject: the subject, its version number within the subject, the global
 * schema id and the schema itself.
 *
 * @param subject the subject, e.g. {@code answers-value}
 * @param version the version within the subject, starting at 1
 * @param id the registry-wide schema id written into every record's wire-format header
 * @param schema the parsed schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
