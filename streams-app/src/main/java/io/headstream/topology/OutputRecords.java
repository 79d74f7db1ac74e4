package io.headstream.topology;

import io.headstream.inference.AnswerResult;
import io.headstream.inference.ModelIdentity;
import io.headstream.inference.ModelOutput;
import io.headstream.inference.ScoredText;
import io.headstream.schema.Answer;
import io.headstream.schema.AnswerType;
import io.headstream.schema.ExplanationSpan;
import io.headstream.schema.Provenance;
import io.headstream.schema.QuerySummary;
import io.headstream.schema.QuestionContext;
import io.headstream.schema.SpanExplanation;
import io.headstream.schema.SummarySentence;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns one event's {@link ModelOutput} into the three output records. The answers topic gets the
 * target head's output: the span answer by default, or the summary or the explanation spans when
 * the event asks for that head. The summaries and explanations topics always get the summary and
 * explanation heads' outputs, which for a question are the non-target (emergent) outputs.
 *
 * <p>Every text that goes out is bounded by {@link OutputLimits}: the answer and each explanation
 * span are cut to {@code maxSpanChars} (their {@code end} offset moves with the cut) and at most
 * {@code maxSpans} explanation spans, the highest-scoring, are kept.
 */
public final class OutputRecords {
    public static final String ANSWER_HEAD = "answer";
    public static final String SUMMARY_HEAD = "summary";
    public static final String EXPLANATION_HEAD = "explanation";

    private final io.headstream.schema.ModelIdentity model;
    private final OutputLimits limits;

    public OutputRecords(ModelIdentity identity, OutputLimits limits) {
        this.limits = limits;
        this.model = io.headstream.schema.ModelIdentity.newBuilder()
                .setName(identity.name())
                .setVersion(identity.version())
                .setSha256(identity.sha256())
                .build();
    }

    public Answer answer(QuestionContext event, String targetHead, ModelOutput out, Provenance provenance) {
        Answer.Builder b = Answer.newBuilder()
                .setEventId(event.getEventId())
                .setDocumentId(event.getDocumentId())
                .setModel(model)
                .setProvenance(provenance);
        switch (targetHead) {
            case SUMMARY_HEAD -> {
                List<ScoredText> sentences = boundedSummary(out.summary().sentences());
                b.setHead(out.summary().head())
                        .setText(sentences.stream().map(ScoredText::text).collect(Collectors.joining(" ")))
                        .setAnswerType(AnswerType.SUMMARY)
                        .setStart(sentences.isEmpty() ? null : sentences.get(0).start())
                        .setEnd(sentences.isEmpty() ? null : sentences.get(sentences.size() - 1).end())
                        .setScore(mean(sentences));
            }
            case EXPLANATION_HEAD -> {
                List<ScoredText> spans = bounded(out.explanation().spans());
                b.setHead(out.explanation().head())
                        .setText(spans.stream().map(ScoredText::text).collect(Collectors.joining(" | ")))
                        .setAnswerType(spans.isEmpty() ? AnswerType.NO_ANSWER : AnswerType.MULTI_SPAN)
                        .setStart(spans.isEmpty() ? null : spans.get(0).start())
                        .setEnd(spans.isEmpty() ? null : spans.get(spans.size() - 1).end())
                        .setScore(mean(spans));
            }
            default -> {
                AnswerResult a = out.answer();
                String text = a.noAnswer() ? "" : OutputLimits.clip(a.text(), limits.maxSpanChars());
                b.setHead(a.head()).setText(text)
                        .setAnswerType(a.noAnswer() ? AnswerType.NO_ANSWER : AnswerType.SPAN)
                        .setStart(a.noAnswer() ? null : a.start())
                        .setEnd(a.noAnswer() ? null : a.start() + text.length())
                        .setScore(a.score());
            }
        }
        return b.build();
    }

    public QuerySummary summary(QuestionContext event, ModelOutput out, Provenance provenance) {
        return QuerySummary.newBuilder()
                .setEventId(event.getEventId())
                .setDocumentId(event.getDocumentId())
                .setSentences(boundedSummary(out.summary().sentences()).stream()
                        .map(s -> SummarySentence.newBuilder().setText(s.text()).setStart(s.start())
                                .setEnd(s.end()).setScore(s.score()).build())
                        .toList())
                .setHead(out.summary().head())
                .setQuestion(event.getQuestion())
                .setModel(model)
                .setProvenance(provenance)
                .build();
    }

    public SpanExplanation explanation(QuestionContext event, ModelOutput out, Provenance provenance) {
        AnswerResult a = out.answer();
        return SpanExplanation.newBuilder()
                .setEventId(event.getEventId())
                .setDocumentId(event.getDocumentId())
                .setSpans(bounded(out.explanation().spans()).stream()
                        .map(s -> ExplanationSpan.newBuilder().setText(s.text()).setStart(s.start()).setEnd(s.end())
                                .setScore(s.score()).setLabel(s.label()).setOverlapsAnswer(s.overlapsAnswer()).build())
                        .toList())
                .setHead(out.explanation().head())
                .setAnswerStart(a.noAnswer() ? null : a.start())
                .setAnswerEnd(a.noAnswer() ? null : a.end())
                .setModel(model)
                .setProvenance(provenance)
                .build();
    }

    public static Provenance provenance(SourceRecordRef source, Instant eventTime, Instant processedTime) {
        return Provenance.newBuilder()
                .setTopic(source.topic())
                .setPartition(source.partition())
                .setOffset(source.offset())
                .setEventTime(eventTime)
                .setProcessedTime(processedTime)
                .build();
    }

    /**
     * At most {@code maxSpans} spans (the highest-scoring; ties: the earlier), back in context
     * order, each cut to {@code maxSpanChars}.
     */
    List<ScoredText> bounded(List<ScoredText> spans) {
        List<ScoredText> kept = spans;
        if (spans.size() > limits.maxSpans()) {
            kept = spans.stream()
                    .sorted(Comparator.comparingDouble(ScoredText::score).reversed().thenComparingInt(ScoredText::start))
                    .limit(limits.maxSpans())
                    .sorted(Comparator.comparingInt(ScoredText::start))
                    .toList();
        }
        return kept.stream().map(this::clipped).toList();
    }

    /**
     * The summary sentences, in order, as long as their characters add up to at most
     * {@code maxSummaryChars}; a first sentence over it alone is cut to it.
     */
    List<ScoredText> boundedSummary(List<ScoredText> sentences) {
        List<ScoredText> kept = new java.util.ArrayList<>(sentences.size());
        long total = 0;
        for (ScoredText s : sentences) {
            int n = s.text().codePointCount(0, s.text().length());
            if (total + n <= limits.maxSummaryChars()) {
                kept.add(s);
                total += n;
            } else if (kept.isEmpty()) {
                kept.add(clipped(s, limits.maxSummaryChars()));
                break;
            }
        }
        return kept;
    }

    private ScoredText clipped(ScoredText span) {
        return clipped(span, limits.maxSpanChars());
    }

    private static ScoredText clipped(ScoredText span, int maxChars) {
        String text = OutputLimits.clip(span.text(), maxChars);
        if (text.length() == span.text().length()) {
            return span;
        }
        return new ScoredText(text, span.start(), span.start() + text.length(), span.score(), span.label(),
                span.overlapsAnswer());
    }

    private static double mean(List<ScoredText> items) {
        return items.stream().mapToDouble(ScoredText::score).average().orElse(0.0);
    }
}
