package io.headstream.eval;

import java.util.List;

/**
 * One evaluation example of any task: what the model reads and what it is scored against.
 *
 * @param id the example id (the data set's own, or as EVALUATION.md builds it)
 * @param question the question (empty for none)
 * @param context the text the model reads
 * @param golds gold answers (QA tasks; empty = unanswerable), reference summaries (summary tasks),
 *     or the derivation (TAT-QA, one element)
 * @param regions character ranges {start, end} of the relevant part of the context: QMSum relevant
 *     turns, HotpotQA supporting-fact sentences; empty otherwise
 */
record EvalExample(String id, String question, String context, List<String> golds, List<int[]> regions) {

    EvalExample withQuestion(String newQuestion) {
        return new EvalExample(id, newQuestion, context, golds, regions);
    }
}
