"""Number normalisation, TAT-QA argument recall, DROP number recall, HotpotQA precision."""

import unittest

from headstream_train import metrics as m


class NumberTest(unittest.TestCase):
    def test_normalize_number_forms(self):
        for raw in ["(1,234.50)", "-1234.5", "$1,234.5", "1234.50%", "$ 1,234.5"]:
            self.assertEqual(m.normalize_number(raw), "1234.5", raw)
        self.assertEqual(m.normalize_number("007"), "7")
        self.assertEqual(m.normalize_number("5.0"), "5")
        self.assertEqual(m.normalize_number(".5"), "0.5")
        self.assertIsNone(m.normalize_number("abc"))

    def test_extract_numbers_keeps_thousands_and_decimals(self):
        self.assertEqual(m.extract_numbers("$  1,452.4 and (56.7) in 2019, 2018; 3.5%"),
                         ["1452.4", "56.7", "2019", "2018", "3.5"])

    def test_tatqa_argument_recall_ignores_constants_absent_from_context(self):
        derivation = m.extract_numbers("(1,496.5 - 1,202.9) / 1,202.9 * 100")
        context = set(m.extract_numbers("Total sales $1,496.5 $1,202.9 $1,107.7"))
        self.assertEqual(m.argument_number_recall(derivation, context, ["$1,496.5"]), 0.5)
        self.assertEqual(m.argument_number_recall(derivation, context, ["1,496.5", "1,202.9"]), 1.0)
        self.assertEqual(m.argument_number_recall(derivation, context, []), 0.0)
        self.assertIsNone(m.argument_number_recall(["100"], context, ["x"]))

    def test_drop_recall_direct_occurrence(self):
        passage = "He kicked a 47-yard field goal and a 22-yard field goal."
        self.assertEqual(m.drop_number_recall("47", passage, ["a 47-yard field goal"]), 1.0)
        self.assertEqual(m.drop_number_recall("47", passage, ["22-yard"]), 0.0)

    def test_drop_recall_difference_pair(self):
        passage = "Asia had $23.6 billion, the total was 74.2 billion and Europe 22.1 billion."
        # 74.2 - 23.6 = 50.6 is the only pair
        self.assertEqual(m.drop_candidate_argument_sets("50.6", m.extract_numbers(passage)), [{"23.6", "74.2"}])
        self.assertEqual(m.drop_number_recall("50.6", passage, ["74.2 billion"]), 0.5)
        self.assertEqual(m.drop_number_recall("50.6", passage, ["$23.6 billion", "74.2"]), 1.0)
        self.assertIsNone(m.drop_number_recall("999", passage, ["74.2"]))
        self.assertIsNone(m.drop_number_recall("Asia", passage, ["74.2"]))

    def test_supporting_fact_precision_needs_half_the_span_inside(self):
        sf = [(10, 20), (40, 50)]
        spans = [(12, 18), (18, 24), (17, 27), (45, 60)]
        # (18,24): 2/6 inside -> miss; (17,27): 3/10 -> miss; (45,60): 5/15 -> miss
        self.assertEqual(m.supporting_fact_precision(spans, sf), (1, 4))
        self.assertEqual(m.supporting_fact_precision([(15, 25)], sf), (1, 1))


if __name__ == "__main__":
    unittest.main()
