package io.headstream.inference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the salience head into an extractive, query-based summary, mirroring
 * {@code decode_summary} in {@code training/headstream_train/decode.py}.
 *
 * <p>Token salience is {@code sigmoid(logit)}, the maximum over the windows that hold the token
 * (tokens keyed by their character range). A sentence ({@link SentenceSplitter}) scores the mean
 * salience of the tokens whose first character lies in it; sentences no window read get no score
 * and are never chosen. {@link SummaryBudget} picks the sentences; they come back in context
 * order.
 */
final class SummaryDecoder {

    static final String LABEL = "sentence";

    private final String head;
    private final SummaryBudget budget;
    private final boolean skipFiller;

    /** Budgets of 0 mean "no limit". */
    SummaryDecoder(String head, int maxSentences, int maxChars) {
        this(head, maxSentences, maxChars, false);
    }

    /** With {@code skipFiller}, filler units ({@link FillerText#isFillerUnit}) are not chosen while another can be. */
    SummaryDecoder(String head, int maxSentences, int maxChars, boolean skipFiller) {
        this.head = head;
        this.budget = new SummaryBudget(maxSentences, maxChars);
        this.skipFiller = skipFiller;
    }

    SummaryResult decode(EncodedInput in, List<WindowLogits> logits, AnswerResult answer) {
        String context = in.input().context();
        List<int[]> sentences = SentenceSplitter.split(context, in.readEnd());
        double[] scores = sentenceScores(sentences, tokenSalience(in, logits));
        if (skipFiller) {
            scores = skipFiller(context, sentences, scores);
        }
        List<ScoredText> chosen = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int k : budget.select(context, sentences, scores)) {
            int s = sentences.get(k)[0];
            int e = clip(context, s, sentences.get(k)[1], budget.maxChars());
            chosen.add(new ScoredText(context.substring(s, e), s, e, scores[k], LABEL, overlaps(s, e, answer)));
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(context, s, e);
        }
        return new SummaryResult(head, List.copyOf(chosen), text.toString());
    }

    /**
     * The end of sentence {@code [start, end)} cut to at most {@code maxChars} code points (0: no
     * limit): at the last whitespace of the allowed part when that keeps at least half of it, else
     * exactly at the limit, trailing whitespace trimmed ({@code clip_sentence} in decode.py). The
     * selection always takes one sentence, so this is what bounds a summary whose first sentence
     * alone is over the budget, e.g. a 199,000-character context without a sentence boundary.
     */
    static int clip(String context, int start, int end, int maxChars) {
        if (maxChars <= 0 || context.codePointCount(start, end) <= maxChars) {
            return end;
        }
        int cut = context.offsetByCodePoints(start, maxChars);
        int half = context.offsetByCodePoints(start, maxChars / 2);
        int space = cut;
        while (space > half && !SentenceSplitter.isSpace(context.codePointAt(space))) {
            space = context.offsetByCodePoints(space, -1);
        }
        if (space > half) {
            cut = space;
        }
        int first = context.offsetByCodePoints(start, 1);
        while (cut > first && SentenceSplitter.isSpace(context.codePointBefore(cut))) {
            cut = context.offsetByCodePoints(cut, -1);
        }
        return cut;
    }

    /**
     * {@code scores} with every filler unit made unselectable (NaN), unless that leaves nothing
     * to select ({@code skip_filler} in decode.py).
     */
    static double[] skipFiller(String context, List<int[]> sentences, double[] scores) {
        double[] kept = scores.clone();
        boolean any = false;
        for (int k = 0; k < kept.length; k++) {
            if (!Double.isNaN(kept[k]) && FillerText.isFillerUnit(context.substring(sentences.get(k)[0],
                    sentences.get(k)[1]))) {
                kept[k] = Double.NaN;
            }
            any |= !Double.isNaN(kept[k]);
        }
        return any ? kept : scores;
    }

    /** Max sigmoid salience per distinct token character range, over all windows. */
    static Map<Long, double[]> tokenSalience(EncodedInput in, List<WindowLogits> logits) {
        // Insertion order as Python's dict, so per-sentence sums add up in the same order.
        Map<Long, double[]> probs = new LinkedHashMap<>();
        TokenSpans ctx = in.context();
        for (int w = 0; w < logits.size(); w++) {
            Window win = in.windows().get(w);
            float[] sal = logits.get(w).salience();
            for (int t = win.ctxFrom(); t < win.ctxFrom() + win.ctxLen(); t++) {
                double p = AnswerDecoder.sigmoid(sal[win.position(t)]);
                long key = ((long) ctx.starts()[t] << 32) | ctx.ends()[t];
                double[] cur = probs.get(key);
                if (cur == null) {
                    probs.put(key, new double[] {ctx.starts()[t], p});
                } else if (p > cur[1]) {
                    cur[1] = p;
                }
            }
        }
        return probs;
    }

    /** Mean salience per sentence, NaN for a sentence with no seen token. */
    static double[] sentenceScores(List<int[]> sentences, Map<Long, double[]> salience) {
        int n = sentences.size();
        int[] starts = new int[n];
        for (int k = 0; k < n; k++) {
            starts[k] = sentences.get(k)[0];
        }
        double[] sums = new double[n];
        int[] counts = new int[n];
        for (double[] tokenStartAndProb : salience.values()) {
            int ts = (int) tokenStartAndProb[0];
            int k = bisectRight(starts, ts) - 1;
            if (k < 0 || ts >= sentences.get(k)[1]) {
                continue;
            }
            sums[k] += tokenStartAndProb[1];
            counts[k]++;
        }
        double[] scores = new double[n];
        for (int k = 0; k < n; k++) {
            scores[k] = counts[k] > 0 ? sums[k] / counts[k] : Double.NaN;
        }
        return scores;
    }

    private static int bisectRight(int[] a, int x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x < a[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    static boolean overlaps(int start, int end, AnswerResult answer) {
        return answer != null && !answer.noAnswer() && Math.min(end, answer.end()) > Math.max(start, answer.start());
    }
}
