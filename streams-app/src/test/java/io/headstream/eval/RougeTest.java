package io.headstream.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ROUGE on the rouge_score README example and hand-computed cases (training/tests/test_metrics_rouge.py). */
class RougeTest {

    private static final String TARGET = "The quick brown fox jumps over the lazy dog";
    private static final String PRED = "The quick brown dog jumps on the log.";

    @Test
    void theTokenizerLowercasesAndSplitsOnNonAlphanumerics() {
        assertThat(Rouge.tokenize("It's 3.5% of U.S.-GDP!")).containsExactly("it", "s", "3", "5", "of", "u", "s", "gdp");
        assertThat(Rouge.tokenize("caf\u00e9 na\u00efve")).containsExactly("caf", "na", "ve");
    }

    @Test
    void theReadmeExample() {
        List<String> p = Rouge.tokenize(PRED);
        List<String> t = Rouge.tokenize(TARGET);
        assertThat(Rouge.rougeN(p, t, 1)).isCloseTo(0.7058823529, within(1e-9));
        assertThat(Rouge.rougeL(p, t)).isCloseTo(0.5882352941, within(1e-9));
        // 7 candidate bigrams, 8 reference bigrams, 2 shared: P 2/7, R 2/8, F 4/15
        assertThat(Rouge.rougeN(p, t, 2)).isCloseTo(4.0 / 15, within(1e-12));
    }

    @Test
    void countsAreClipped() {
        // P = 1/3, R = 1/2, F = 0.4
        assertThat(Rouge.rougeN(List.of("the", "the", "the"), List.of("the", "cat"), 1)).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void lcsLength() {
        assertThat(Rouge.lcsLength(List.of("A", "B", "C", "B", "D", "A", "B"), List.of("B", "D", "C", "A", "B", "A"))).isEqualTo(4);
        assertThat(Rouge.lcsLength(List.of(), List.of("a"))).isZero();
    }

    @Test
    void anEmptyCandidateScoresZeroAndSeveralReferencesTakeTheMaximum() {
        assertThat(Rouge.scores("", List.of("a reference"))).isEqualTo(new Rouge.Scores(0, 0, 0));
        Rouge.Scores s = Rouge.scores(PRED, List.of("completely unrelated words", TARGET));
        assertThat(s.rouge1()).isCloseTo(0.7058823529, within(1e-9));
        assertThat(s.rougeL()).isCloseTo(0.5882352941, within(1e-9));
        assertThatThrownBy(() -> Rouge.scores("x", List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
