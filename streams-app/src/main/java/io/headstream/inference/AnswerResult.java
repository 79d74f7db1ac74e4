package io.headstream.inference;

/**
 * The answer head's best span across all windows, or no-answer.
 *
 * @param head the head that produced it
 * @param text exact substring {@code context.substring(start, end)}; empty when {@code noAnswer}
 * @param start inclusive character offset into the context (-1 when {@code noAnswer})
 * @param end exclusive character offset into the context (-1 when {@code noAnswer})
 * @param score probability-like confidence in [0, 1]: the sigmoid of the winning side's margin
 *     (span over null, or null over span)
 * @param noAnswer true when the null score beat every span
 * @param spanScore best {@code start + end} logit sum over the windows (negative infinity when
 *     the context has no candidate span; NaN when not known)
 * @param nullScore minimum no-answer logit over the windows (positive infinity without windows;
 *     NaN when not known); {@code nullScore - spanScore} is SQuAD 2.0's no-answer margin
 */
public record AnswerResult(String head, String text, int start, int end, double score, boolean noAnswer,
        double spanScore, double nullScore) {

    /** An answer without the raw logit scores (test doubles, records read back from topics). */
    public AnswerResult(String head, String text, int start, int end, double score, boolean noAnswer) {
        this(head, text, start, end, score, noAnswer, Double.NaN, Double.NaN);
    }

    /** {@code nullScore - spanScore}: positive favours "no answer". */
    public double nullMargin() {
        return nullScore - spanScore;
    }
}
