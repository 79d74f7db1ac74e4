package io.headstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.headstream.registry.WireFormatException.Reason;
import io.headstream.schema.Answer;
import io.headstream.schema.ModelIdentity;
import io.headstream.schema.QuestionContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every typed failure of the serde, with its reason, schema id and a message naming the topic. */
class WireFormatFailuresTest {

    private final String url = TestRecords.memUrl();
    private final SchemaRegistryClient client = SchemaRegistryClient.create(RegistryClientConfig.builder(url).build());
    private final AvroSerde<Answer> answers = AvroSerde.specific(Answer.class, client, AvroSerdeConfig.defaults(), false);

    @AfterEach
    void tearDown() {
        InMemoryRegistries.drop(InMemoryRegistries.scopeOf(url));
    }

    private WireFormatException readFails(byte[] bytes) {
        return catchThrowableOfType(WireFormatException.class, () -> answers.deserializer().deserialize("answers", bytes));
    }

    @Test
    void unknownMagicByte() {
        byte[] bytes = answers.serializer().serialize("answers", TestRecords.answer());
        bytes[0] = 0x01;

        WireFormatException e = readFails(bytes);

        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_MAGIC_BYTE);
        assertThat(e.getMessage()).contains("topic 'answers'").contains("magic byte 0x01");
    }

    @Test
    void plainJsonIsAnUnknownMagicByte() {
        assertThat(readFails("{\"event_id\":\"e\"}".getBytes()).reason()).isEqualTo(Reason.UNKNOWN_MAGIC_BYTE);
    }

    @Test
    void emptyAndShortPayloadsAreTruncated() {
        assertThat(readFails(new byte[0]).reason()).isEqualTo(Reason.TRUNCATED_PAYLOAD);
        WireFormatException e = readFails(new byte[] {0, 0, 0});
        assertThat(e.reason()).isEqualTo(Reason.TRUNCATED_PAYLOAD);
        assertThat(e.getMessage()).contains("3 bytes");
    }

    @Test
    void bodyCutShortIsTruncated() {
        byte[] full = answers.serializer().serialize("answers", TestRecords.answer());

        WireFormatException e = readFails(Arrays.copyOf(full, full.length - 20));

        assertThat(e.reason()).isEqualTo(Reason.TRUNCATED_PAYLOAD);
        assertThat(e.schemaId()).isEqualTo(WireFormat.schemaId(full));
    }

    @Test
    void unknownSchemaId() {
        WireFormatException e = readFails(new byte[] {0, 0, 0, 0x03, (byte) 0xE7, 2, 'x'});

        assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA_ID);
        assertThat(e.schemaId()).isEqualTo(999);
        assertThat(e.getMessage()).contains("unknown schema id 999").contains(url);
        assertThat(e.reason().code()).isEqualTo("unknown_schema_id");
    }

    @Test
    void recordOfAnIncompatibleSchemaIsAMismatch() {
        AvroSerde<QuestionContext> questions = AvroSerde.specific(QuestionContext.class, client, AvroSerdeConfig.defaults(), false);
        byte[] question = questions.serializer().serialize("mixed", TestRecords.question());

        WireFormatException e = readFails(question);

        assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH);
        assertThat(e.getMessage()).contains("io.headstream.schema.QuestionContext").contains("io.headstream.schema.Answer")
                .contains("NAME_MISMATCH");
    }

    @Test
    void bytesOfAnotherSchemaUnderARegisteredIdAreAMismatch() {
        Schema oneString = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"OneString\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
        int id = client.register("other-value", oneString);
        byte[] model = AvroSerde.specific(ModelIdentity.class, client, AvroSerdeConfig.defaults(), false)
                .serializer().serialize("models", new ModelIdentity("m", "1", "ab"));
        WireFormat.writeHeader(model, id); // ModelIdentity's three strings framed as OneString
        AvroSerde<GenericRecord> generic = AvroSerde.generic(null, client, AvroSerdeConfig.defaults(), false);

        WireFormatException e = catchThrowableOfType(WireFormatException.class,
                () -> generic.deserializer().deserialize("models", model));

        assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH);
        assertThat(e.getMessage()).contains("left over").contains("schema id " + id);
    }

    @Test
    void negativeLengthIsAMismatch() {
        int id = client.register("models-value", ModelIdentity.getClassSchema());
        AvroSerde<ModelIdentity> models = AvroSerde.specific(ModelIdentity.class, client, AvroSerdeConfig.defaults(), false);

        WireFormatException e = catchThrowableOfType(WireFormatException.class,
                () -> models.deserializer().deserialize("models", new byte[] {0, 0, 0, 0, (byte) id, 0x01}));

        assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH);
    }

    @Test
    void incompatibleRegistrationOnSerializeIsAMismatch() {
        Schema v1 = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
        Schema v2 = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}]}");
        client.register("rs-value", v1);
        GenericRecord r = new GenericData.Record(v2);
        r.put("a", "x");
        r.put("b", 1);
        AvroSerde<GenericRecord> serde = AvroSerde.generic(null, client, AvroSerdeConfig.defaults(), false);

        WireFormatException e = catchThrowableOfType(WireFormatException.class, () -> serde.serializer().serialize("rs", r));

        assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH);
        assertThat(e.getMessage()).contains("rs-value").contains("error_code 409").contains("READER_FIELD_MISSING_DEFAULT_VALUE");
    }

    @Test
    void unregisteredSchemaWithoutAutoRegisterIsAMismatch() {
        AvroSerde<Answer> strict = AvroSerde.specific(Answer.class, client, AvroSerdeConfig.defaults().withAutoRegister(false), false);

        WireFormatException e = catchThrowableOfType(WireFormatException.class,
                () -> strict.serializer().serialize("answers", TestRecords.answer()));

        assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH);
        assertThat(e.getMessage()).contains("not registered under subject 'answers-value'").contains("auto.register.schemas");
        assertThat(client.subjects()).isEmpty();
    }

    @Test
    void registeredSchemaWithoutAutoRegisterIsLookedUp() {
        int id = client.register("answers-value", Answer.getClassSchema());
        AvroSerde<Answer> strict = AvroSerde.specific(Answer.class, client, AvroSerdeConfig.defaults().withAutoRegister(false), false);

        assertThat(WireFormat.schemaId(strict.serializer().serialize("answers", TestRecords.answer()))).isEqualTo(id);
    }

    @Test
    void recordViolatingItsOwnSchemaIsAMismatch() {
        Answer broken = TestRecords.answer();
        broken.setText(null);

        WireFormatException e = catchThrowableOfType(WireFormatException.class,
                () -> answers.serializer().serialize("answers", broken));

        assertThat(e.reason()).isEqualTo(Reason.SCHEMA_MISMATCH);
        assertThat(e.getMessage()).contains("value for topic 'answers'");
    }

    @Test
    void aFailedRecordLeavesNoBytesBehindForTheNext() {
        byte[] clean = answers.serializer().serialize("answers", TestRecords.answer());
        Answer broken = TestRecords.answer();
        broken.setModel(null); // fails after event_id, text, offsets and score were encoded

        catchThrowableOfType(WireFormatException.class, () -> answers.serializer().serialize("answers", broken));

        assertThat(answers.serializer().serialize("answers", TestRecords.answer())).isEqualTo(clean);
    }

    @Test
    void registryDownIsUnavailableOnBothSides() throws IOException {
        SchemaRegistryClient down = SchemaRegistryClient.create(RegistryClientConfig.builder("http://127.0.0.1:" + closedPort())
                .maxRetries(1).retryBackoff(Duration.ofMillis(10)).connectTimeout(Duration.ofSeconds(2)).build());
        AvroSerde<Answer> serde = AvroSerde.specific(Answer.class, down, AvroSerdeConfig.defaults(), false);

        WireFormatException write = catchThrowableOfType(WireFormatException.class,
                () -> serde.serializer().serialize("answers", TestRecords.answer()));
        WireFormatException read = catchThrowableOfType(WireFormatException.class,
                () -> serde.deserializer().deserialize("answers", new byte[] {0, 0, 0, 0, 1, 0}));

        assertThat(write.reason()).isEqualTo(Reason.REGISTRY_UNAVAILABLE);
        assertThat(write.getMessage()).contains("answers-value").contains("127.0.0.1").contains("ConnectException");
        assertThat(read.reason()).isEqualTo(Reason.REGISTRY_UNAVAILABLE);
        assertThat(read.schemaId()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Reason.class)
    void reasonCodesAreLowercaseNames(Reason reason) {
        assertThat(reason.code()).isEqualTo(reason.name().toLowerCase()).matches("[a-z_]+");
    }

    @Test
    void unconfiguredSerdeSaysSo() {
        assertThatThrownBy(() -> AvroSerde.specific(Answer.class).serializer())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not configured");
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
