package io.headstream.inference;

/**
 * The answer head's best span across all windows, or no-answer.
 *
 * @param head the head that produced it
 * @param text exact substring {@code context.substring(start, end)}; empty when {@code noAnswer}
 * @param start inclusive character offset into the context (-1 when {@code noAnswer})
 * @param end exclusive character offset into the context (-1 when {@code noAnswer})
 * @param score probability-like confidence in [0, 1]
 * @param noAnswer true when the null score beat every span
 */
public record AnswerResult(String head, String text, int start, int end, double score, boolean noAnswer) {}
