package io.headstream.inference;

import java.util.List;

/**
 * The salience head's summary: selected sentences in context order.
 *
 * @param head the head that produced it
 * @param sentences the selected sentences, in the order they appear in the context
 * @param text the sentences joined with single spaces
 */
public record SummaryResult(String head, List<ScoredText> sentences, String text) {}
