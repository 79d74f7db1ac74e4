package io.headstream.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.schema.Answer;
import io.headstream.schema.DeadLetter;
import io.headstream.schema.QuerySummary;
import io.headstream.schema.QuestionContext;
import io.headstream.schema.SpanExplanation;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeRoundTripTest {

    private String url;
    private SchemaRegistryClient client;

    @BeforeEach
    void setUp() {
        url = TestRecords.memUrl();
        client = SchemaRegistryClient.create(RegistryClientConfig.builder(url).build());
    }

    @AfterEach
    void tearDown() {
        client.close();
        InMemoryRegistries.drop(InMemoryRegistries.scopeOf(url));
    }

    static Stream<SpecificRecord> everySchema() {
        return Stream.of(TestRecords.question(), TestRecords.answer(), TestRecords.summary(),
                TestRecords.explanation(), TestRecords.deadLetter());
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("everySchema")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void specificRecordRoundTripsUnchanged(SpecificRecord record) {
        AvroSerde serde = AvroSerde.specific((Class) record.getClass(), client, AvroSerdeConfig.defaults(), false);

        byte[] bytes = serde.serializer().serialize("topic-a", record);
        Object back = serde.deserializer().deserialize("topic-a", bytes);

        assertThat(bytes[0]).isEqualTo(WireFormat.MAGIC_BYTE);
        assertThat(back).isEqualTo(record).isInstanceOf(record.getClass());
        assertThat(client.subjects()).containsExactly("topic-a-value");
    }

    @Test
    void nullValueIsATombstoneBothWays() {
        AvroSerde<Answer> serde = AvroSerde.specific(Answer.class, client, AvroSerdeConfig.defaults(), false);

        assertThat(serde.serializer().serialize("answers", null)).isNull();
        assertThat(serde.deserializer().deserialize("answers", null)).isNull();
    }

    @Test
    void genericRecordWrittenBySpecificSerdeReadsAsWritten() {
        AvroSerde<QuestionContext> specific = AvroSerde.specific(QuestionContext.class, client, AvroSerdeConfig.defaults(), false);
        AvroSerde<GenericRecord> generic = AvroSerde.generic(null, client, AvroSerdeConfig.defaults(), false);

        GenericRecord read = generic.deserializer().deserialize("questions", specific.serializer().serialize("questions", TestRecords.question()));

        assertThat(read.getSchema().getFullName()).isEqualTo("io.headstream.schema.QuestionContext");
        assertThat(read.get("event_id").toString()).isEqualTo("e-1");
        assertThat(read.get("event_time")).isEqualTo(TestRecords.EVENT_TIME.toEpochMilli());
        assertThat(((Map<?, ?>) read.get("metadata")).toString()).contains("source").contains("unit-test");
    }

    @Test
    void genericRecordWrittenByGenericSerdeReadsAsSpecificClass() {
        Schema schema = QuerySummary.getClassSchema();
        GenericRecord sentence = new GenericData.Record(schema.getField("sentences").schema().getElementType());
        sentence.put("text", "One.");
        sentence.put("start", 0);
        sentence.put("end", 4);
        sentence.put("score", 0.5);
        GenericRecord model = new GenericData.Record(schema.getField("model").schema());
        model.put("name", "m");
        model.put("version", "1");
        model.put("sha256", "00");
        GenericRecord provenance = new GenericData.Record(schema.getField("provenance").schema());
        provenance.put("topic", "q");
        provenance.put("partition", 0);
        provenance.put("offset", 1L);
        provenance.put("event_time", 1000L);
        provenance.put("processed_time", 2000L);
        GenericRecord summary = new GenericData.Record(schema);
        summary.put("event_id", "e-9");
        summary.put("sentences", List.of(sentence));
        summary.put("head", "summary");
        summary.put("question", "");
        summary.put("model", model);
        summary.put("provenance", provenance);
        AvroSerde<GenericRecord> generic = AvroSerde.generic(null, client, AvroSerdeConfig.defaults(), false);
        AvroSerde<QuerySummary> specific = AvroSerde.specific(QuerySummary.class, client, AvroSerdeConfig.defaults(), false);

        QuerySummary read = specific.deserializer().deserialize("summaries", generic.serializer().serialize("summaries", summary));

        assertThat(read.getEventId()).isEqualTo("e-9");
        assertThat(read.getDocumentId()).isNull();
        assertThat(read.getSentences()).singleElement().satisfies(s -> assertThat(s.getEnd()).isEqualTo(4));
        assertThat(read.getProvenance().getProcessedTime().toEpochMilli()).isEqualTo(2000L);
    }

    @Test
    void configuredFromPropertiesLikeKafkaDoes() {
        AvroSerde<SpanExplanation> writer = AvroSerde.specific(SpanExplanation.class);
        writer.configure(Map.of(RegistryClientConfig.URL, url), false);
        AvroSerde<SpanExplanation> reader = AvroSerde.specific(SpanExplanation.class);
        reader.configure(Map.of(RegistryClientConfig.URL, url, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), false);

        byte[] bytes = writer.serializer().serialize("explanations", TestRecords.explanation());

        assertThat(reader.deserializer().deserialize("explanations", bytes)).isEqualTo(TestRecords.explanation());
        writer.close();
        reader.close();
    }

    @Test
    void keysUseTheKeySubject() {
        AvroSerde<DeadLetter> keySerde = AvroSerde.specific(DeadLetter.class, client, AvroSerdeConfig.defaults(), true);

        keySerde.serializer().serialize("dlq", TestRecords.deadLetter());

        assertThat(client.subjects()).containsExactly("dlq-key");
    }

    @Test
    void sameSchemaOnTwoTopicsSharesOneId() {
        AvroSerde<Answer> serde = AvroSerde.specific(Answer.class, client, AvroSerdeConfig.defaults(), false);

        byte[] a = serde.serializer().serialize("answers-a", TestRecords.answer());
        byte[] b = serde.serializer().serialize("answers-b", TestRecords.answer());

        assertThat(WireFormat.schemaId(a)).isEqualTo(WireFormat.schemaId(b));
        assertThat(client.subjects()).containsExactly("answers-a-value", "answers-b-value");
    }
}
