"""Long, multi-paragraph answer contexts and the loss normalized across a question's windows."""
import os
import random
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import torch  # noqa: E402

import train  # noqa: E402
from headstream_train import data  # noqa: E402
from headstream_train.paths import BASE_TOKENIZER, ensure_base_model  # noqa: E402
from headstream_train.tokenizer import WordPieceTokenizer  # noqa: E402

PARAGRAPHS = [
    {"doc": "Art#0", "question": "Who built the bridge?", "context": "Bob built the bridge in 1900.",
     "spans": [(0, 3)]},
    {"doc": "Art#1", "question": "What is wide?", "context": "The river is wide and slow.", "spans": [(4, 9)]},
    {"doc": "Art#2", "question": "Where is the mill?", "context": "The mill stands near the old town.",
     "spans": [(21, 33)]},
    {"doc": "Art#3", "question": "Who came?", "context": "Later Bob came back.", "spans": [(6, 9)]},
]


class LongContextTest(unittest.TestCase):
    def test_the_answer_paragraph_is_joined_with_others_of_its_article_and_the_span_moves(self):
        items = data.long_contexts(PARAGRAPHS, PARAGRAPHS, 4, random.Random(1), min_paragraphs=2,
                                   max_paragraphs=3)
        self.assertEqual(4, len(items))
        for q, item in zip(PARAGRAPHS, items):
            s, e = item["spans"][0]
            answer = q["context"][q["spans"][0][0]:q["spans"][0][1]]
            self.assertEqual(answer, item["context"][s:e])
            self.assertIn(q["context"], item["context"])
            self.assertTrue(item["long"])
        # "Bob" is in Art#3, so Art#0's question never gets that paragraph (the gold span stays unique).
        self.assertNotIn("Later Bob came back.", items[0]["context"])

    def test_cyclic_slice_wraps_for_a_later_pass(self):
        self.assertEqual([8, 9, 0, 1], data.cyclic_slice(list(range(10)), 8, 4))
        self.assertEqual([], data.cyclic_slice([], 3, 2))


class SharedNormTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        ensure_base_model()
        cls.tok = WordPieceTokenizer.from_file(BASE_TOKENIZER)

    def test_windows_of_a_question_stay_in_one_batch(self):
        examples = []
        for g in range(20):
            for w in range(1 + g % 3):
                examples.append({"task": data.TASK_ANSWER, "input_ids": [1] * (10 + w), "group": g})
        examples += [{"task": data.TASK_SUMMARY, "input_ids": [1] * 12} for _ in range(7)]
        batches = train.length_grouped_batches(examples, 4, seed=3, keep_groups=True)
        self.assertEqual(sorted(range(len(examples))), sorted(i for b in batches for i in b))
        where = {}
        for k, b in enumerate(batches):
            self.assertLessEqual(len(b), 4)
            for i in b:
                g = examples[i].get("group")
                if g is not None:
                    where.setdefault(g, set()).add(k)
        self.assertTrue(all(len(ks) == 1 for ks in where.values()))

    def test_shared_loss_is_lower_when_the_gold_window_outscores_the_other(self):
        # Two windows of one question; the answer is at position 5 of window 0.
        n = 8
        batch = {"attention_mask": torch.ones(2, n, dtype=torch.long),
                 "token_type_ids": torch.tensor([[0, 0, 0, 1, 1, 1, 1, 1]] * 2),
                 "start": torch.tensor([5, 0]), "end": torch.tensor([6, 0]),
                 "group": torch.tensor([7, 7])}
        sel = torch.tensor([True, True])
        null = torch.zeros(2)
        good = torch.zeros(2, n)
        good[0, 5] = good[0, 6] = 4.0
        bad = torch.zeros(2, n)
        bad[1, 5] = bad[1, 6] = 4.0  # the other window's token outscores the gold one
        loss_good = train.shared_norm_loss(good, good, null, batch, sel)
        loss_bad = train.shared_norm_loss(bad, bad, null, batch, sel)
        self.assertLess(loss_good.item(), loss_bad.item())
        # One window per question: nothing to normalize across.
        single = dict(batch, group=torch.tensor([1, 2]))
        self.assertIsNone(train.shared_norm_loss(good, good, null, single, sel))

    def test_build_training_set_groups_answer_windows_only_when_asked(self):
        item = {"doc": "A#0", "question": "Who?", "context": "Bob " * 400, "spans": [(0, 3)]}
        ex = data.answer_examples(self.tok, item, 128, 64, 32)
        self.assertGreater(len(ex), 1)
        self.assertNotIn("group", ex[0])


if __name__ == "__main__":
    unittest.main()
