package io.headstream.inference;

/**
 * Every head's decoded result for one input.
 *
 * @param answer the span head's answer (or no-answer)
 * @param summary the salience head's selected sentences
 * @param explanation the tagging head's spans
 * @param windows how many windows the context was split into
 * @param windowsCapped true when the context was longer than the configured window cap allows
 *     and its tail was not read
 */
public record ModelOutput(
        AnswerResult answer,
        SummaryResult summary,
        ExplanationResult explanation,
        int windows,
        boolean windowsCapped) {}
