package io.headstream.topology;

import io.headstream.redact.LogText;
import io.headstream.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Builds {@link DeadLetter} records: original bytes, where they came from, what failed and why.
 * The message is rendered with {@link LogText#message}: whoever reads dead letters tends to print
 * them, and exception messages can quote the event or carry a secret.
 */
public final class DeadLetters {
    private static final int MAX_MESSAGE_CHARS = 2000;

    private final String applicationId;

    public DeadLetters(String applicationId) {
        this.applicationId = applicationId;
    }

    public DeadLetter of(SourceRecordRef source, DeadLetterReason reason, String message, Throwable error) {
        return of(source.topic(), source.partition(), source.offset(), source.key(), source.value(),
                reason, message, error);
    }

    public DeadLetter of(String topic, int partition, long offset, byte[] key, byte[] value,
            DeadLetterReason reason, String message, Throwable error) {
        String text = LogText.message(
                message != null ? message : (error != null ? String.valueOf(error.getMessage()) : reason.code()),
                MAX_MESSAGE_CHARS);
        return DeadLetter.newBuilder()
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
                .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
                .setSourceTopic(topic == null ? "" : topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setStage(reason.stage())
                .setReason(reason.code())
                .setErrorClass(error == null ? null : error.getClass().getName())
                .setErrorMessage(text)
                .setTime(Instant.now())
                .setAppId(applicationId)
                .build();
    }
}
