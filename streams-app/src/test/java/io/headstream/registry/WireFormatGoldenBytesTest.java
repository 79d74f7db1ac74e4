package io.headstream.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.schema.ModelIdentity;
import io.headstream.schema.Provenance;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact checks of the wire format against encodings worked out by hand from the Avro
 * specification: magic byte 0, big-endian 4-byte schema id, then zig-zag varints for int/long,
 * a zig-zag length before string bytes, the branch index before a union value and the symbol
 * index for an enum. The first schema registered in a fresh registry gets id 1.
 */
class WireFormatGoldenBytesTest {

    private final String url = TestRecords.memUrl();
    private final SchemaRegistryClient client = SchemaRegistryClient.create(RegistryClientConfig.builder(url).build());

    @AfterEach
    void tearDown() {
        InMemoryRegistries.drop(InMemoryRegistries.scopeOf(url));
    }

    @Test
    void modelIdentityStringsAreLengthPrefixed() {
        AvroSerde<ModelIdentity> serde = AvroSerde.specific(ModelIdentity.class, client, AvroSerdeConfig.defaults(), false);

        byte[] bytes = serde.serializer().serialize("models", new ModelIdentity("m", "1", "ab"));

        assertThat(bytes).containsExactly(
                0x00,                   // magic byte
                0x00, 0x00, 0x00, 0x01, // schema id 1, big-endian
                0x02, 'm',              // name: length 1 (zig-zag 2), "m"
                0x02, '1',              // version: length 1, "1"
                0x04, 'a', 'b');        // sha256: length 2 (zig-zag 4), "ab"
        assertThat(serde.deserializer().deserialize("models", bytes)).isEqualTo(new ModelIdentity("m", "1", "ab"));
    }

    @Test
    void provenanceIntsLongsAndTimestampsAreZigZagVarints() {
        AvroSerde<Provenance> serde = AvroSerde.specific(Provenance.class, client, AvroSerdeConfig.defaults(), false);
        Provenance p = new Provenance("t", 3, 300L, Instant.ofEpochMilli(1), Instant.ofEpochMilli(-1));

        byte[] bytes = serde.serializer().serialize("provenance", p);

        assertThat(bytes).containsExactly(
                0x00, 0x00, 0x00, 0x00, 0x01,
                0x02, 't',              // topic "t"
                0x06,                   // partition 3 -> zig-zag 6
                0xD8, 0x04,             // offset 300 -> zig-zag 600 = 0b100_1011000 -> 0xD8 0x04
                0x02,                   // event_time 1 ms -> zig-zag 2
                0x01);                  // processed_time -1 ms -> zig-zag 1
    }

    @Test
    void unionBranchAndEnumSymbolAreIndexes() {
        Schema tiny = new Schema.Parser().parse("""
                {"type":"record","name":"Tiny","namespace":"t","fields":[
                  {"name":"n","type":["null","int"],"default":null},
                  {"name":"e","type":{"type":"enum","name":"E","symbols":["A","B"]}}]}""");
        GenericRecord r = new GenericData.Record(tiny);
        r.put("n", -2);
        r.put("e", new GenericData.EnumSymbol(tiny.getField("e").schema(), "B"));
        AvroSerde<GenericRecord> serde = AvroSerde.generic(tiny, client, AvroSerdeConfig.defaults(), false);

        byte[] bytes = serde.serializer().serialize("tiny", r);

        assertThat(bytes).containsExactly(0x00, 0x00, 0x00, 0x00, 0x01,
                0x02,   // union branch 1 (int)
                0x03,   // -2 -> zig-zag 3
                0x02);  // enum symbol index 1 (B)
    }

    @Test
    void handWrittenBytesDeserialize() {
        AvroSerde<ModelIdentity> serde = AvroSerde.specific(ModelIdentity.class, client, AvroSerdeConfig.defaults(), false);
        client.register("models-value", ModelIdentity.getClassSchema()); // id 1

        ModelIdentity read = serde.deserializer().deserialize("models",
                new byte[] {0, 0, 0, 0, 1, 0x04, 'h', 's', 0x06, '1', '.', '0', 0x00});

        assertThat(read).isEqualTo(new ModelIdentity("hs", "1.0", ""));
    }

    @Test
    void schemaIdIsBigEndian() {
        byte[] header = new byte[WireFormat.HEADER_SIZE];

        WireFormat.writeHeader(header, 0x01020304);
        assertThat(header).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04);
        assertThat(WireFormat.schemaId(header)).isEqualTo(0x01020304);

        WireFormat.writeHeader(header, 0x80FF0001);
        assertThat(header).containsExactly(0x00, 0x80, 0xFF, 0x00, 0x01);
        assertThat(WireFormat.schemaId(header)).isEqualTo(0x80FF0001);
    }
}
