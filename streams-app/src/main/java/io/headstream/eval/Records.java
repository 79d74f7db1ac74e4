package io.headstream.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers that make the JSON records look like the Python evaluation's. */
final class Records {

    private Records() {}

    /** Python's {@code round(x, 4)}: half-even on the exact binary value; non-finite values pass. */
    static double round4(double x) {
        if (!Double.isFinite(x)) {
            return x;
        }
        return new BigDecimal(x).setScale(4, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** A UTF-16 offset as a code point offset (Python string index), -1 stays -1. */
    static int pyIndex(String text, int utf16) {
        return utf16 < 0 ? utf16 : text.codePointCount(0, utf16);
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static double mean(List<Double> xs) {
        if (xs.isEmpty()) {
            return 0.0;
        }
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.size();
    }

    static Map<String, Object> rouge(Rouge.Scores s) {
        return map("rouge1", round4(s.rouge1()), "rouge2", round4(s.rouge2()), "rougeL", round4(s.rougeL()));
    }

    static int overlap(int[] a, int[] b) {
        return Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
    }

    /** Fraction of {@code span}'s characters inside the (non-overlapping) {@code regions}. */
    static double fractionInside(int[] span, List<int[]> regions) {
        int length = span[1] - span[0];
        if (length <= 0) {
            return 0.0;
        }
        int inside = 0;
        for (int[] r : regions) {
            inside += overlap(span, r);
        }
        return (double) inside / length;
    }

    static List<String> texts(List<io.headstream.inference.ScoredText> spans) {
        List<String> out = new ArrayList<>();
        spans.forEach(s -> out.add(s.text()));
        return out;
    }
}
