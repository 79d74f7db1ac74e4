package io.headstream.registry;

import io.headstream.registry.WireFormatException.Reason;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format records: checks the magic byte, fetches the writer schema by the
 * id in the header (cached), and decodes the Avro bytes, resolving the writer schema into the
 * reader schema when they differ, so a record written with an older compatible schema reads as
 * the current class. Every failure is a {@link WireFormatException} with a {@link Reason}.
 * A {@code null} payload (tombstone) reads as {@code null}.
 *
 * <p>Datum readers are cached per writer schema id together with the result of the
 * reader/writer compatibility check; each thread reuses its own decoder.
 *
 * @param <T> a generated {@code SpecificRecord} class or {@code GenericRecord}
 */
public final class AvroDeserializer<T extends IndexedRecord> implements Deserializer<T> {

    private final SchemaRegistryClient client;
    private final Schema readerSchema;
    private final GenericData model;
    private final boolean isKey;
    private final Map<Integer, ReaderForId<T>> readers = new ConcurrentHashMap<>();
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    /**
     * @param readerSchema the schema to read into; null reads each record with its writer schema
     */
    AvroDeserializer(SchemaRegistryClient client, Schema readerSchema, GenericData model, boolean isKey) {
        this.client = client;
        this.readerSchema = readerSchema;
        this.model = model;
        this.isKey = isKey;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length == 0) {
            throw new WireFormatException(Reason.TRUNCATED_PAYLOAD, topic, -1, "Cannot deserialize " + what(topic)
                    + ": the payload is empty (0 bytes); a registry-framed record has at least "
                    + WireFormat.HEADER_SIZE + " header bytes", null);
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new WireFormatException(Reason.UNKNOWN_MAGIC_BYTE, topic, -1, "Cannot deserialize " + what(topic)
                    + ": unknown magic byte 0x" + String.format("%02x", data[0] & 0xFF)
                    + " (expected 0x00); the record was not written with a Schema Registry serializer", null);
        }
        if (data.length < WireFormat.HEADER_SIZE) {
            throw new WireFormatException(Reason.TRUNCATED_PAYLOAD, topic, -1, "Cannot deserialize " + what(topic)
                    + ": the payload has " + data.length + " bytes, fewer than the " + WireFormat.HEADER_SIZE + "-byte header", null);
        }
        int id = WireFormat.schemaId(data);
        ReaderForId<T> reader = reader(topic, id);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                data.length - WireFormat.HEADER_SIZE, decoders.get());
        decoders.set(decoder);
        T record;
        try {
            record = reader.reader().read(null, decoder);
        } catch (EOFException e) {
            throw new WireFormatException(Reason.TRUNCATED_PAYLOAD, topic, id, "Cannot deserialize " + what(topic)
                    + ": the payload (" + data.length + " bytes) ends before the record written with schema id " + id + " is complete", e);
        } catch (IOException | RuntimeException e) {
            // Any runtime exception of the reader is a property of these bytes, never of the app:
            // malformed lengths, impossible collection sizes ("Cannot read collections larger than
            // ..." is an UnsupportedOperationException), wrong branch types. It must surface as a
            // deserialization failure of this record, not as a processing failure.
            throw new WireFormatException(Reason.SCHEMA_MISMATCH, topic, id, "Cannot deserialize " + what(topic)
                    + ": the bytes are not a valid Avro encoding of schema id " + id + " (" + reader.writerName() + "): " + e, e);
        }
        try {
            if (!decoder.isEnd()) {
                throw new WireFormatException(Reason.SCHEMA_MISMATCH, topic, id, "Cannot deserialize " + what(topic)
                        + ": bytes are left over after reading a record of schema id " + id + " (" + reader.writerName()
                        + "); the payload was written with a different schema", null);
            }
        } catch (IOException e) {
            throw new WireFormatException(Reason.SCHEMA_MISMATCH, topic, id, "Cannot deserialize " + what(topic) + ": " + e, e);
        }
        return record;
    }

    private ReaderForId<T> reader(String topic, int id) {
        ReaderForId<T> cached = readers.get(id);
        if (cached == null) {
            Schema writer = writerSchema(topic, id);
            cached = readerFor(writer);
            readers.put(id, cached);
        }
        if (cached.incompatibility() != null) {
            throw new WireFormatException(Reason.SCHEMA_MISMATCH, topic, id, "Cannot deserialize " + what(topic)
                    + ": it was written with schema id " + id + " (" + cached.writerName() + "), which cannot be read as "
                    + readerSchema.getFullName() + ": " + cached.incompatibility(), null);
        }
        return cached;
    }

    private Schema writerSchema(String topic, int id) {
        try {
            return client.getById(id);
        } catch (SchemaRegistryException e) {
            if (e.notFound()) {
                throw new WireFormatException(Reason.UNKNOWN_SCHEMA_ID, topic, id, "Cannot deserialize " + what(topic)
                        + ": unknown schema id " + id + ", the Schema Registry at " + client.url() + " has no schema with this id", e);
            }
            throw new WireFormatException(Reason.REGISTRY_UNAVAILABLE, topic, id, "Cannot deserialize " + what(topic)
                    + ": the Schema Registry could not return schema id " + id + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private ReaderForId<T> readerFor(Schema writer) {
        Schema reader = readerSchema == null ? writer : readerSchema;
        if (readerSchema != null) {
            SchemaPairCompatibility c = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
            if (c.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                StringBuilder why = new StringBuilder();
                for (Incompatibility i : c.getResult().getIncompatibilities()) {
                    why.append(why.length() == 0 ? "" : "; ").append(i.getType()).append(" at ").append(i.getLocation())
                            .append(": ").append(i.getMessage());
                }
                return new ReaderForId<>(null, writer.getFullName(), why.toString());
            }
        }
        return new ReaderForId<>((DatumReader<T>) model.createDatumReader(writer, reader), writer.getFullName(), null);
    }

    private String what(String topic) {
        return (isKey ? "key" : "value") + " from topic '" + topic + "'";
    }

    @Override
    public void close() {
        // The owning AvroSerde closes the client.
    }

    /** The datum reader for one writer schema id, or why that writer cannot be read. */
    private record ReaderForId<T>(DatumReader<T> reader, String writerName, String incompatibility) {}
}
