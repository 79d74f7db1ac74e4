"""SQuAD v1.1 / v2.0 metrics on hand-computed cases and the official normalisation."""

import unittest

from headstream_train import metrics as m


class NormalisationTest(unittest.TestCase):
    def test_lowercases_strips_punctuation_articles_and_whitespace(self):
        self.assertEqual(m.normalize_answer("The  Cat!"), "cat")
        self.assertEqual(m.normalize_answer("an apple, a pear & THE plum."), "apple pear plum")

    def test_articles_only_as_whole_words(self):
        # "theory" and "Anne" keep their letters; only the words a/an/the go
        self.assertEqual(m.normalize_answer("Theory of Anne"), "theory of anne")

    def test_punctuation_inside_words_is_removed_not_split(self):
        # official script deletes punctuation, so "U.S." -> "us" and "well-known" -> "wellknown"
        self.assertEqual(m.normalize_answer("U.S. well-known"), "us wellknown")

    def test_non_ascii_punctuation_is_kept(self):
        self.assertEqual(m.normalize_answer("\u201cDenver\u201d"), "\u201cdenver\u201d")


class ExactMatchAndF1Test(unittest.TestCase):
    def test_official_style_exact_match(self):
        self.assertEqual(m.exact_match("Denver Broncos", "denver broncos."), 1.0)
        self.assertEqual(m.exact_match("the Denver Broncos", "Denver Broncos"), 1.0)
        self.assertEqual(m.exact_match("Broncos", "Denver Broncos"), 0.0)

    def test_f1_partial_overlap(self):
        # pred [broncos, of, denver] vs gold [denver, broncos]: P=2/3 R=1 F=0.8
        self.assertAlmostEqual(m.f1("the Broncos of Denver", "Denver Broncos"), 0.8)

    def test_f1_counts_repeated_tokens_with_clipping(self):
        # pred [x x x] vs gold [x y]: common 1, P=1/3, R=1/2, F=0.4
        self.assertAlmostEqual(m.f1("x x x", "x y"), 0.4)

    def test_f1_empty_cases(self):
        self.assertEqual(m.f1("", ""), 1.0)
        self.assertEqual(m.f1("", "Paris"), 0.0)
        self.assertEqual(m.f1("Paris", ""), 0.0)
        # a prediction that normalises to nothing is empty too
        self.assertEqual(m.f1("the", ""), 1.0)

    def test_max_over_gold_answers(self):
        golds = ["Santa Clara, California", "Levi's Stadium", "Levi's Stadium in the San Francisco Bay Area"]
        self.assertEqual(m.max_over_golds(m.exact_match, "Levi's Stadium", golds), 1.0)
        # vs 3rd gold [levis stadium in san francisco bay area] (7): common 2, P=1, R=2/7 -> 4/9;
        # vs 2nd gold exact 1.0 -> max is 1.0
        self.assertEqual(m.max_over_golds(m.f1, "Levi's Stadium", golds), 1.0)
        self.assertAlmostEqual(m.max_over_golds(m.f1, "San Francisco", golds), 2 * (1 * 2 / 7) / (1 + 2 / 7))

    def test_squad_aggregate_in_percent_and_missing_prediction_counts_zero(self):
        golds = {"q1": ["Denver Broncos"], "q2": ["1999"], "q3": ["blue"]}
        preds = {"q1": "Denver Broncos", "q2": "in 1999"}
        s = m.squad_scores(preds, golds)
        self.assertAlmostEqual(s["exact_match"], 100 / 3)
        # q2: [in 1999] vs [1999]: P=1/2 R=1 F=2/3
        self.assertAlmostEqual(s["f1"], 100 * (1 + 2 / 3) / 3)
        self.assertEqual(s["total"], 3)


class Squad2Test(unittest.TestCase):
    GOLDS = {"h1": ["Paris"], "h2": ["red wine"], "n1": [], "n2": []}

    def test_has_and_no_answer_breakdown(self):
        preds = {"h1": "Paris", "h2": "", "n1": "", "n2": "London"}
        s = m.squad2_scores(preds, self.GOLDS)
        self.assertEqual(s["HasAns_total"], 2)
        self.assertEqual(s["NoAns_total"], 2)
        self.assertAlmostEqual(s["HasAns_exact"], 50.0)
        self.assertAlmostEqual(s["NoAns_exact"], 50.0)
        self.assertAlmostEqual(s["exact"], 50.0)
        self.assertAlmostEqual(s["f1"], 50.0)
        # decisions right: h1 (answered), n1 (abstained); wrong: h2, n2
        self.assertAlmostEqual(s["no_answer_accuracy"], 50.0)

    def test_best_threshold_recovers_abstention(self):
        # margins: the model is sure about n2 being unanswerable but answered anyway
        preds = {"h1": "Paris", "h2": "red wine", "n1": "", "n2": "London"}
        na = {"h1": -5.0, "h2": -3.0, "n1": 2.0, "n2": 1.0}
        s = m.squad2_scores(preds, self.GOLDS, na)
        self.assertAlmostEqual(s["exact"], 75.0)
        # official sweep: start at 2 (all abstain), add h1 (+1), h2 (+1), n2 (-1), n1 (0):
        # best 4/4 after h2 at threshold -3.0
        self.assertAlmostEqual(s["best_exact"], 100.0)
        self.assertEqual(s["best_exact_thresh"], -3.0)

    def test_best_threshold_sees_spans_behind_null_decisions(self):
        # h2 abstained (margin 0.5 > 0) though its best span was right: only span_predictions
        # let the sweep find that a threshold of 0.5 answers it
        preds = {"h1": "Paris", "h2": "", "n1": "", "n2": ""}
        spans = {"h1": "Paris", "h2": "red wine", "n1": "Rome", "n2": "London"}
        na = {"h1": -5.0, "h2": 0.5, "n1": 2.0, "n2": 1.0}
        self.assertAlmostEqual(m.squad2_scores(preds, self.GOLDS, na)["best_exact"], 75.0)
        s = m.squad2_scores(preds, self.GOLDS, na, spans)
        self.assertAlmostEqual(s["best_exact"], 100.0)
        self.assertEqual(s["best_exact_thresh"], 0.5)


if __name__ == "__main__":
    unittest.main()
