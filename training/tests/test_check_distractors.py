import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import check_distractors  # noqa: E402


class DistractorPairsTest(unittest.TestCase):
    def test_each_question_gets_the_next_paragraph_of_its_article_without_its_answer(self):
        ex = [{"id": "a", "question": "Who?", "context": "Bob built it.", "golds": ["Bob"], "title": "T"},
              {"id": "b", "question": "What?", "context": "Bob sang a song.", "golds": ["a song"], "title": "T"},
              {"id": "c", "question": "Where?", "context": "In Paris.", "golds": ["Paris"], "title": "T"},
              {"id": "d", "question": "Alone?", "context": "Only one.", "golds": ["one"], "title": "U"}]
        pairs = check_distractors.distractor_pairs(ex)
        by_id = {p["id"]: p for p in pairs}
        self.assertEqual("In Paris.", by_id["a:distractor"]["context"])   # skips "Bob sang a song."
        self.assertEqual("In Paris.", by_id["b:distractor"]["context"])
        self.assertEqual("Bob built it.", by_id["c:distractor"]["context"])  # wraps around
        self.assertNotIn("d", by_id)                                        # no other paragraph
        self.assertEqual(6, len(pairs))
        for p in pairs:
            if p["id"].endswith(":distractor"):
                self.assertEqual([], p["golds"])


if __name__ == "__main__":
    unittest.main()
