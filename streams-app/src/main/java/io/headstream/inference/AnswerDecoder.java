package io.headstream.inference;

import java.util.List;

/**
 * Decodes the span head: the best {@code start + end} logit sum over every window against the
 * no-answer score, exactly as {@code training/headstream_train/decode.py} ({@code decode_answer})
 * and {@code training/EVALUATION.md} specify, so Java and Python evaluation agree.
 *
 * <p>A valid span has {@code i <= j}, both context tokens of the same window, and at most
 * {@code maxAnswerTokens} tokens. The null score is the minimum of the windows' null logits (the
 * window most sure it holds the answer decides). The answer is null when no valid span exists or
 * when {@code null - span > nullThreshold}. Ties go to the earlier window, then the lower start,
 * then the lower end. Sums are formed in double from the float logits, as numpy does.
 */
final class AnswerDecoder {

    private final String head;
    private final int maxAnswerTokens;
    private final boolean allowNull;
    private final double nullThreshold;

    AnswerDecoder(String head, int maxAnswerTokens, boolean allowNull, double nullThreshold) {
        this.head = head;
        this.maxAnswerTokens = maxAnswerTokens;
        this.allowNull = allowNull;
        this.nullThreshold = nullThreshold;
    }

    AnswerResult decode(EncodedInput in, List<WindowLogits> logits) {
        double best = Double.NEGATIVE_INFINITY;
        int bestFrom = -1;
        int bestTo = -1;
        double nullScore = Double.POSITIVE_INFINITY;
        TokenSpans ctx = in.context();
        for (int w = 0; w < logits.size(); w++) {
            Window win = in.windows().get(w);
            WindowLogits lg = logits.get(w);
            nullScore = Math.min(nullScore, lg.nullLogit());
            int n = win.ctxLen();
            int p0 = win.ctxOffset();
            for (int i = 0; i < n; i++) {
                double s = lg.start()[p0 + i];
                int last = Math.min(n, i + maxAnswerTokens);
                for (int j = i; j < last; j++) {
                    double score = s + lg.end()[p0 + j];
                    if (score > best) {
                        best = score;
                        bestFrom = win.ctxFrom() + i;
                        bestTo = win.ctxFrom() + j;
                    }
                }
            }
        }
        boolean isNull = bestFrom < 0 || (allowNull && nullScore - best > nullThreshold);
        if (isNull) {
            double confidence = bestFrom < 0 ? 1.0 : sigmoid(nullScore - best);
            return new AnswerResult(head, "", -1, -1, confidence, true, best, nullScore);
        }
        int start = ctx.starts()[bestFrom];
        int end = ctx.ends()[bestTo];
        // Confidence is the span's margin over the null score even when null answers are off.
        double confidence = sigmoid(best - nullScore);
        return new AnswerResult(head, in.input().context().substring(start, end), start, end, confidence, false,
                best, nullScore);
    }

    static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double z = Math.exp(x);
        return z / (1.0 + z);
    }
}
