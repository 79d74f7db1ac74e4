package io.headstream.inference;

import static io.headstream.inference.SyntheticWindows.input;
import static io.headstream.inference.SyntheticWindows.logits;
import static io.headstream.inference.SyntheticWindows.taggingSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The calibrated explanation decoding (span threshold, whole words) on hand-made logits; the same
 * cases as {@code training/tests/test_decode_thresholds.py}.
 */
class ExplanationDecoderThresholdTest {

    private static final AnswerResult NO_ANSWER = new AnswerResult("answer", "", -1, -1, 1, true);

    /** Logits whose softmax is (o, b, i) / (o + b + i). */
    private static double[][] quiet(double o, double b, double i) {
        return new double[][] {{Math.log(o), Math.log(b), Math.log(i)}};
    }

    /** 0 quiet B (P(B)+P(I) = 0.3), 1 quiet I, 4 quiet I after O, 5 B/I tie (0.4), 6 below (0.2). */
    private static final Map<Integer, double[][]> QUIET = Map.of(0, quiet(7, 2, 1), 1, quiet(7, 1, 2),
            4, quiet(7, 1, 2), 5, quiet(6, 2, 2), 6, quiet(8, 1, 1));

    private static ExplanationResult decodeQuiet(OptionalDouble threshold) {
        EncodedInput in = input(new int[] {0, 14});
        List<WindowLogits> lg = logits(in, null, null, (w, win) -> 0, null, QUIET);
        return new ExplanationDecoder(taggingSpec(), new DecodeSettings(threshold, false, 0.0)).decode(in, lg, NO_ANSWER);
    }

    private static List<String> texts(ExplanationResult r) {
        return r.spans().stream().map(ScoredText::text).toList();
    }

    @Test
    void argmaxMarksNothingWhenTheHeadIsQuiet() {
        assertThat(decodeQuiet(OptionalDouble.empty()).spans()).isEmpty();
    }

    @Test
    void theThresholdMarksTokensWhoseInSpanProbabilityReachesIt() {
        ExplanationResult r = decodeQuiet(OptionalDouble.of(0.25));
        assertThat(texts(r)).containsExactly("Alpha beta", "epsilon", "zeta");
        assertThat(r.spans().get(0).score()).isCloseTo(0.3, within(1e-6));
        assertThat(r.spans().get(2).score()).isCloseTo(0.4, within(1e-6));
    }

    @Test
    void aHigherThresholdMarksLess() {
        assertThat(texts(decodeQuiet(OptionalDouble.of(0.35)))).containsExactly("zeta");
    }

    @Test
    void thresholdOneKeepsConfidentTokens() {
        EncodedInput in = input(new int[] {0, 14});
        List<WindowLogits> lg = logits(in, null, null, (w, win) -> 0, null,
                Map.of(3, new double[][] {{-100, 100, 0}}));
        ExplanationResult r = new ExplanationDecoder(taggingSpec(), new DecodeSettings(OptionalDouble.of(1.0), false, 0))
                .decode(in, lg, NO_ANSWER);
        assertThat(texts(r)).containsExactly("Delta");
    }

    // ------------------------------------------------------------------ whole words

    private static final String NUM_CONTEXT = "Revenue 1,452.40 rose 😀 to (56.7) million.";
    private static final List<String> NUM_TOKENS = List.of("Revenue", "1", ",", "452", ".", "40", "rose", "😀", "to",
            "(", "56", ".", "7", ")", "million", ".");
    private static final double[] B = {0, 5, 0};
    private static final double[] I = {0, 0, 5};

    private static ExplanationResult decodeNumbers(Map<Integer, double[]> tagged, boolean wholeWords) {
        int n = NUM_TOKENS.size();
        int[] starts = new int[n];
        int[] ends = new int[n];
        int pos = 0;
        for (int t = 0; t < n; t++) {
            pos = NUM_CONTEXT.indexOf(NUM_TOKENS.get(t), pos);
            starts[t] = pos;
            ends[t] = pos + NUM_TOKENS.get(t).length();
            pos = ends[t];
        }
        TokenSpans ctx = new TokenSpans(new long[n], starts, ends, false);
        int total = n + 3;
        Window win = new Window(0, new long[total], new long[total], 2, 0, n);
        float[] tags = new float[total * 3];
        for (int p = 0; p < total; p++) {
            tags[p * 3] = 3;
        }
        tagged.forEach((t, row) -> {
            for (int k = 0; k < 3; k++) {
                tags[(t + 2) * 3 + k] = (float) row[k];
            }
        });
        float[] zero = new float[total];
        EncodedInput in = new EncodedInput(new ModelInput("q", NUM_CONTEXT), ctx, List.of(win), false);
        return new ExplanationDecoder(taggingSpec(), new DecodeSettings(OptionalDouble.empty(), wholeWords, 0))
                .decode(in, List.of(new WindowLogits(zero, zero, 0, zero, tags, 3)), NO_ANSWER);
    }

    @Test
    void aPieceOfANumberBecomesTheNumber() {
        assertThat(texts(decodeNumbers(Map.of(3, B), true))).containsExactly("1,452.40");
        assertThat(texts(decodeNumbers(Map.of(3, B), false))).containsExactly("452");
    }

    @Test
    void piecesOfOneNumberMergeIntoOneSpan() {
        ExplanationResult r = decodeNumbers(Map.of(1, B, 5, B, 10, B, 12, I), true);
        List<String> got = new ArrayList<>();
        for (ScoredText s : r.spans()) {
            got.add(s.text() + "@" + s.start() + "-" + s.end());
        }
        // UTF-16 offsets: the emoji counts two (Python's code points give 28-32)
        assertThat(got).containsExactly("1,452.40@8-16", "56.7@29-33");
    }

    @Test
    void emojiOffsetsStayIntact() {
        assertThat(texts(decodeNumbers(Map.of(8, B, 11, B), true))).containsExactly("to", "56.7");
    }

    @Test
    void defaultSettingsAreTheArgmaxDecoding() {
        assertThat(DecodeSettings.DEFAULTS.spanThreshold()).isEmpty();
        assertThat(DecodeSettings.DEFAULTS.wholeWords()).isFalse();
        assertThat(DecodeSettings.DEFAULTS.nullThreshold()).isEqualTo(0.0);
    }
}
