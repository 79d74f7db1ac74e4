package io.headstream.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hand-made windows and logits over a fixed context whose "tokens" are its whitespace-separated
 * words, the Java twin of the helpers in {@code training/tests/test_decode.py}, so the decoder
 * tests here and there check the same cases.
 */
final class SyntheticWindows {

    static final String CONTEXT = "Alpha beta gamma. Delta epsilon zeta eta. Theta iota kappa lambda. Mu nu.";
    static final int QUESTION_TOKENS = 2;
    static final double[] O = {5, 0, 0};
    static final double[] B = {0, 5, 0};
    static final double[] I = {0, 0, 5};

    private SyntheticWindows() {}

    static TokenSpans words(String text) {
        Matcher m = Pattern.compile("\\S+").matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        long[] ids = new long[spans.size()];
        int[] starts = spans.stream().mapToInt(s -> s[0]).toArray();
        int[] ends = spans.stream().mapToInt(s -> s[1]).toArray();
        Arrays.fill(ids, 7);
        return new TokenSpans(ids, starts, ends, false);
    }

    /** Windows {@code [CLS] q q [SEP] ctx[a, b) [SEP]} for each {a, b} (b clipped to the context). */
    static EncodedInput input(int[]... ranges) {
        TokenSpans ctx = words(CONTEXT);
        List<Window> windows = new ArrayList<>();
        for (int[] r : ranges) {
            int a = r[0];
            int len = Math.min(r[1], ctx.size()) - a;
            int total = QUESTION_TOKENS + 3 + len;
            long[] types = new long[total];
            Arrays.fill(types, QUESTION_TOKENS + 2, total, 1);
            windows.add(new Window(0, new long[total], types, QUESTION_TOKENS + 2, a, len));
        }
        return new EncodedInput(new ModelInput("q q", CONTEXT), ctx, windows, false);
    }

    /** Per-window, per-global-token value; null means "use the default". */
    interface TokenValue {
        Double at(int window, int token);
    }

    static TokenValue map(Map<Integer, Double> values) {
        return (w, t) -> values.get(t);
    }

    /** Logits like {@code logits_for}: -10 start/end, -5 salience, O-dominant tags by default. */
    static List<WindowLogits> logits(EncodedInput in, TokenValue start, TokenValue end,
            ToDoubleBiFunction<Integer, Window> nulls, TokenValue salience, Map<Integer, double[][]> tagsByToken) {
        List<WindowLogits> out = new ArrayList<>();
        for (int w = 0; w < in.windows().size(); w++) {
            Window win = in.windows().get(w);
            int n = win.length();
            float[] s = filled(n, -10);
            float[] e = filled(n, -10);
            float[] sal = filled(n, -5);
            float[] tags = new float[n * 3];
            for (int p = 0; p < n; p++) {
                tags[p * 3] = 3;
            }
            for (int t = win.ctxFrom(); t < win.ctxFrom() + win.ctxLen(); t++) {
                int p = win.position(t);
                set(s, p, start, w, t);
                set(e, p, end, w, t);
                set(sal, p, salience, w, t);
                double[][] tag = tagsByToken == null ? null : tagsByToken.get(t);
                if (tag != null) {
                    double[] row = tag.length == 1 ? tag[0] : tag[w];
                    for (int k = 0; k < 3; k++) {
                        tags[p * 3 + k] = (float) row[k];
                    }
                }
            }
            out.add(new WindowLogits(s, e, (float) nulls.applyAsDouble(w, win), sal, tags, 3));
        }
        return out;
    }

    private static void set(float[] a, int p, TokenValue v, int w, int t) {
        if (v != null) {
            Double x = v.at(w, t);
            if (x != null) {
                a[p] = x.floatValue();
            }
        }
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    static HeadSpec taggingSpec() {
        return new HeadSpec("explanation", HeadSpec.TAGGING, Map.of("tag_logits", "explanation_tag_logits"),
                List.of("O", "B", "I"));
    }
}
