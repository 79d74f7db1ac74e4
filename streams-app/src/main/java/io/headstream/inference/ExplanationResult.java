package io.headstream.inference;

import java.util.List;

/**
 * The tagging head's spans, merged across windows and deduplicated, in context order.
 *
 * @param head the head that produced them
 * @param spans the spans; each knows whether it overlaps the answer
 */
public record ExplanationResult(String head, List<ScoredText> spans) {}
