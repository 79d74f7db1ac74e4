package io.headstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headstream.schema.Answer;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectNameStrategyTest {

    private final String url = TestRecords.memUrl();

    @AfterEach
    void tearDown() {
        InMemoryRegistries.drop(InMemoryRegistries.scopeOf(url));
    }

    @Test
    void topicStrategyNamesKeyAndValueSubjects() {
        assertThat(SubjectNameStrategy.TOPIC.subject("answers", false, Answer.getClassSchema())).isEqualTo("answers-value");
        assertThat(SubjectNameStrategy.TOPIC.subject("answers", true, Answer.getClassSchema())).isEqualTo("answers-key");
    }

    @Test
    void recordStrategyUsesTheFullRecordName() {
        assertThat(SubjectNameStrategy.RECORD.subject("answers", false, Answer.getClassSchema()))
                .isEqualTo("io.headstream.schema.Answer");
        assertThatThrownBy(() -> SubjectNameStrategy.RECORD.subject("t", false, Schema.create(Schema.Type.STRING)))
                .hasMessageContaining("record schema");
    }

    @ParameterizedTest
    @CsvSource({
        "topic, TOPIC", "TOPIC, TOPIC", "io.confluent.kafka.serializers.subject.TopicNameStrategy, TOPIC",
        "record, RECORD", "io.confluent.kafka.serializers.subject.RecordNameStrategy, RECORD"})
    void strategiesAreFoundByName(String name, String expected) {
        SubjectNameStrategy expectedStrategy = expected.equals("TOPIC") ? SubjectNameStrategy.TOPIC : SubjectNameStrategy.RECORD;
        assertThat(SubjectNameStrategy.forName(name)).isSameAs(expectedStrategy);
    }

    @Test
    void unknownStrategyNameIsRejected() {
        assertThatThrownBy(() -> SubjectNameStrategy.forName("TopicRecordNameStrategy"))
                .hasMessageContaining("Unknown subject name strategy 'TopicRecordNameStrategy'");
    }

    @Test
    void recordStrategySharesOneSubjectAcrossTopics() {
        AvroSerde<Answer> serde = AvroSerde.specific(Answer.class);
        serde.configure(Map.of(RegistryClientConfig.URL, url,
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "io.confluent.kafka.serializers.subject.RecordNameStrategy"), false);

        byte[] a = serde.serializer().serialize("answers-eu", TestRecords.answer());
        byte[] b = serde.serializer().serialize("answers-us", TestRecords.answer());

        assertThat(serde.client().subjects()).containsExactly("io.headstream.schema.Answer");
        assertThat(WireFormat.schemaId(a)).isEqualTo(WireFormat.schemaId(b));
        assertThat(serde.deserializer().deserialize("answers-us", b)).isEqualTo(TestRecords.answer());
        serde.close();
    }
}
