package io.headstream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java runtime against the Python reference on the fixture bundle: answers, summary sentences
 * and explanation spans pinned from {@code training/headstream_train} ({@code BertFeaturizer},
 * {@code TorchEngine}, {@code decode.decode_all}, budget 3 sentences) run on a checkpoint rebuilt
 * exactly as {@code training/make_fixture.py} builds the fixture (same seed, torch 1.13). Python
 * offsets are code point indices and are converted here. If the fixture is regenerated with other
 * weights these values must be regenerated too.
 */
class PythonAgreementTest {

    private final OnnxMultiHeadModel model = TestBundles.fixtureModel();

    private static final String CITY = String.join(" ", List.of(
            "The city is one of the largest in the world and has a long history of trade and music.",
            "In the early years of the last century, many people moved there from the north to find work.",
            "The old church was built in the same year as the first school, and both are still open today."));

    private record Expected(String question, String context, int windows, String answer, int answerStart, int answerEnd,
            double spanScore, double nullScore, int[][] summary, int[][] firstSpans, int spanCount) {}

    private static final List<Expected> CASES = List.of(
            new Expected("Who served crêpes in Zürich?",
                    "Café owners in Zürich 😀 served crêpes; 北京 visitors paid 3.5 francs each. Dr. Smith said the U.S."
                            + " delegation arrived at 5 p.m. on Jan. 3, 1990. The end!",
                    1, "o", 47, 48, 10.4921, -3.4072,
                    new int[][] {{0, 72}, {73, 142}, {143, 151}},
                    new int[][] {{3, 11}, {15, 17}, {19, 21}, {24, 30}, {32, 33}, {33, 34}, {35, 38}, {42, 47}, {48, 49},
                        {51, 57}, {62, 63}, {64, 65}}, 25),
            new Expected("", "Emoji 😀😀 first. Then 👍🏽 thumbs. 北京很大。 Final sentence here.",
                    1, "oji", 2, 5, 9.0259, -3.5228,
                    new int[][] {{16, 31}, {32, 37}, {38, 58}},
                    new int[][] {{0, 1}, {3, 5}, {6, 8}, {9, 14}, {16, 20}, {24, 27}, {27, 28}, {28, 29}, {33, 34},
                        {35, 37}, {44, 49}, {51, 57}}, 12),
            new Expected("When did the people move?", String.join(" ", java.util.Collections.nCopies(8, CITY)),
                    2, ". In the early years of the", 633, 660, 10.024, -3.4345,
                    new int[][] {{635, 727}, {728, 821}, {1096, 1182}},
                    new int[][] {{0, 11}, {12, 30}, {34, 37}, {44, 47}, {52, 53}, {59, 69}, {76, 79}, {90, 93}, {94, 99},
                        {106, 117}, {118, 125}, {127, 138}}, 165));

    /** Python (code point) offsets of Java ranges. */
    private static List<List<Integer>> py(String text, List<ScoredText> items, int max) {
        List<List<Integer>> out = new ArrayList<>();
        for (ScoredText s : items.subList(0, Math.min(max, items.size()))) {
            out.add(List.of(text.codePointCount(0, s.start()), text.codePointCount(0, s.end())));
        }
        return out;
    }

    private static List<List<Integer>> lists(int[][] ranges) {
        List<List<Integer>> out = new ArrayList<>();
        for (int[] r : ranges) {
            out.add(List.of(r[0], r[1]));
        }
        return out;
    }

    @Test
    void everyHeadDecodesAsThePythonReferenceDoes() {
        try (HeadPredictor p = model.newPredictor()) {
            List<ModelInput> inputs = CASES.stream().map(c -> new ModelInput(c.question(), c.context())).toList();
            List<ModelOutput> outs = p.predict(inputs);
            for (int i = 0; i < CASES.size(); i++) {
                Expected e = CASES.get(i);
                ModelOutput o = outs.get(i);
                String ctx = e.context();
                assertThat(o.windows()).as("windows of case %d", i).isEqualTo(e.windows());
                assertThat(o.answer().text()).as("answer of case %d", i).isEqualTo(e.answer());
                assertThat(ctx.codePointCount(0, o.answer().start())).isEqualTo(e.answerStart());
                assertThat(ctx.codePointCount(0, o.answer().end())).isEqualTo(e.answerEnd());
                assertThat(o.answer().spanScore()).isCloseTo(e.spanScore(), within(1e-3));
                assertThat(o.answer().nullScore()).isCloseTo(e.nullScore(), within(1e-3));
                assertThat(py(ctx, o.summary().sentences(), 99)).as("summary of case %d", i).isEqualTo(lists(e.summary()));
                assertThat(o.explanation().spans()).as("span count of case %d", i).hasSize(e.spanCount());
                assertThat(py(ctx, o.explanation().spans(), 12)).as("spans of case %d", i).isEqualTo(lists(e.firstSpans()));
            }
        }
    }
}
