package io.headstream.inference;

import static io.headstream.inference.SyntheticWindows.B;
import static io.headstream.inference.SyntheticWindows.I;
import static io.headstream.inference.SyntheticWindows.O;
import static io.headstream.inference.SyntheticWindows.input;
import static io.headstream.inference.SyntheticWindows.logits;
import static io.headstream.inference.SyntheticWindows.taggingSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The BIO tagging decoder on hand-made logits; same cases as training/tests/test_decode.py. */
class ExplanationDecoderTest {

    private static final AnswerResult NO_ANSWER = new AnswerResult("answer", "", -1, -1, 1, true);

    private static List<String> texts(ExplanationResult r) {
        return r.spans().stream().map(ScoredText::text).toList();
    }

    private static double[][] one(double[] row) {
        return new double[][] {row};
    }

    @Test
    void bioRulesWithinAWindow() {
        EncodedInput in = input(new int[] {0, 14});
        // B I I | B | O I I (I after O opens) | B I
        List<WindowLogits> lg = logits(in, null, null, (w, win) -> 0, null, Map.of(
                0, one(B), 1, one(I), 2, one(I), 3, one(B), 5, one(I), 6, one(I), 9, one(B), 10, one(I)));
        ExplanationResult r = new ExplanationDecoder(taggingSpec()).decode(in, lg, NO_ANSWER);
        assertThat(texts(r)).containsExactly("Alpha beta gamma.", "Delta", "zeta eta.", "kappa lambda.");
        double p = Math.exp(5) / (Math.exp(5) + 2);
        assertThat(r.spans().get(0).score()).isCloseTo(p, within(1e-12));
        assertThat(r.spans()).allMatch(s -> s.label().equals("span"));
        assertThat(r.head()).isEqualTo("explanation");
    }

    @Test
    void theWindowEndClosesASpan() {
        EncodedInput in = input(new int[] {0, 7}, new int[] {7, 14});
        List<WindowLogits> lg = logits(in, null, null, (w, win) -> 0, null,
                Map.of(5, one(B), 6, one(I), 7, one(I), 8, one(I)));
        ExplanationResult r = new ExplanationDecoder(taggingSpec()).decode(in, lg, NO_ANSWER);
        assertThat(texts(r)).containsExactly("zeta eta.", "Theta iota");
    }

    @Test
    void spansOverlappingAcrossWindowsMergeAndDuplicatesCollapse() {
        EncodedInput in = input(new int[] {0, 9}, new int[] {4, 14});
        List<WindowLogits> lg = logits(in, null, null, (w, win) -> 0, null, Map.of(
                4, one(B),
                6, new double[][] {B, O}, 7, new double[][] {I, B}, 8, new double[][] {I, I},
                9, one(I), 10, one(I)));
        ExplanationResult r = new ExplanationDecoder(taggingSpec()).decode(in, lg, NO_ANSWER);
        assertThat(texts(r)).containsExactly("epsilon", "eta. Theta iota kappa lambda.");
    }

    @Test
    void overlapWithTheAnswerIsMarked() {
        EncodedInput in = input(new int[] {0, 14});
        List<WindowLogits> lg = logits(in, null, null, (w, win) -> 0, null, Map.of(4, one(B), 5, one(I), 9, one(B)));
        AnswerResult answer = new AnswerResult("answer", "Delta epsilon", 18, 31, 0.9, false);
        ExplanationResult r = new ExplanationDecoder(taggingSpec()).decode(in, lg, answer);
        assertThat(r.spans()).extracting(ScoredText::text, ScoredText::overlapsAnswer)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("epsilon zeta", true),
                        org.assertj.core.groups.Tuple.tuple("kappa", false));
    }

    @Test
    void mergeJoinsOverlapsKeepsTouchingSpansApartAndTakesTheMaxScore() {
        List<double[]> spans = new ArrayList<>(List.of(
                new double[] {5, 9, 0.6}, new double[] {0, 3, 0.9}, new double[] {5, 9, 0.8},
                new double[] {8, 12, 0.7}, new double[] {12, 14, 0.5}));
        assertThat(ExplanationDecoder.merge(spans)).containsExactly(
                new double[] {0, 3, 0.9}, new double[] {5, 12, 0.8}, new double[] {12, 14, 0.5});
    }

    @Test
    void aLabelOrderOtherThanObiIsRespected() {
        HeadSpec reordered = new HeadSpec("explanation", HeadSpec.TAGGING, Map.of("tag_logits", "x"),
                List.of("B", "I", "O"));
        EncodedInput in = input(new int[] {0, 14});
        // rows are in B, I, O order now: {5,0,0} means B, the default row {3,0,0} also means B
        List<WindowLogits> lg = logits(in, null, null, (w, win) -> 0, null, null);
        for (int t = 0; t < 13; t++) {
            int p = in.windows().get(0).position(t);
            float[] tags = lg.get(0).tags();
            tags[p * 3] = 0;
            tags[p * 3 + 2] = 5; // O
        }
        lg.get(0).tags()[in.windows().get(0).position(2) * 3] = 5; // B on "gamma."
        ExplanationResult r = new ExplanationDecoder(reordered).decode(in, lg, NO_ANSWER);
        assertThat(texts(r)).containsExactly("gamma.");
    }
}
