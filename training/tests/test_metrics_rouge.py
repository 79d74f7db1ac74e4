"""ROUGE on known strings (the rouge_score README example) and hand-computed cases."""

import unittest

from headstream_train import rouge


class RougeTest(unittest.TestCase):
    TARGET = "The quick brown fox jumps over the lazy dog"
    PRED = "The quick brown dog jumps on the log."

    def test_tokenizer_lowercases_and_splits_on_non_alphanumerics(self):
        self.assertEqual(rouge.tokenize("It's 3.5% of U.S.-GDP!"), ["it", "s", "3", "5", "of", "u", "s", "gdp"])
        self.assertEqual(rouge.tokenize("caf\u00e9 na\u00efve"), ["caf", "na", "ve"])

    def test_readme_example_rouge1(self):
        r = rouge.rouge_n(rouge.tokenize(self.PRED), rouge.tokenize(self.TARGET), 1)
        self.assertAlmostEqual(r["precision"], 0.75)
        self.assertAlmostEqual(r["recall"], 6 / 9)
        self.assertAlmostEqual(r["fmeasure"], 0.7058823529, places=9)

    def test_readme_example_rougeL(self):
        r = rouge.rouge_l(rouge.tokenize(self.PRED), rouge.tokenize(self.TARGET))
        self.assertAlmostEqual(r["precision"], 0.625)
        self.assertAlmostEqual(r["recall"], 5 / 9)
        self.assertAlmostEqual(r["fmeasure"], 0.5882352941, places=9)

    def test_rouge2_hand_computed(self):
        # 7 candidate bigrams, 8 reference bigrams, 2 shared ("the quick", "quick brown")
        r = rouge.rouge_n(rouge.tokenize(self.PRED), rouge.tokenize(self.TARGET), 2)
        self.assertAlmostEqual(r["fmeasure"], 4 / 15)

    def test_clipped_counts(self):
        r = rouge.rouge_n(["the", "the", "the"], ["the", "cat"], 1)
        self.assertAlmostEqual(r["precision"], 1 / 3)
        self.assertAlmostEqual(r["recall"], 1 / 2)

    def test_lcs(self):
        self.assertEqual(rouge.lcs_length(list("ABCBDAB"), list("BDCABA")), 4)
        self.assertEqual(rouge.lcs_length([], ["a"]), 0)

    def test_empty_candidate_scores_zero(self):
        s = rouge.rouge_scores("", ["a reference"])
        self.assertEqual(s, {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0})

    def test_multiple_references_take_max_per_metric(self):
        s = rouge.rouge_scores(self.PRED, ["completely unrelated words", self.TARGET])
        self.assertAlmostEqual(s["rouge1"], 0.7058823529, places=9)
        self.assertAlmostEqual(s["rougeL"], 0.5882352941, places=9)
        with self.assertRaises(ValueError):
            rouge.rouge_scores("x", [])


if __name__ == "__main__":
    unittest.main()
