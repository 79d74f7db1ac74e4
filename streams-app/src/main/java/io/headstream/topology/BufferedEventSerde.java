package io.headstream.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary encoding of a buffered input record in the batch store and its changelog topic.
 * Versioned by a leading byte so the layout can change with a rolling upgrade; internal state,
 * so it needs no schema registry.
 *
 * <p>Layout v1: {@code 0x01}, enqueue wall-clock ms (8), timestamp (8), partition (4), offset (8),
 * topic length (4) + UTF-8, key length (4, -1 for null) + bytes, value length (4, -1 for null) +
 * bytes.
 */
public final class BufferedEventSerde implements Serde<BufferedEventSerde.BufferedEvent> {
    private static final byte VERSION = 1;

    /** An input record waiting in the batch store, and when it started waiting. */
    public record BufferedEvent(SourceRecordRef source, long enqueuedAtMs) {}

    @Override
    public Serializer<BufferedEvent> serializer() {
        return (topic, e) -> {
            if (e == null) {
                return null;
            }
            SourceRecordRef s = e.source();
            byte[] t = s.topic().getBytes(StandardCharsets.UTF_8);
            int size = 1 + 8 + 8 + 4 + 8 + 4 + t.length + 4 + len(s.key()) + 4 + len(s.value());
            ByteBuffer buf = ByteBuffer.allocate(size);
            buf.put(VERSION).putLong(e.enqueuedAtMs()).putLong(s.timestamp()).putInt(s.partition()).putLong(s.offset());
            buf.putInt(t.length).put(t);
            putBytes(buf, s.key());
            putBytes(buf, s.value());
            return buf.array();
        };
    }

    @Override
    public Deserializer<BufferedEvent> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try {
                ByteBuffer buf = ByteBuffer.wrap(data);
                byte version = buf.get();
                if (version != VERSION) {
                    throw new SerializationException("batch store entry has layout version " + version
                            + ", this build reads " + VERSION);
                }
                long enqueued = buf.getLong();
                long timestamp = buf.getLong();
                int partition = buf.getInt();
                long offset = buf.getLong();
                byte[] t = new byte[buf.getInt()];
                buf.get(t);
                byte[] key = getBytes(buf);
                byte[] value = getBytes(buf);
                return new BufferedEvent(new SourceRecordRef(new String(t, StandardCharsets.UTF_8), partition, offset,
                        timestamp, key, value), enqueued);
            } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
                throw new SerializationException("truncated batch store entry of " + data.length + " bytes", e);
            }
        };
    }

    private static int len(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static void putBytes(ByteBuffer buf, byte[] b) {
        if (b == null) {
            buf.putInt(-1);
        } else {
            buf.putInt(b.length).put(b);
        }
    }

    private static byte[] getBytes(ByteBuffer buf) {
        int n = buf.getInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        buf.get(b);
        return b;
    }
}
