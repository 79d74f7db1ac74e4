package io.headstream.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ROUGE-1/2/L F-measure with Google {@code rouge_score}'s definitions, stemming off, exactly as
 * {@code training/headstream_train/rouge.py}: tokens are the lowercased text with every run of
 * characters outside {@code [a-z0-9]} replaced by a space; ROUGE-N counts clipped n-gram overlap;
 * ROUGE-L uses the LCS of the whole token sequences ({@code rougeL}, not {@code rougeLsum});
 * F = 2PR/(P+R), 0 when P+R = 0; with several references the maximum F per metric.
 */
public final class Rouge {

    private static final Pattern NON_ALNUM = Pattern.compile("[^a-z0-9]+");

    /** ROUGE F-measures in [0, 1]. */
    public record Scores(double rouge1, double rouge2, double rougeL) {}

    private Rouge() {}

    public static List<String> tokenize(String text) {
        return PyStrings.split(NON_ALNUM.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" "));
    }

    /** The F-measure of clipped n-gram overlap. */
    static double rougeN(List<String> candidate, List<String> reference, int n) {
        Map<List<String>, Integer> c = ngrams(candidate, n);
        Map<List<String>, Integer> r = ngrams(reference, n);
        int overlap = 0;
        for (Map.Entry<List<String>, Integer> e : c.entrySet()) {
            overlap += Math.min(e.getValue(), r.getOrDefault(e.getKey(), 0));
        }
        return fmeasure(overlap, Math.max(0, candidate.size() - n + 1), Math.max(0, reference.size() - n + 1));
    }

    static double rougeL(List<String> candidate, List<String> reference) {
        return fmeasure(lcsLength(candidate, reference), candidate.size(), reference.size());
    }

    static int lcsLength(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        int[] prev = new int[b.size() + 1];
        int[] cur = new int[b.size() + 1];
        for (String x : a) {
            Arrays.fill(cur, 0);
            for (int j = 1; j <= b.size(); j++) {
                cur[j] = x.equals(b.get(j - 1)) ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.size()];
    }

    static double fmeasure(double overlap, int candidate, int reference) {
        double p = candidate > 0 ? overlap / candidate : 0.0;
        double r = reference > 0 ? overlap / reference : 0.0;
        return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    }

    /** ROUGE-1/2/L F of {@code candidate} against one or more references (max per metric). */
    public static Scores scores(String candidate, List<String> references) {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("ROUGE needs at least one reference");
        }
        List<String> cand = tokenize(candidate);
        double r1 = 0;
        double r2 = 0;
        double rl = 0;
        for (String refText : references) {
            List<String> ref = tokenize(refText);
            r1 = Math.max(r1, rougeN(cand, ref, 1));
            r2 = Math.max(r2, rougeN(cand, ref, 2));
            rl = Math.max(rl, rougeL(cand, ref));
        }
        return new Scores(r1, r2, rl);
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> out = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            out.merge(tokens.subList(i, i + n), 1, Integer::sum);
        }
        return out;
    }
}
