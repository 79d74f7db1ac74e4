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


class GenericSummaryOracleTest(unittest.TestCase):
    def test_greedy_oracle_picks_the_units_that_cover_the_reference(self):
        units = ["The budget for the new remote control was set at twelve euros.",
                 "Right .",
                 "We had lunch somewhere else entirely, nothing to do with it.",
                 "The team agreed on a rubber case and a yellow colour for the remote."]
        ref = ["The team set the budget at twelve euros and agreed on a yellow rubber case."]
        self.assertEqual([0, 3], data.greedy_oracle(units, ref))

    def test_greedy_oracle_never_picks_short_units_and_stops_without_gain(self):
        units = ["twelve euros", "Nothing in common with the summary at all here."]
        self.assertEqual([], data.greedy_oracle(units, ["twelve euros"]))
        self.assertEqual([], data.greedy_oracle(["some words here now"], [""]))

    def test_greedy_oracle_respects_max_units(self):
        units = [f"alpha beta gamma delta {w}" for w in ("one", "two", "three")]
        ref = ["alpha beta gamma delta one two three"]
        self.assertEqual(1, len(data.greedy_oracle(units, ref, max_units=1)))


class LongSummaryWindowsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        ensure_base_model()
        cls.tok = WordPieceTokenizer.from_file(BASE_TOKENIZER)

    def test_windows_without_an_oracle_unit_are_thinned_and_the_question_is_empty(self):
        context = " ".join(f"Filler sentence number {i} says nothing." for i in range(300))
        context += " The oracle sentence is here."
        s = context.index("The oracle")
        item = {"context": context, "spans": [(s, len(context))]}
        every = data.summary_examples(self.tok, item, 64, 32, 64)
        thinned = data.long_summary_examples(self.tok, item, 64, 32, 64)
        positive = [ex for ex in thinned if 1 in ex["labels"]]
        self.assertEqual(len([ex for ex in every if 1 in ex["labels"]]), len(positive))
        self.assertGreater(len(positive), 0)
        empty_every = len(every) - len(positive)
        empty_kept = len(thinned) - len(positive)
        self.assertLess(empty_kept, empty_every / 3)
        self.assertGreater(empty_kept, 0)
        for ex in thinned:
            self.assertEqual([self.tok.cls_id, self.tok.sep_id], ex["input_ids"][:2])
            self.assertEqual(data.TASK_SUMMARY, ex["task"])

    def test_qmsum_uses_only_the_general_queries_and_renders_turns_like_the_evaluation(self):
        import gzip
        import json
        import tempfile
        from headstream_train.evaluate import qmsum_context
        row = {"meeting_id": "M1",
               "general_query_list": [{"query": "Summarize the whole meeting.",
                                       "answer": "The team chose a yellow rubber case."}],
               "specific_query_list": [{"query": "What about the budget?",
                                        "answer": "Twelve euros for the budget.",
                                        "relevant_text_span": [["0", "0"]]}],
               "meeting_transcripts": [
                   {"speaker": "A", "content": "The budget is twelve euros {disfmarker} for the budget ."},
                   {"speaker": "B", "content": "I think a yellow rubber case is what the team chose ."},
                   {"speaker": "C", "content": "{vocalsound}"}]}
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "q.jsonl.gz")
            with gzip.open(path, "wt", encoding="utf-8") as f:
                f.write(json.dumps(row) + "\n")
            [doc] = data.qmsum_general_documents(path)
        expected, _ = qmsum_context(row["meeting_transcripts"], [(0, 2)])
        self.assertEqual(expected, doc["context"])
        self.assertEqual(["B: I think a yellow rubber case is what the team chose ."],
                         [doc["context"][a:b] for a, b in doc["spans"]])


class SquadNegativesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        ensure_base_model()
        cls.tok = WordPieceTokenizer.from_file(BASE_TOKENIZER)

    def test_negative_pairs_a_question_with_another_paragraph_of_its_article(self):
        import random
        qs = [{"doc": "Art#0", "question": "Who built it?", "context": "Bob built the bridge.",
               "spans": [(0, 3)]},
              {"doc": "Art#1", "question": "When?", "context": "Bob came in 1900.", "spans": [(12, 16)]},
              {"doc": "Art#2", "question": "Where?", "context": "The river is wide.", "spans": [(4, 9)]},
              {"doc": "Solo#0", "question": "What?", "context": "Only one paragraph.", "spans": [(0, 4)]}]
        neg = data.squad_negatives(qs, 4, random.Random(0))
        by_q = {n["question"]: n for n in neg}
        # "Bob" occurs in Art#1, so Art#0's question can only get Art#2's paragraph.
        self.assertEqual("The river is wide.", by_q["Who built it?"]["context"])
        self.assertNotIn("What?", by_q)  # no other paragraph in its article
        self.assertEqual(3, len(neg))
        for n in neg:
            self.assertEqual([], n["spans"])
            for ex in data.answer_examples(self.tok, n, 384, 128, 64):
                self.assertEqual((0, 0), (ex["start"], ex["end"]))  # the null slot


class SquadOffsetTest(unittest.TestCase):
    def test_offset_takes_questions_after_the_first_run(self):
        class Tok:  # counts calls only; build_training_set's SQuAD slicing is what is tested
            pass
        seen = {}

        def fake_answer(tok, item, *args):
            seen.setdefault("answer", []).append(item["question"])
            return []

        def fake_expl(tok, item, *args):
            seen.setdefault("explanation", []).append(item["question"])
            return []
        saved = (data.squad_questions, data.answer_examples, data.explanation_examples,
                 data.drop_span_questions, data.tatqa_span_questions, data.scitldr_documents)
        qs = [{"question": f"q{i}", "context": "c", "spans": [(0, 1)]} for i in range(20)]
        try:
            data.squad_questions = lambda: list(qs)
            data.answer_examples, data.explanation_examples = fake_answer, fake_expl
            data.drop_span_questions = data.tatqa_span_questions = lambda train: []
            data.scitldr_documents = lambda: []
            data.build_training_set(Tok(), n_squad_answer=4, n_squad_explanation=2, log=lambda m: None)
            first = seen
            seen = {}
            data.build_training_set(Tok(), n_squad_answer=4, n_squad_explanation=2, squad_offset=6,
                                    log=lambda m: None)
        finally:
            (data.squad_questions, data.answer_examples, data.explanation_examples,
             data.drop_span_questions, data.tatqa_span_questions, data.scitldr_documents) = saved
        used_first = set(first["answer"]) | set(first["explanation"])
        used_second = set(seen["answer"]) | set(seen["explanation"])
        self.assertEqual(6, len(used_first))
        self.assertEqual(6, len(used_second))
        self.assertEqual(set(), used_first & used_second)


if __name__ == "__main__":
    unittest.main()
