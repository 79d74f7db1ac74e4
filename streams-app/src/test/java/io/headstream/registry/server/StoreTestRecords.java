package io.headstream.registry.server;

import io.headstream.schema.Answer;
import io.headstream.schema.AnswerType;
import io.headstream.schema.ModelIdentity;
import io.headstream.schema.Provenance;
import java.time.Instant;

/** A fixed Answer for the server package's tests. */
final class StoreTestRecords {

    private StoreTestRecords() {}

    static Answer answer() {
        return Answer.newBuilder()
                .setEventId("e-1").setDocumentId(null).setText("").setStart(null).setEnd(null).setScore(0.2)
                .setAnswerType(AnswerType.NO_ANSWER).setHead("answer")
                .setModel(new ModelIdentity("m", "1", "00"))
                .setProvenance(new Provenance("questions", 0, 1L, Instant.ofEpochMilli(5), Instant.ofEpochMilli(6)))
                .build();
    }
}
