package io.headstream.registry;

import io.headstream.schema.Answer;
import io.headstream.schema.AnswerType;
import io.headstream.schema.DeadLetter;
import io.headstream.schema.ExplanationSpan;
import io.headstream.schema.FailureStage;
import io.headstream.schema.ModelIdentity;
import io.headstream.schema.Provenance;
import io.headstream.schema.QuerySummary;
import io.headstream.schema.QuestionContext;
import io.headstream.schema.SpanExplanation;
import io.headstream.schema.SummarySentence;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Fixed example records of every schema, and unique registry scopes for tests. */
final class TestRecords {

    static final Instant EVENT_TIME = Instant.parse("2026-11-25T12:00:00Z");

    private TestRecords() {}

    /** A fresh {@code mem://} URL so tests never share registry state. */
    static String memUrl() {
        return "mem://test-" + UUID.randomUUID();
    }

    static ModelIdentity model() {
        return new ModelIdentity("headstream-minilm-multitask", "1.0.0", "ab".repeat(32));
    }

    static Provenance provenance() {
        return new Provenance("questions", 2, 4711L, EVENT_TIME, EVENT_TIME.plusMillis(35));
    }

    static QuestionContext question() {
        return QuestionContext.newBuilder()
                .setEventId("e-1")
                .setDocumentId("doc-7")
                .setQuestion("Who wrote it?")
                .setContext("The report was written by Ada Lovelace in 1843.")
                .setTargetHead("answer")
                .setMetadata(Map.of("source", "unit-test"))
                .setEventTime(EVENT_TIME)
                .build();
    }

    static Answer answer() {
        return Answer.newBuilder()
                .setEventId("e-1").setDocumentId("doc-7").setText("Ada Lovelace").setStart(25).setEnd(37)
                .setScore(0.91).setAnswerType(AnswerType.SPAN).setHead("answer")
                .setModel(model()).setProvenance(provenance()).build();
    }

    static QuerySummary summary() {
        return QuerySummary.newBuilder()
                .setEventId("e-1").setDocumentId(null)
                .setSentences(List.of(new SummarySentence("The report was written by Ada Lovelace in 1843.", 0, 47, 0.8)))
                .setHead("summary").setQuestion("Who wrote it?")
                .setModel(model()).setProvenance(provenance()).build();
    }

    static SpanExplanation explanation() {
        return SpanExplanation.newBuilder()
                .setEventId("e-1").setDocumentId("doc-7")
                .setSpans(List.of(new ExplanationSpan("Ada Lovelace", 25, 37, 0.7, "span", true),
                        new ExplanationSpan("1843", 41, 45, 0.4, "span", false)))
                .setHead("explanation").setAnswerStart(25).setAnswerEnd(37)
                .setModel(model()).setProvenance(provenance()).build();
    }

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setOriginalKey(ByteBuffer.wrap("e-1".getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setSourceTopic("questions").setSourcePartition(0).setSourceOffset(12L)
                .setStage(FailureStage.DESERIALIZATION).setReason("unknown_magic_byte")
                .setErrorClass(WireFormatException.class.getName()).setErrorMessage("unknown magic byte 0x01")
                .setTime(EVENT_TIME).setAppId("headstream-test").build();
    }
}
