package io.headstream.topology;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Whether an output record's serialized value stays within a byte limit, cheaply for the usual
 * small record: an upper bound on its Avro binary size is computed from the record itself (a
 * string of n UTF-16 units takes at most 3n bytes plus a 5-byte length, any other field at most
 * 10 bytes), and only a record whose bound is over the limit is serialized to measure it.
 */
final class RecordSize {
    /** The Confluent wire-format header (magic byte + schema id) and then some. */
    private static final int HEADER_BYTES = 16;

    private RecordSize() {}

    /** True when {@code value}, serialized for {@code topic}, takes at most {@code maxBytes}. */
    static <V extends IndexedRecord> boolean fits(String topic, V value, Serializer<V> serializer, int maxBytes) {
        if (HEADER_BYTES + bound(value) <= maxBytes) {
            return true;
        }
        byte[] bytes = serializer.serialize(topic, value);
        return bytes == null || bytes.length <= maxBytes;
    }

    /** An upper bound on the Avro binary encoding of {@code datum}, in bytes. */
    static long bound(Object datum) {
        if (datum == null) {
            return 10;
        }
        if (datum instanceof CharSequence s) {
            return 5 + 3L * s.length();
        }
        if (datum instanceof ByteBuffer b) {
            return 5 + b.remaining();
        }
        if (datum instanceof IndexedRecord r) {
            long n = 0;
            for (Schema.Field f : r.getSchema().getFields()) {
                n += 2 + bound(r.get(f.pos()));
            }
            return n;
        }
        if (datum instanceof Collection<?> items) {
            long n = 10;
            for (Object item : items) {
                n += bound(item);
            }
            return n;
        }
        if (datum instanceof Map<?, ?> map) {
            long n = 10;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                n += bound(e.getKey()) + bound(e.getValue());
            }
            return n;
        }
        return 10;
    }
}
