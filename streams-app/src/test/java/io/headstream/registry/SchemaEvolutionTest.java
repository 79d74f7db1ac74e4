package io.headstream.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.schema.Answer;
import io.headstream.schema.AnswerType;
import io.headstream.schema.QuestionContext;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Records written with an older (or newer) compatible writer schema resolve into the reader's
 * schema: added fields take their defaults, removed fields are skipped, unknown enum symbols
 * fall back to the enum's default.
 */
class SchemaEvolutionTest {

    private final String url = TestRecords.memUrl();
    private final SchemaRegistryClient client = SchemaRegistryClient.create(RegistryClientConfig.builder(url).build());

    @AfterEach
    void tearDown() {
        InMemoryRegistries.drop(InMemoryRegistries.scopeOf(url));
    }

    /** QuestionContext as it might have looked before target_head and metadata were added. */
    static final Schema QUESTION_V0 = new Schema.Parser().parse("""
            {"type":"record","name":"QuestionContext","namespace":"io.headstream.schema","fields":[
              {"name":"event_id","type":"string"},
              {"name":"document_id","type":["null","string"],"default":null},
              {"name":"question","type":"string"},
              {"name":"context","type":"string"},
              {"name":"event_time","type":{"type":"long","logicalType":"timestamp-millis"}}]}""");

    @Test
    void oldWriterResolvesIntoCurrentClass() {
        GenericRecord old = new GenericData.Record(QUESTION_V0);
        old.put("event_id", "e-old");
        old.put("document_id", null);
        old.put("question", "Why?");
        old.put("context", "Because.");
        old.put("event_time", 1234L);
        AvroSerde<GenericRecord> oldWriter = AvroSerde.generic(null, client, AvroSerdeConfig.defaults(), false);
        AvroSerde<QuestionContext> newReader = AvroSerde.specific(QuestionContext.class, client, AvroSerdeConfig.defaults(), false);

        byte[] bytes = oldWriter.serializer().serialize("questions", old);
        QuestionContext read = newReader.deserializer().deserialize("questions", bytes);

        assertThat(read.getEventId()).isEqualTo("e-old");
        assertThat(read.getContext()).isEqualTo("Because.");
        assertThat(read.getEventTime().toEpochMilli()).isEqualTo(1234L);
        assertThat(read.getTargetHead()).isNull();
        assertThat(read.getMetadata()).isNull();
        // The registry holds both versions of the subject, the older first.
        assertThat(client.versions("questions-value")).containsExactly(1);
        newReader.serializer().serialize("questions", read);
        assertThat(client.versions("questions-value")).containsExactly(1, 2);
    }

    @Test
    void newWriterResolvesIntoOldReaderSchema() {
        AvroSerde<QuestionContext> newWriter = AvroSerde.specific(QuestionContext.class, client, AvroSerdeConfig.defaults(), false);
        AvroSerde<GenericRecord> oldReader = AvroSerde.generic(QUESTION_V0, client, AvroSerdeConfig.defaults(), false);

        GenericRecord read = oldReader.deserializer().deserialize("questions", newWriter.serializer().serialize("questions", TestRecords.question()));

        assertThat(read.getSchema()).isEqualTo(QUESTION_V0);
        assertThat(read.get("question").toString()).isEqualTo("Who wrote it?");
        assertThat(read.hasField("metadata")).isFalse();
    }

    @Test
    void unknownEnumSymbolFromANewerWriterReadsAsTheDefault() {
        Schema newer = new Schema.Parser().parse(Answer.getClassSchema().toString()
                .replace("\"MULTI_SPAN\"]", "\"MULTI_SPAN\",\"YES_NO\"]"));
        GenericRecord answer = toGeneric(TestRecords.answer(), newer);
        answer.put("answer_type", new GenericData.EnumSymbol(newer.getField("answer_type").schema(), "YES_NO"));
        AvroSerde<GenericRecord> newerWriter = AvroSerde.generic(null, client, AvroSerdeConfig.defaults(), false);
        AvroSerde<Answer> reader = AvroSerde.specific(Answer.class, client, AvroSerdeConfig.defaults(), false);

        Answer read = reader.deserializer().deserialize("answers", newerWriter.serializer().serialize("answers", answer));

        assertThat(read.getAnswerType()).isEqualTo(AnswerType.UNKNOWN);
        assertThat(read.getText()).isEqualTo("Ada Lovelace");
    }

    /** Re-encodes a specific record as a generic one of a structurally identical schema. */
    static GenericRecord toGeneric(org.apache.avro.specific.SpecificRecord record, Schema schema) {
        AvroSerde<GenericRecord> g = AvroSerde.generic(schema, SchemaRegistryClient.create(
                RegistryClientConfig.builder(TestRecords.memUrl()).build()), AvroSerdeConfig.defaults(), false);
        @SuppressWarnings({"unchecked", "rawtypes"})
        AvroSerde s = AvroSerde.specific((Class) record.getClass(), g.client(), AvroSerdeConfig.defaults(), false);
        @SuppressWarnings("unchecked")
        byte[] bytes = s.serializer().serialize("convert", record);
        return g.deserializer().deserialize("convert", bytes);
    }
}
