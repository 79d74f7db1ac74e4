package io.headstream.app;

import io.headstream.schema.ExplanationSpan;
import io.headstream.schema.QuestionContext;
import java.util.stream.Collectors;

/** Formats one event's outputs for the demo's console. */
final class DemoPrinter {
    private static final int MAX_SUMMARY_CHARS = 240;

    private DemoPrinter() {}

    static String format(int n, int total, QuestionContext event, OutputCollector.EventOutputs out) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%n[%d/%d] %s%n", n, total, event == null ? "(unknown event)" : event.getEventId()));
        if (event != null) {
            sb.append("  question    : ").append(event.getQuestion()).append('\n');
            String gold = event.getMetadata() == null ? null : event.getMetadata().get("gold_answer");
            if (gold != null) {
                sb.append("  gold answer : ").append(gold).append('\n');
            }
        }
        if (out.deadLetter != null) {
            sb.append("  DEAD LETTER : ").append(out.deadLetter.getReason()).append(": ")
                    .append(out.deadLetter.getErrorMessage()).append('\n');
            return sb.toString();
        }
        sb.append(String.format("  answer      : %s  (%s, score %.2f)%n",
                out.answer.getText().isEmpty() ? "<no answer>" : out.answer.getText(), out.answer.getAnswerType(),
                out.answer.getScore()));
        String summary = out.summary.getSentences().stream().map(s -> s.getText().toString())
                .collect(Collectors.joining(" "));
        if (summary.length() > MAX_SUMMARY_CHARS) {
            summary = summary.substring(0, MAX_SUMMARY_CHARS) + "...";
        }
        sb.append("  summary     : ").append(summary).append('\n');
        sb.append("  explanation : ").append(out.explanation.getSpans().isEmpty() ? "<no spans>"
                : out.explanation.getSpans().stream().map(DemoPrinter::span).collect(Collectors.joining(" "))).append('\n');
        return sb.toString();
    }

    private static String span(ExplanationSpan s) {
        return "[" + s.getText() + (s.getOverlapsAnswer() ? "*" : "") + "]";
    }
}
