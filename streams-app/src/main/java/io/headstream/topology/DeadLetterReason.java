package io.headstream.topology;

import io.headstream.schema.FailureStage;
import java.util.Locale;

/**
 * Why a record was dead-lettered: a fixed set, so the {@code reason} metric tag stays bounded and
 * consumers of the dead-letter topic can switch on it.
 */
public enum DeadLetterReason {
    NULL_VALUE(FailureStage.VALIDATION),
    UNKNOWN_MAGIC_BYTE(FailureStage.DESERIALIZATION),
    UNKNOWN_SCHEMA_ID(FailureStage.DESERIALIZATION),
    TRUNCATED_PAYLOAD(FailureStage.DESERIALIZATION),
    SCHEMA_MISMATCH(FailureStage.DESERIALIZATION),
    REGISTRY_UNAVAILABLE(FailureStage.DESERIALIZATION),
    NOT_DESERIALIZABLE(FailureStage.DESERIALIZATION),
    MISSING_EVENT_ID(FailureStage.VALIDATION),
    EMPTY_QUESTION(FailureStage.VALIDATION),
    EMPTY_CONTEXT(FailureStage.VALIDATION),
    QUESTION_TOO_LONG(FailureStage.VALIDATION),
    CONTEXT_TOO_LONG(FailureStage.VALIDATION),
    INVALID_TEXT(FailureStage.VALIDATION),
    UNSUPPORTED_TARGET_HEAD(FailureStage.VALIDATION),
    INFERENCE_FAILED(FailureStage.INFERENCE),
    OUTPUT_NOT_SERIALIZABLE(FailureStage.SERIALIZATION),
    OUTPUT_TOO_LARGE(FailureStage.SERIALIZATION),
    OUTPUT_NOT_PRODUCED(FailureStage.PRODUCTION),
    REPEATED_FAILURE(FailureStage.PROCESSING),
    PROCESSING_FAILED(FailureStage.PROCESSING);

    private final FailureStage stage;

    DeadLetterReason(FailureStage stage) {
        this.stage = stage;
    }

    public FailureStage stage() {
        return stage;
    }

    /** The lowercase code written to the dead letter and used as the metric tag. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
