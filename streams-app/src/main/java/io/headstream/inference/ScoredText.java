package io.headstream.inference;

/**
 * A piece of the context with a score: a summary sentence or an explanation span.
 *
 * @param text exact substring {@code context.substring(start, end)}
 * @param start inclusive character offset
 * @param end exclusive character offset
 * @param score confidence in [0, 1]
 * @param label the head's label for it ({@code sentence}, or a tag label such as {@code span})
 * @param overlapsAnswer true when its character range intersects the answer's
 */
public record ScoredText(String text, int start, int end, double score, String label, boolean overlapsAnswer) {}
