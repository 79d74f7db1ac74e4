package io.headstream.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SQuAD metrics on hand-computed cases; the same cases as training/tests/test_metrics_squad.py. */
class SquadMetricsTest {

    @Test
    void normalisationLowercasesAndDropsPunctuationArticlesAndExtraWhitespace() {
        assertThat(SquadMetrics.normalizeAnswer("The  Cat!")).isEqualTo("cat");
        assertThat(SquadMetrics.normalizeAnswer("an apple, a pear & THE plum.")).isEqualTo("apple pear plum");
        assertThat(SquadMetrics.normalizeAnswer("Theory of Anne")).isEqualTo("theory of anne");
        assertThat(SquadMetrics.normalizeAnswer("U.S. well-known")).isEqualTo("us wellknown");
        assertThat(SquadMetrics.normalizeAnswer("\u201cDenver\u201d")).isEqualTo("\u201cdenver\u201d");
        assertThat(SquadMetrics.normalizeAnswer("caf\u00e9\u00a0the\u2003end")).isEqualTo("caf\u00e9 end");
    }

    @Test
    void exactMatchIsOnNormalisedStrings() {
        assertThat(SquadMetrics.exactMatch("Denver Broncos", "denver broncos.")).isEqualTo(1.0);
        assertThat(SquadMetrics.exactMatch("the Denver Broncos", "Denver Broncos")).isEqualTo(1.0);
        assertThat(SquadMetrics.exactMatch("Broncos", "Denver Broncos")).isEqualTo(0.0);
    }

    @Test
    void f1IsClippedTokenOverlap() {
        assertThat(SquadMetrics.f1("the Broncos of Denver", "Denver Broncos")).isCloseTo(0.8, within(1e-12));
        assertThat(SquadMetrics.f1("x x x", "x y")).isCloseTo(0.4, within(1e-12));
        assertThat(SquadMetrics.f1("", "")).isEqualTo(1.0);
        assertThat(SquadMetrics.f1("", "Paris")).isEqualTo(0.0);
        assertThat(SquadMetrics.f1("Paris", "")).isEqualTo(0.0);
        assertThat(SquadMetrics.f1("the", "")).isEqualTo(1.0);
    }

    @Test
    void theMaximumOverGoldAnswersCounts() {
        List<String> golds = List.of("Santa Clara, California", "Levi's Stadium", "Levi's Stadium in the San Francisco Bay Area");
        assertThat(SquadMetrics.maxOverGolds(SquadMetrics::exactMatch, "Levi's Stadium", golds)).isEqualTo(1.0);
        assertThat(SquadMetrics.maxOverGolds(SquadMetrics::f1, "San Francisco", golds))
                .isCloseTo(2 * (2.0 / 7) / (1 + 2.0 / 7), within(1e-12));
        assertThat(SquadMetrics.maxOverGolds(SquadMetrics::exactMatch, "", List.of())).isEqualTo(1.0);
    }

    @Test
    void theV11AggregateIsInPercentAndAMissingPredictionCountsZero() {
        Map<String, List<String>> golds = new LinkedHashMap<>();
        golds.put("q1", List.of("Denver Broncos"));
        golds.put("q2", List.of("1999"));
        golds.put("q3", List.of("blue"));
        Map<String, Object> s = SquadMetrics.squadScores(Map.of("q1", "Denver Broncos", "q2", "in 1999"), golds);
        assertThat((double) s.get("exact_match")).isCloseTo(100.0 / 3, within(1e-9));
        assertThat((double) s.get("f1")).isCloseTo(100 * (1 + 2.0 / 3) / 3, within(1e-9));
        assertThat(s.get("total")).isEqualTo(3);
    }

    private static Map<String, List<String>> v2Golds() {
        Map<String, List<String>> golds = new LinkedHashMap<>();
        golds.put("h1", List.of("Paris"));
        golds.put("h2", List.of("red wine"));
        golds.put("n1", List.of());
        golds.put("n2", List.of());
        return golds;
    }

    @Test
    void theV20AggregateBreaksDownHasAndNoAnswer() {
        Map<String, Object> s = SquadMetrics.squad2Scores(
                Map.of("h1", "Paris", "h2", "", "n1", "", "n2", "London"), v2Golds(), null);
        assertThat(s.get("HasAns_total")).isEqualTo(2);
        assertThat(s.get("NoAns_total")).isEqualTo(2);
        assertThat((double) s.get("HasAns_exact")).isEqualTo(50.0);
        assertThat((double) s.get("NoAns_exact")).isEqualTo(50.0);
        assertThat((double) s.get("exact")).isEqualTo(50.0);
        assertThat((double) s.get("f1")).isEqualTo(50.0);
        assertThat((double) s.get("no_answer_accuracy")).isEqualTo(50.0);
        assertThat(s).doesNotContainKey("best_f1");
    }

    @Test
    void theBestThresholdSweepRecoversAbstention() {
        Map<String, Double> margins = new LinkedHashMap<>();
        margins.put("h1", -5.0);
        margins.put("h2", -3.0);
        margins.put("n1", 2.0);
        margins.put("n2", 1.0);
        Map<String, Object> s = SquadMetrics.squad2Scores(
                Map.of("h1", "Paris", "h2", "red wine", "n1", "", "n2", "London"), v2Golds(), margins);
        assertThat((double) s.get("exact")).isEqualTo(75.0);
        assertThat((double) s.get("best_exact")).isEqualTo(100.0);
        assertThat((double) s.get("best_exact_thresh")).isEqualTo(-3.0);
    }

    @Test
    void theBestThresholdSweepSeesTheSpansBehindNullDecisions() {
        // h2 abstained (margin 0.5 > 0) though its best span was right: only the span predictions
        // let the sweep find that a threshold of 0.5 answers it
        Map<String, String> preds = Map.of("h1", "Paris", "h2", "", "n1", "", "n2", "");
        Map<String, String> spans = Map.of("h1", "Paris", "h2", "red wine", "n1", "Rome", "n2", "London");
        Map<String, Double> margins = new LinkedHashMap<>();
        margins.put("h1", -5.0);
        margins.put("h2", 0.5);
        margins.put("n1", 2.0);
        margins.put("n2", 1.0);
        assertThat((double) SquadMetrics.squad2Scores(preds, v2Golds(), margins).get("best_exact")).isEqualTo(75.0);
        Map<String, Object> s = SquadMetrics.squad2Scores(preds, v2Golds(), margins, spans);
        assertThat((double) s.get("best_exact")).isEqualTo(100.0);
        assertThat((double) s.get("best_exact_thresh")).isEqualTo(0.5);
    }
}
