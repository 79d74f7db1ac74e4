package io.headstream.registry;

import io.headstream.registry.WireFormatException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records in Confluent's wire format: registers (or looks up) the record's schema
 * under the subject its {@link SubjectNameStrategy} names, then writes magic byte, schema id and
 * the Avro binary encoding. Thread-safe (a Kafka producer may be shared): schema ids come from
 * the caching client, datum writers are cached per schema, and each thread reuses its own buffer
 * and encoder. A {@code null} record is written as {@code null} (a tombstone).
 *
 * @param <T> a generated {@code SpecificRecord} class or {@code GenericRecord}
 */
public final class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {

    private final SchemaRegistryClient client;
    private final AvroSerdeConfig config;
    private final boolean isKey;
    private final GenericData model;
    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    /** Schema ids by topic and schema: the hot path allocates no subject string. */
    private final Map<String, Map<Schema, Integer>> ids = new ConcurrentHashMap<>();
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    AvroSerializer(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey, GenericData model) {
        this.client = client;
        this.config = config;
        this.isKey = isKey;
        this.model = model;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        Schema schema = record.getSchema();
        int id = schemaId(topic, schema);
        Buffers b = buffers.get();
        b.out.reset();
        byte[] header = new byte[WireFormat.HEADER_SIZE];
        WireFormat.writeHeader(header, id);
        b.out.write(header, 0, header.length);
        b.encoder = EncoderFactory.get().binaryEncoder(b.out, b.encoder);
        try {
            writer(schema).write(record, b.encoder);
            b.encoder.flush();
        } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
            // A buffered encoder would flush the failed record's bytes into the next one.
            b.encoder = null;
            throw new WireFormatException(Reason.SCHEMA_MISMATCH, topic, id, "Cannot serialize " + what(topic)
                    + ": the " + schema.getFullName() + " record does not match its own schema (schema id " + id + "): " + e, e);
        }
        return b.out.toByteArray();
    }

    private int schemaId(String topic, Schema schema) {
        Map<Schema, Integer> byTopic = ids.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        Integer id = byTopic.get(schema);
        if (id == null) {
            id = registeredId(topic, schema);
            byTopic.put(schema, id);
        }
        return id;
    }

    private int registeredId(String topic, Schema schema) {
        String subject;
        try {
            subject = config.strategy(isKey).subject(topic, isKey, schema);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(Reason.SCHEMA_MISMATCH, topic, -1, "Cannot serialize " + what(topic) + ": " + e.getMessage(), e);
        }
        try {
            return config.autoRegister() ? client.register(subject, schema) : client.lookup(subject, schema).id();
        } catch (SchemaRegistryException e) {
            if (e.unavailable() || e.status() == 401 || e.status() == 403) {
                throw new WireFormatException(Reason.REGISTRY_UNAVAILABLE, topic, -1, "Cannot serialize " + what(topic)
                        + ": the Schema Registry could not register or look up schema " + schema.getFullName()
                        + " under subject '" + subject + "': " + e.getMessage(), e);
            }
            String why = e.notFound() && !config.autoRegister()
                    ? "schema " + schema.getFullName() + " is not registered under subject '" + subject
                            + "' and " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + " is false"
                    : "the Schema Registry rejected schema " + schema.getFullName() + " for subject '" + subject + "'";
            throw new WireFormatException(Reason.SCHEMA_MISMATCH, topic, -1, "Cannot serialize " + what(topic) + ": " + why
                    + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private DatumWriter<T> writer(Schema schema) {
        return writers.computeIfAbsent(schema, s -> (DatumWriter<T>) model.createDatumWriter(s));
    }

    private String what(String topic) {
        return (isKey ? "key" : "value") + " for topic '" + topic + "'";
    }

    @Override
    public void close() {
        // The owning AvroSerde closes the client.
    }

    /** Per-thread output buffer and encoder, reused across records. */
    private static final class Buffers {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder;
    }

}
