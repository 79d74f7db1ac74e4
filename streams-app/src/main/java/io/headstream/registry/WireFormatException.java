package io.headstream.registry;

import java.util.Locale;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be framed or unframed: bad header, unknown schema, bytes that do not fit
 * the schema, or no registry to ask. {@link #reason()} says which, in a fixed set the streaming
 * layer uses as the dead-letter reason and metric tag; the message says what exactly, naming
 * the topic and schema id.
 */
public class WireFormatException extends SerializationException {

    /** Why a record could not be (de)serialized. */
    public enum Reason {
        /** The first byte is not Confluent's magic byte 0: not a registry-framed record. */
        UNKNOWN_MAGIC_BYTE,
        /** The registry has no schema with the id in the header. */
        UNKNOWN_SCHEMA_ID,
        /** The bytes end before the header or the record is complete. */
        TRUNCATED_PAYLOAD,
        /** The bytes or the record do not match the schema (another schema, incompatible, invalid). */
        SCHEMA_MISMATCH,
        /** The registry could not be reached or failed; transient. */
        REGISTRY_UNAVAILABLE;

        /** Lowercase code, e.g. {@code unknown_schema_id}: bounded, safe as a metric tag. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;
    private final String topic;
    private final int schemaId;

    public WireFormatException(Reason reason, String topic, int schemaId, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.topic = topic;
        this.schemaId = schemaId;
    }

    public Reason reason() {
        return reason;
    }

    /** The topic of the record. */
    public String topic() {
        return topic;
    }

    /** The schema id involved, or -1 when none was known. */
    public int schemaId() {
        return schemaId;
    }
}
