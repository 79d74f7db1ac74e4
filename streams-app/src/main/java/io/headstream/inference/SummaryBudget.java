package io.headstream.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How much an extractive summary may select, and the selection rule shared by the salience head
 * and the evaluation's baselines ({@code select_sentences} in {@code training/headstream_train/decode.py}).
 *
 * <p>Scored sentences are ranked by score descending (ties: lower index first); the walk stops once
 * {@code maxSentences} are chosen and skips a sentence whose length (code points, as Python counts)
 * would take the chosen total over {@code maxChars}, except that the first chosen sentence is
 * always taken ({@link SummaryDecoder} then cuts it to {@code maxChars}, so the summary never
 * exceeds the budget). 0 means "no limit" for either budget.
 *
 * @param maxSentences most sentences, 0 for no limit
 * @param maxChars most characters in all, 0 for no limit
 */
public record SummaryBudget(int maxSentences, int maxChars) {

    public SummaryBudget {
        if (maxSentences < 0 || maxChars < 0) {
            throw new IllegalArgumentException("summary budgets must be >= 0, are " + maxSentences + " sentences / "
                    + maxChars + " chars");
        }
    }

    /**
     * Indices of the chosen sentences, in context order.
     *
     * @param sentences {@code [start, end)} spans into {@code context}
     * @param scores one per sentence; NaN marks a sentence that cannot be chosen
     */
    public int[] select(String context, List<int[]> sentences, double[] scores) {
        List<Integer> ranked = new ArrayList<>();
        for (int k = 0; k < scores.length; k++) {
            if (!Double.isNaN(scores[k])) {
                ranked.add(k);
            }
        }
        ranked.sort(Comparator.<Integer>comparingDouble(k -> -scores[k]).thenComparingInt(k -> k));
        List<Integer> chosen = new ArrayList<>();
        long total = 0;
        for (int k : ranked) {
            if (maxSentences > 0 && chosen.size() >= maxSentences) {
                break;
            }
            int[] s = sentences.get(k);
            int length = context.codePointCount(s[0], s[1]);
            if (maxChars > 0 && !chosen.isEmpty() && total + length > maxChars) {
                continue;
            }
            chosen.add(k);
            total += length;
        }
        int[] out = chosen.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(out);
        return out;
    }
}
