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
    /** Bytes a dead letter takes besides the original key and value, at most (message, names, ids). */
    static final int OVERHEAD_BYTES = 4 * MAX_MESSAGE_CHARS + 4096;
    /** A larger input key is left out of a bounded dead letter and of its record key. */
    static final int MAX_KEPT_KEY_BYTES = 64 * 1024;

    private final String applicationId;

    public DeadLetters(String applicationId) {
        this.applicationId = applicationId;
    }

    public DeadLetter of(SourceRecordRef source, DeadLetterReason reason, String message, Throwable error) {
        return of(source.topic(), source.partition(), source.offset(), source.key(), source.value(),
                reason, message, error);
    }

    /**
     * As {@link #of(SourceRecordRef, DeadLetterReason, String, Throwable)}, but small enough to
     * be produced: when the original value (and, if need be, the key) would take the dead letter
     * over {@code maxBytes}, it is left out and the message says so and where to read it (the
     * input topic holds it at that offset until its retention ends).
     */
    public DeadLetter bounded(SourceRecordRef source, DeadLetterReason reason, String message, Throwable error,
            int maxBytes) {
        long key = len(source.key());
        long value = len(source.value());
        if (key + value + OVERHEAD_BYTES <= maxBytes) {
            return of(source, reason, message, error);
        }
        boolean keepKey = key + OVERHEAD_BYTES <= maxBytes && key <= MAX_KEPT_KEY_BYTES;
        String note = (message != null ? message : reason.code()) + " [original value (" + value + " bytes)"
                + (keepKey ? "" : " and key (" + key + " bytes)") + " left out: over the " + maxBytes
                + "-byte output limit; read it at " + source.topic() + "-" + source.partition() + "@" + source.offset()
                + "]";
        return of(source.topic(), source.partition(), source.offset(), keepKey ? source.key() : null, null, reason,
                note, error);
    }

    /** The record key a dead letter for {@code source} is sent with: its input's key, unless that is huge. */
    static byte[] recordKey(SourceRecordRef source) {
        return len(source.key()) <= MAX_KEPT_KEY_BYTES ? source.key() : null;
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

    private static int len(byte[] b) {
        return b == null ? 0 : b.length;
    }
}
