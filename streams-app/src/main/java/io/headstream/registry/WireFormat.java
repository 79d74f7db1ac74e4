package io.headstream.registry;

/**
 * Confluent's wire format for a registry-encoded record: one magic byte {@code 0x00}, the
 * schema id as a 4-byte big-endian int, then the Avro binary encoding of the record with that
 * schema. Every Confluent client (Java, Python, Node, Go, .NET) reads and writes this framing.
 */
public final class WireFormat {

    /** The first byte of every framed record. */
    public static final byte MAGIC_BYTE = 0x0;
    /** Magic byte plus schema id. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {}

    /** Writes the 5-byte header for {@code schemaId} into {@code out[0..5)}. */
    public static void writeHeader(byte[] out, int schemaId) {
        out[0] = MAGIC_BYTE;
        out[1] = (byte) (schemaId >>> 24);
        out[2] = (byte) (schemaId >>> 16);
        out[3] = (byte) (schemaId >>> 8);
        out[4] = (byte) schemaId;
    }

    /** The schema id of a framed record whose header has already been validated. */
    public static int schemaId(byte[] framed) {
        return ((framed[1] & 0xFF) << 24) | ((framed[2] & 0xFF) << 16) | ((framed[3] & 0xFF) << 8) | (framed[4] & 0xFF);
    }
}
