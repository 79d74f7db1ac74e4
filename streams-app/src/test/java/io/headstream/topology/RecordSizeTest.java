package io.headstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.registry.AvroSerde;
import io.headstream.schema.ModelIdentity;
import io.headstream.schema.Provenance;
import io.headstream.schema.QuerySummary;
import io.headstream.schema.SummarySentence;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordSizeTest {
    private static QuerySummary summary(String sentence) {
        return QuerySummary.newBuilder().setEventId("e").setDocumentId(null)
                .setSentences(List.of(new SummarySentence(sentence, 0, sentence.length(), 0.5)))
                .setHead("summary").setQuestion("q?")
                .setModel(new ModelIdentity("m", "1", "abc"))
                .setProvenance(new Provenance("t", 0, 1L, Instant.EPOCH, Instant.EPOCH)).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ascii text", "汉字汉字", "😀😀 emoji", "é"})
    void theBoundIsNeverBelowTheSerializedSize(String unit) {
        AvroSerde<QuerySummary> serde = AvroSerde.specific(QuerySummary.class);
        serde.configure(Map.of("schema.registry.url", "mem://size-" + UUID.randomUUID()), false);
        Serializer<QuerySummary> serializer = serde.serializer();
        for (int n : new int[] {0, 1, 100, 10_000}) {
            QuerySummary s = summary(unit.repeat(n));
            int actual = serializer.serialize("summaries", s).length;
            assertThat(RecordSize.bound(s) + 16).as("%s x %d", unit, n).isGreaterThanOrEqualTo(actual);
            assertThat(RecordSize.fits("summaries", s, serializer, actual)).isTrue();
            assertThat(RecordSize.fits("summaries", s, serializer, actual - 1)).isFalse();
        }
    }
}
