package io.headstream.registry;

import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serde} for Avro records in Confluent's wire format, backed by a Schema Registry.
 * Generated classes ({@link #specific}) read older compatible writer schemas into the current
 * class; {@link GenericRecord}s ({@link #generic}) read into a given reader schema or, without
 * one, as written.
 *
 * <p>Either hand it a client and settings (the usual way in this code base, one client shared by
 * all serdes) or let Kafka {@link #configure} it from properties, in which case it builds and
 * owns a client and closes it on {@link #close()}.
 *
 * @param <T> a generated {@code SpecificRecord} class or {@code GenericRecord}
 */
public final class AvroSerde<T extends IndexedRecord> implements Serde<T> {

    private final Schema readerSchema;
    private final GenericData model;
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private AvroSerializer<T> serializer;
    private AvroDeserializer<T> deserializer;

    /** An unconfigured {@code GenericRecord} serde reading with writer schemas, for Kafka's reflective instantiation. */
    public AvroSerde() {
        this(null, GenericData.get());
    }

    private AvroSerde(Schema readerSchema, GenericData model) {
        this.readerSchema = readerSchema;
        this.model = model;
    }

    /** An unconfigured serde for {@code type}; call {@link #configure} before use. */
    public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type) {
        TrustedAvroPackages.trust(type);
        SpecificData model = SpecificData.getForClass(type);
        return new AvroSerde<>(model.getSchema(type), model);
    }

    /** A ready serde for the generated class {@code type}. */
    public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type, SchemaRegistryClient client,
            AvroSerdeConfig config, boolean isKey) {
        AvroSerde<T> serde = specific(type);
        serde.wire(client, config, isKey, false);
        return serde;
    }

    /** An unconfigured {@code GenericRecord} serde; {@code readerSchema} null reads records as written. */
    public static AvroSerde<GenericRecord> generic(Schema readerSchema) {
        return new AvroSerde<>(readerSchema, GenericData.get());
    }

    /** A ready {@code GenericRecord} serde; {@code readerSchema} null reads records as written. */
    public static AvroSerde<GenericRecord> generic(Schema readerSchema, SchemaRegistryClient client,
            AvroSerdeConfig config, boolean isKey) {
        AvroSerde<GenericRecord> serde = generic(readerSchema);
        serde.wire(client, config, isKey, false);
        return serde;
    }

    /**
     * Builds a client from {@code configs} ({@link RegistryClientConfig} keys) and the serde
     * settings ({@link AvroSerdeConfig} keys); the serde owns that client.
     *
     * @throws org.apache.kafka.common.config.ConfigException listing every invalid key
     * @throws IllegalStateException when the serde was already given a client
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (client != null) {
            throw new IllegalStateException("This AvroSerde already has a client (" + client.url()
                    + "); configure() is only for serdes created without one");
        }
        AvroSerdeConfig serdeConfig = AvroSerdeConfig.fromMap(configs);
        wire(SchemaRegistryClient.create(RegistryClientConfig.fromMap(configs)), serdeConfig, isKey, true);
    }

    private void wire(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey, boolean owns) {
        this.client = Objects.requireNonNull(client, "client");
        Objects.requireNonNull(config, "config");
        this.ownsClient = owns;
        this.serializer = new AvroSerializer<>(client, config, isKey, model);
        this.deserializer = new AvroDeserializer<>(client, readerSchema, model, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        requireConfigured();
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        requireConfigured();
        return deserializer;
    }

    /** The client this serde uses. */
    public SchemaRegistryClient client() {
        requireConfigured();
        return client;
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    private void requireConfigured() {
        if (client == null) {
            throw new IllegalStateException("AvroSerde is not configured: create it with a client or call configure(props, isKey)");
        }
    }
}
