import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from headstream_train import data  # noqa: E402
from headstream_train.paths import BASE_TOKENIZER, ensure_base_model  # noqa: E402
from headstream_train.tokenizer import WordPieceTokenizer  # noqa: E402


class DataConversionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        ensure_base_model()
        cls.tok = WordPieceTokenizer.from_file(BASE_TOKENIZER)

    def test_answer_labels_point_at_the_answer_tokens(self):
        context = "The Normans were the people who in the 10th and 11th centuries gave their name to Normandy."
        answer = "10th and 11th centuries"
        s = context.index(answer)
        item = {"question": "When?", "context": context, "spans": [(s, s + len(answer))]}
        [ex] = data.answer_examples(self.tok, item, 384, 128, 64)
        ids = ex["input_ids"]
        self.assertEqual(self.tok.cls_id, ids[0])
        got = [self.tok.inv[i] for i in ids[ex["start"]:ex["end"] + 1]]
        self.assertEqual(["10th", "and", "11th", "centuries"], got)
        q_len = len(self.tok.encode("When?"))
        self.assertEqual([0] * (q_len + 2), ex["token_type_ids"][:q_len + 2])
        self.assertTrue(all(t == 1 for t in ex["token_type_ids"][q_len + 2:]))

    def test_windows_step_by_doc_stride_and_cover_the_context(self):
        wins = data.windows(self.tok, [5] * 10, 300, max_seq_len=100, doc_stride=40,
                            max_question_tokens=64)
        room = 100 - 10 - 3
        self.assertEqual((0, room), wins[0])
        self.assertEqual([0, 40, 80, 120, 160, 200, 240], [s for s, _ in wins])
        self.assertEqual(300, wins[-1][1])
        self.assertTrue(all(e - s <= room for s, e in wins))

    def test_question_is_cut_to_max_question_tokens(self):
        w = data.make_window(self.tok, list(range(1000, 1100)), [7] * 20, 0, 20, 64)
        self.assertEqual(64 + 2, w.ctx_offset)
        self.assertEqual(64 + 20 + 3, len(w.input_ids))

    def test_window_without_the_whole_answer_targets_the_null_slot(self):
        context = " ".join(f"w{i}" for i in range(400)) + " the answer is here"
        s = context.index("answer is here")
        item = {"question": "q", "context": context, "spans": [(s, s + len("answer is here"))]}
        exs = data.answer_examples(self.tok, item, 128, 64, 64)
        self.assertGreater(len(exs), 2)
        self.assertEqual((0, 0), (exs[0]["start"], exs[0]["end"]))
        last = exs[-1]
        self.assertEqual(["answer", "is", "here"],
                         [self.tok.inv[i] for i in last["input_ids"][last["start"]:last["end"] + 1]])

    def test_bio_labels_mark_each_span_and_ignore_the_question(self):
        context = "Sales were made in France, Spain and Italy last year."
        spans = [(context.index(x), context.index(x) + len(x)) for x in ("France", "Spain", "Italy")]
        item = {"question": "Where were sales made?", "context": context, "spans": spans}
        [ex] = data.explanation_examples(self.tok, item, 384, 128, 64)
        lab = ex["labels"]
        q_len = len(self.tok.encode(item["question"]))
        self.assertTrue(all(x == data.IGNORE for x in lab[:q_len + 2]))
        self.assertEqual(data.IGNORE, lab[-1])  # final [SEP]
        tagged = [(self.tok.inv[i], l) for i, l in zip(ex["input_ids"], lab) if l in (1, 2)]
        self.assertEqual([("france", 1), ("spain", 1), ("italy", 1)], tagged)

    def test_multi_token_span_gets_b_then_i(self):
        context = "It was signed in Porkkalanniemi yesterday."
        s = context.index("Porkkalanniemi")
        item = {"question": "", "context": context, "spans": [(s, s + len("Porkkalanniemi"))]}
        [ex] = data.explanation_examples(self.tok, item, 384, 128, 64)
        tags = [l for l in ex["labels"] if l in (1, 2)]
        self.assertGreater(len(tags), 1)
        self.assertEqual([1] + [2] * (len(tags) - 1), tags)

    def test_summary_windows_have_an_empty_question_and_sentence_labels(self):
        context = "First sentence here. The oracle sentence is this one. A last one."
        s = context.index("The oracle")
        e = context.index("A last")
        item = {"context": context, "spans": [(s, e - 1)]}
        [ex] = data.summary_examples(self.tok, item, 384, 128, 64)
        self.assertEqual([self.tok.cls_id, self.tok.sep_id], ex["input_ids"][:2])
        self.assertEqual(1, ex["token_type_ids"][2])
        pos = [self.tok.inv[i] for i, l in zip(ex["input_ids"], ex["labels"]) if l == 1]
        self.assertEqual(["the", "oracle", "sentence", "is", "this", "one", "."], pos)

    def test_char_span_to_tokens_uses_overlap(self):
        toks = self.tok.tokenize("unaffable people")
        self.assertEqual((0, 2), data.char_span_to_tokens(toks, 0, 9))
        self.assertEqual((0, 0), data.char_span_to_tokens(toks, 1, 2))
        self.assertIsNone(data.char_span_to_tokens(toks, 9, 10))


class SplitTest(unittest.TestCase):
    def test_split_rule_is_stable_and_balanced(self):
        # Pinned values: the evaluation imports this rule, and it must never drift.
        self.assertFalse(data.is_train_doc("tatqa:3ffd9053-a45d-491c-957a-1b2fa0af0570"))
        self.assertEqual([False, False, True, False, True, False, False, False],
                         [data.is_train_doc(f"doc{i}") for i in range(8)])
        ids = [f"doc{i}" for i in range(2000)]
        share = sum(data.is_train_doc(i) for i in ids) / len(ids)
        self.assertAlmostEqual(0.5, share, delta=0.05)

    def test_drop_and_tatqa_halves_are_disjoint_by_document(self):
        for loader in (data.drop_span_questions, data.tatqa_span_questions):
            train = {x["doc"] for x in loader(train=True)}
            held = {x["doc"] for x in loader(train=False)}
            self.assertTrue(train)
            self.assertTrue(held)
            self.assertFalse(train & held)
            self.assertTrue(all(data.is_train_doc(d) for d in train))

    def test_drop_multi_span_answer_splits_on_and(self):
        row = {"context": "Passage: A, B and C won.\nQuestion: Who won?\nAnswer:",
               "completion": " A and C", "ref_text": "A and C"}
        passage, question, answers = data.parse_drop(row)
        self.assertEqual(("A, B and C won.", "Who won?", ["A and C"]), (passage, question, answers))


if __name__ == "__main__":
    unittest.main()
