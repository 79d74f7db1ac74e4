package io.headstream.interop;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.headstream.schema.Answer;
import io.headstream.schema.AnswerType;
import io.headstream.schema.ModelIdentity;
import io.headstream.schema.Provenance;
import io.headstream.schema.QuestionContext;

/**
 * The records sent across the language boundary, and each one's plain-JSON form: the shape in
 * which the Node and Python scripts take a record to serialize and print one they decoded
 * (unions as the bare value or null, enums as their symbol, timestamp-millis as epoch millis).
 * The cases cover every union branch, empty strings, non-ASCII text and several map entries.
 */
final class InteropRecords {

    private static final Instant BASE = Instant.parse("2026-11-25T12:00:00.123Z");

    private InteropRecords() {
    }

    static List<QuestionContext> questions(String prefix, int count) {
        List<QuestionContext> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, String> metadata = null;
            if (i % 3 == 1) {
                metadata = new LinkedHashMap<>();
                metadata.put("source", "interop");
                metadata.put("lang", i % 2 == 0 ? "en" : "fr");
                metadata.put("note-é", "ünïcödé ✓ " + i);
            } else if (i % 3 == 2) {
                metadata = Map.of();
            }
            out.add(QuestionContext.newBuilder()
                    .setEventId(prefix + "-q-" + i)
                    .setDocumentId(i % 2 == 0 ? "doc-" + i : null)
                    .setQuestion(i % 5 == 4 ? "" : "Who wrote record " + i + "? — «quoted» 答え")
                    .setContext("Record " + i + " was written by Ada Lovelace in 1843. \uD83D\uDE80 Emoji"
                            + " and\nnewlines stay.")
                    .setTargetHead(switch (i % 4) {
                        case 0 -> null;
                        case 1 -> "answer";
                        case 2 -> "summary";
                        default -> "explanation";
                    })
                    .setMetadata(metadata)
                    .setEventTime(BASE.plusMillis(1_000L * i + i))
                    .build());
        }
        return out;
    }

    static Map<String, Object> json(QuestionContext q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event_id", q.getEventId());
        m.put("document_id", q.getDocumentId());
        m.put("question", q.getQuestion());
        m.put("context", q.getContext());
        m.put("target_head", q.getTargetHead());
        m.put("metadata", q.getMetadata());
        m.put("event_time", q.getEventTime().toEpochMilli());
        return m;
    }

    static List<Answer> answers(String prefix, String inputTopic, int count) {
        List<Answer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean span = i % 3 != 2;
            String text = span ? (i % 2 == 0 ? "Ada Lovelace" : "Łódź — 東京 \uD83D\uDE80") : "";
            out.add(Answer.newBuilder()
                    .setEventId(prefix + "-a-" + i)
                    .setDocumentId(i % 2 == 0 ? "doc-" + i : null)
                    .setText(text)
                    .setStart(span ? 7 * i : null)
                    .setEnd(span ? 7 * i + text.length() : null)
                    .setScore(span ? 0.5 + i / 64.0 + 1e-9 : 0.987654321)
                    .setAnswerType(span ? AnswerType.SPAN : AnswerType.NO_ANSWER)
                    .setHead("answer")
                    .setModel(ModelIdentity.newBuilder()
                            .setName("headstream-minilm-multitask")
                            .setVersion("1.0." + i)
                            .setSha256("0123456789abcdef".repeat(4))
                            .build())
                    .setProvenance(Provenance.newBuilder()
                            .setTopic(inputTopic)
                            .setPartition(i % 3)
                            .setOffset(10_000_000_000L + i)
                            .setEventTime(BASE.plusMillis(i))
                            .setProcessedTime(BASE.plusSeconds(60).plusMillis(i))
                            .build())
                    .build());
        }
        return out;
    }

    static Map<String, Object> json(Answer a) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", a.getModel().getName());
        model.put("version", a.getModel().getVersion());
        model.put("sha256", a.getModel().getSha256());
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("topic", a.getProvenance().getTopic());
        provenance.put("partition", a.getProvenance().getPartition());
        provenance.put("offset", a.getProvenance().getOffset());
        provenance.put("event_time", a.getProvenance().getEventTime().toEpochMilli());
        provenance.put("processed_time", a.getProvenance().getProcessedTime().toEpochMilli());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event_id", a.getEventId());
        m.put("document_id", a.getDocumentId());
        m.put("text", a.getText());
        m.put("start", a.getStart());
        m.put("end", a.getEnd());
        m.put("score", a.getScore());
        m.put("answer_type", a.getAnswerType().name());
        m.put("head", a.getHead());
        m.put("model", model);
        m.put("provenance", provenance);
        return m;
    }
}
