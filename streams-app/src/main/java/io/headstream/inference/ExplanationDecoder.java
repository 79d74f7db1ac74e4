package io.headstream.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Decodes the BIO tagging head into explanation spans, mirroring {@code decode_explanations} in
 * {@code training/headstream_train/decode.py}.
 *
 * <p>Per window, each context token gets a tag. Without a span threshold (format-1 default) it is
 * the argmax of its tag logits (ties: O, then B, then I) and a span scores the mean softmax
 * probability of its tokens' tags. With the manifest's {@code span_threshold} a token is inside a
 * span when {@code P(B) + P(I)} reaches the threshold, then B when {@code P(B) >= P(I)}, else I,
 * and a span scores the mean of {@code P(B) + P(I)}: a calibrated threshold lets a quiet head
 * (one that rarely makes B or I the argmax) still mark what it leans towards. B opens a span
 * (closing an open one); I continues the open span or opens one; O and any non-context position
 * close it. With {@code whole_words} each span is widened to whole words and numbers
 * ({@link WordSpans}). Spans of all windows are then merged: sorted by (start, end), a span
 * starting before the end of the current merged span joins it (end = max, score = max), so
 * duplicates from overlapping windows collapse and touching spans stay apart. With
 * {@code drop_filler_spans} a merged span of only punctuation and function words is dropped
 * ({@link FillerText}). Each span is marked when it shares a character with the answer.
 */
final class ExplanationDecoder {

    static final String LABEL = "span";

    private final String head;
    private final int tagO;
    private final int tagB;
    private final int tagI;
    private final OptionalDouble spanThreshold;
    private final boolean wholeWords;
    private final boolean dropFiller;

    ExplanationDecoder(HeadSpec spec) {
        this(spec, DecodeSettings.DEFAULTS);
    }

    ExplanationDecoder(HeadSpec spec, DecodeSettings settings) {
        this.head = spec.name();
        this.spanThreshold = settings.spanThreshold();
        this.wholeWords = settings.wholeWords();
        this.dropFiller = settings.dropFillerSpans();
        this.tagO = spec.labelIndex("O");
        this.tagB = spec.labelIndex("B");
        this.tagI = spec.labelIndex("I");
    }

    ExplanationResult decode(EncodedInput in, List<WindowLogits> logits, AnswerResult answer) {
        List<double[]> raw = new ArrayList<>();
        for (int w = 0; w < logits.size(); w++) {
            windowSpans(in.windows().get(w), logits.get(w), in.context(), raw);
        }
        String context = in.input().context();
        if (wholeWords) {
            for (double[] span : raw) {
                int[] ext = WordSpans.extend(context, (int) span[0], (int) span[1]);
                span[0] = ext[0];
                span[1] = ext[1];
            }
        }
        List<ScoredText> spans = new ArrayList<>();
        for (double[] m : merge(raw)) {
            int s = (int) m[0];
            int e = (int) m[1];
            if (dropFiller && FillerText.isFillerSpan(context.substring(s, e))) {
                continue;
            }
            spans.add(new ScoredText(context.substring(s, e), s, e, m[2], LABEL,
                    SummaryDecoder.overlaps(s, e, answer)));
        }
        return new ExplanationResult(head, List.copyOf(spans));
    }

    /** Appends this window's spans as {start, end, score}. */
    void windowSpans(Window win, WindowLogits lg, TokenSpans ctx, List<double[]> out) {
        double[] cur = null; // start, end, prob sum, count
        int labels = lg.labels();
        double[] probs = new double[labels];
        for (int p = 0; p < win.length(); p++) {
            int t = win.ctxFrom() + p - win.ctxOffset();
            if (p < win.ctxOffset() || t >= win.ctxFrom() + win.ctxLen()) {
                cur = flush(cur, out);
                continue;
            }
            softmax(lg, p, probs);
            int tag;
            double prob;
            if (spanThreshold.isEmpty()) {
                tag = argmax(probs);
                prob = probs[tag];
            } else {
                prob = probs[tagB] + probs[tagI];
                tag = prob < spanThreshold.getAsDouble() ? tagO : probs[tagB] >= probs[tagI] ? tagB : tagI;
            }
            if (tag == tagO) {
                cur = flush(cur, out);
            } else if (tag == tagB || cur == null) {
                flush(cur, out);
                cur = new double[] {ctx.starts()[t], ctx.ends()[t], prob, 1};
            } else {
                cur[1] = ctx.ends()[t];
                cur[2] += prob;
                cur[3] += 1;
            }
        }
        flush(cur, out);
    }

    private static double[] flush(double[] cur, List<double[]> out) {
        if (cur != null) {
            out.add(new double[] {cur[0], cur[1], cur[2] / cur[3]});
        }
        return null;
    }

    /** Ties go to the lowest label index, which is O, B, I in the manifest's label order. */
    private int argmax(double[] probs) {
        int best = 0;
        for (int k = 1; k < probs.length; k++) {
            if (probs[k] > probs[best]) {
                best = k;
            }
        }
        // Tags other than O/B/I (a future label set) count as O: they open no span.
        return best == tagB || best == tagI ? best : tagO;
    }

    private static void softmax(WindowLogits lg, int position, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < out.length; k++) {
            out[k] = lg.tag(position, k);
            max = Math.max(max, out[k]);
        }
        double sum = 0;
        for (int k = 0; k < out.length; k++) {
            out[k] = Math.exp(out[k] - max);
            sum += out[k];
        }
        for (int k = 0; k < out.length; k++) {
            out[k] /= sum;
        }
    }

    static List<double[]> merge(List<double[]> spans) {
        List<double[]> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.<double[]>comparingDouble(x -> x[0]).thenComparingDouble(x -> x[1]));
        List<double[]> out = new ArrayList<>();
        for (double[] x : sorted) {
            double[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && x[0] < last[1]) {
                last[1] = Math.max(last[1], x[1]);
                last[2] = Math.max(last[2], x[2]);
            } else {
                out.add(x.clone());
            }
        }
        return out;
    }
}
