"""Calibrated decoding: the explanation span threshold, whole-word spans, the manifest's decode
settings (EVALUATION.md sections 2 and 5). The Java twins: ExplanationDecoderThresholdTest,
WordSpansTest (same word_span_cases.json) and ModelBundleTest."""

import json
import math
import os
import unittest

import numpy as np

from headstream_train import decode as d
from test_decode import CONTEXT, logits_for, windows

HERE = os.path.dirname(os.path.abspath(__file__))


def quiet(o, b, i):
    """Logits whose softmax is (o, b, i) / (o + b + i)."""
    return [math.log(o), math.log(b), math.log(i)]


#: token -> logits: 0 quiet B (P(B)+P(I) = 0.3), 1 quiet I (0.3), 4 quiet I after O (0.3),
#: 5 B/I tie (0.4), 6 below every threshold used (0.2); other tokens strongly O.
QUIET_TAGS = {0: quiet(7, 2, 1), 1: quiet(7, 1, 2), 4: quiet(7, 1, 2), 5: quiet(6, 2, 2), 6: quiet(8, 1, 1)}


class SpanThresholdTest(unittest.TestCase):
    def decode(self, threshold):
        ws = windows([(0, 14)])
        lg = logits_for(ws, tags=QUIET_TAGS)
        return d.decode_explanations(CONTEXT, ws, lg, settings=d.DecodeSettings(span_threshold=threshold))

    def test_argmax_marks_nothing_when_the_head_is_quiet(self):
        self.assertEqual(self.decode(None), [])

    def test_threshold_marks_tokens_whose_in_span_probability_reaches_it(self):
        spans = self.decode(0.25)
        # 0 B + 1 I -> one span; 4 I after O opens; 5 ties B/I -> B opens a new span; 6 stays out
        self.assertEqual([s.text for s in spans], ["Alpha beta", "epsilon", "zeta"])
        self.assertAlmostEqual(spans[0].score, 0.3)
        self.assertAlmostEqual(spans[2].score, 0.4)

    def test_higher_threshold_marks_less(self):
        self.assertEqual([s.text for s in self.decode(0.35)], ["zeta"])

    def test_threshold_one_keeps_confident_tokens(self):
        ws = windows([(0, 14)])
        lg = logits_for(ws, tags={3: [-100.0, 100.0, 0.0]})
        spans = d.decode_explanations(CONTEXT, ws, lg, settings=d.DecodeSettings(span_threshold=1.0))
        self.assertEqual([s.text for s in spans], ["Delta"])


NUM_CONTEXT = "Revenue 1,452.40 rose 😀 to (56.7) million."
#: the WordPiece tokens of NUM_CONTEXT, code point offsets
NUM_TOKENS = ["Revenue", "1", ",", "452", ".", "40", "rose", "😀", "to", "(", "56", ".", "7", ")", "million", "."]


def num_window():
    offs, pos = [], 0
    for t in NUM_TOKENS:
        pos = NUM_CONTEXT.index(t, pos)
        offs.append((pos, pos + len(t)))
        pos += len(t)
    offsets = [None, None] + offs + [None]
    return d.Window(list(range(len(offsets))), [0, 0] + [1] * (len(offs) + 1), offsets)


def num_logits(window, tagged):
    n = len(window.offsets)
    tags = np.tile(np.array([3.0, 0.0, 0.0], dtype=np.float32), (n, 1))
    for k, row in tagged.items():
        tags[k + 2] = row
    z = np.zeros(n, dtype=np.float32)
    return d.WindowLogits(z, z, 0.0, z, tags)


class WholeWordsTest(unittest.TestCase):
    B = [0.0, 5.0, 0.0]
    I = [0.0, 0.0, 5.0]

    def decode(self, tagged, whole_words=True):
        w = num_window()
        return d.decode_explanations(NUM_CONTEXT, [w], [num_logits(w, tagged)],
                                     settings=d.DecodeSettings(whole_words=whole_words))

    def test_a_piece_of_a_number_becomes_the_number(self):
        self.assertEqual([s.text for s in self.decode({3: self.B})], ["1,452.40"])
        self.assertEqual([s.text for s in self.decode({3: self.B}, whole_words=False)], ["452"])

    def test_pieces_of_one_number_merge_into_one_span(self):
        spans = self.decode({1: self.B, 5: self.B, 10: self.B, 12: self.I})
        self.assertEqual([(s.text, s.start, s.end) for s in spans],
                         [("1,452.40", 8, 16), ("56.7", 28, 32)])  # code points: the emoji is one

    def test_emoji_offsets_stay_code_points(self):
        spans = self.decode({8: self.B, 11: self.B})
        self.assertEqual([s.text for s in spans], ["to", "56.7"])

    def test_shared_cases(self):
        with open(os.path.join(HERE, "word_span_cases.json"), encoding="utf-8") as f:
            cases = json.load(f)["cases"]
        self.assertGreaterEqual(len(cases), 15)
        for c in cases:
            with self.subTest(c["name"]):
                s, e = d.extend_to_words(c["text"], *c["span"])
                self.assertEqual([s, e], c["expected"])
                self.assertEqual(c["text"][s:e], c["expected_text"])


def manifest(answer_decode=None, explanation_decode=None):
    heads = [{"name": "answer", "kind": "span"}, {"name": "summary", "kind": "sentence_salience"},
             {"name": "explanation", "kind": "span_tagging"}]
    if answer_decode is not None:
        heads[0]["decode"] = answer_decode
    if explanation_decode is not None:
        heads[2]["decode"] = explanation_decode
    return {"heads": heads}


class ManifestSettingsTest(unittest.TestCase):
    def test_absent_settings_are_the_format_1_defaults(self):
        self.assertEqual(d.settings_from_manifest(manifest()), d.DecodeSettings(None, False, 0.0))

    def test_values_are_read_from_their_heads(self):
        s = d.settings_from_manifest(manifest({"null_threshold": -1.25},
                                              {"span_threshold": 0.2, "whole_words": True}))
        self.assertEqual(s, d.DecodeSettings(0.2, True, -1.25))

    def test_bad_values_name_the_head_and_key(self):
        for dec, needle in [({"span_threshold": 0}, "decode.span_threshold"),
                            ({"span_threshold": 1.5}, "decode.span_threshold"),
                            ({"span_threshold": "0.2"}, "decode.span_threshold"),
                            ({"span_threshold": True}, "decode.span_threshold"),
                            ({"whole_words": 1}, "decode.whole_words")]:
            with self.subTest(dec=dec):
                with self.assertRaises(ValueError) as cm:
                    d.settings_from_manifest(manifest(explanation_decode=dec))
                self.assertIn(needle, str(cm.exception))
                self.assertIn('head "explanation"', str(cm.exception))
        with self.assertRaises(ValueError) as cm:
            d.settings_from_manifest(manifest({"null_threshold": float("nan")}))
        self.assertIn("decode.null_threshold", str(cm.exception))
        with self.assertRaises(ValueError):
            d.settings_from_manifest(manifest(explanation_decode=[0.2]))

    def test_null_threshold_moves_the_no_answer_decision(self):
        ws = windows([(0, 14)])
        lg = logits_for(ws, start={3: 1.0}, end={3: 1.0}, null=3.0)  # null - span = 1
        self.assertTrue(d.decode_answer(CONTEXT, ws, lg).is_null)
        self.assertFalse(d.decode_answer(CONTEXT, ws, lg, null_threshold=1.5).is_null)
        out = d.decode_all(CONTEXT, ws, lg, settings=d.DecodeSettings(null_threshold=1.5))
        self.assertEqual(out.answer.text, "Delta")


if __name__ == "__main__":
    unittest.main()


class ManifestWritingTest(unittest.TestCase):
    """calibrate.py --write and export.py keep the thresholds and every other byte of the manifest."""

    def setUp(self):
        import tempfile

        self.tmp = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.tmp.name, "manifest.json")
        fixture = os.path.join(os.path.dirname(os.path.dirname(HERE)), "models", "fixture", "manifest.json")
        with open(fixture, encoding="utf-8") as f:
            self.original = f.read()
        with open(self.path, "w", encoding="utf-8") as f:
            f.write(self.original)

    def tearDown(self):
        self.tmp.cleanup()

    def test_write_adds_decode_objects_and_changes_nothing_else(self):
        import calibrate

        calibrate.write_manifest(self.path, 0.2, -1.25)
        with open(self.path, encoding="utf-8") as f:
            written = json.load(f)
        self.assertEqual(d.settings_from_manifest(written), d.DecodeSettings(0.2, True, -1.25))
        original = json.loads(self.original)
        for h in written["heads"]:
            h.pop("decode", None)
        self.assertEqual(written, original)
        self.assertEqual(list(json.loads(open(self.path).read())), list(original))  # key order kept
        # writing again replaces the values in place
        calibrate.write_manifest(self.path, 0.1, 0.5)
        with open(self.path, encoding="utf-8") as f:
            again = f.read()
        self.assertEqual(d.settings_from_manifest(json.loads(again)), d.DecodeSettings(0.1, True, 0.5))
        self.assertEqual(again.count('"decode"'), 2)

    def test_export_carries_the_thresholds_into_the_new_manifest(self):
        import calibrate
        import export
        from headstream_train import bundle

        self.assertEqual(export.previous_decode(self.path, explicit=False), {})
        calibrate.write_manifest(self.path, 0.2, -1.25)
        kept = export.previous_decode(self.path, explicit=False)
        self.assertEqual(kept, {"answer": {"null_threshold": -1.25},
                                "explanation": {"span_threshold": 0.2, "whole_words": True}})
        fixture_model = os.path.join(os.path.dirname(os.path.dirname(HERE)), "models", "fixture", "model.onnx")
        from headstream_train.bert import BertConfig

        man = bundle.manifest(fixture_model, "fp32", BertConfig(vocab_size=10, hidden=8, layers=1, heads=1,
                                                                intermediate=8), {}, base="x", decode=kept)
        self.assertEqual(d.settings_from_manifest(man), d.DecodeSettings(0.2, True, -1.25))
        self.assertEqual(list(man["heads"][2])[-1], "decode")
        self.assertEqual(export.previous_decode(os.path.join(self.tmp.name, "absent.json"), explicit=False), {})
        with self.assertRaises(SystemExit):
            export.previous_decode(os.path.join(self.tmp.name, "absent.json"), explicit=True)


class CalibrationRulesTest(unittest.TestCase):
    def test_span_threshold_prefers_the_highest_within_a_point_of_the_best(self):
        import calibrate

        def row(t, recall, share):
            return (str(t), d.DecodeSettings(t, True), {"argument_recall": recall, "marked_number_share": share})
        rows = [row(0.05, 86.7, 56.8), row(0.075, 71.6, 42.7), row(0.1, 63.1, 33.8), row(0.15, 47.8, 23.1)]
        # Only 0.15 marks at most 30 % of the numbers.
        self.assertEqual(calibrate.pick_span_threshold(rows)[1].span_threshold, 0.15)
        rows = [row(0.05, 86.7, 56.8), row(0.075, 71.6, 42.7), row(0.1, 63.1, 29.8), row(0.15, 47.8, 23.1)]
        self.assertEqual(calibrate.pick_span_threshold(rows)[1].span_threshold, 0.1)  # 33.3 vs 24.7
        rows = [row(0.05, 86.7, 50.0), row(0.1, 63.1, 33.8)]
        self.assertEqual(calibrate.pick_span_threshold(rows)[1].span_threshold, 0.05)  # 36.7 vs 29.3

    def test_null_threshold_is_kept_only_when_it_beats_never_and_always_abstaining(self):
        import calibrate
        at0 = {"f1": 34.1, "NoAns_total": 159, "total": 300}
        useful, why = calibrate.null_threshold_useful(at0, {"f1": 54.1})  # always abstaining: 53.0
        self.assertFalse(useful)
        self.assertIn("53.0 always abstaining", why)
        self.assertTrue(calibrate.null_threshold_useful(at0, {"f1": 60.0})[0])

    def test_span_threshold_maximises_recall_minus_marked_share_ties_to_the_higher(self):
        import calibrate

        def row(t, recall, share):
            return (str(t), d.DecodeSettings(t, True), {"argument_recall": recall, "marked_number_share": share,
                                                        "span_precision": 50.0})
        rows = [("argmax", d.DecodeSettings(), {"argument_recall": 0.0, "marked_number_share": 0.0}),
                row(0.02, 100.0, 100.0), row(0.05, 70.0, 30.0), row(0.1, 60.0, 20.0), row(0.2, 20.0, 5.0)]
        self.assertEqual(calibrate.pick_span_threshold(rows)[1].span_threshold, 0.1)  # 40 = 40: higher wins

    def test_null_threshold_is_the_midpoint_after_the_best_f1_margin(self):
        import calibrate

        class Feat:
            max_answer_tokens = 30

        ws = windows([(0, 14)])
        # margins: q1 -3 (answerable, right span), q2 +1 (unanswerable), q3 -1 (unanswerable),
        # q4 +0.5 (answerable, right span). Best F1: answer only q1 -> threshold between -3 and -1.
        plan = [("q1", ["Delta"], 3, 1.0), ("q2", [], 3, 5.0), ("q3", [], 3, 3.0), ("q4", ["Alpha"], 0, 4.5)]
        cache, examples = {}, []
        for qid, golds, tok, null in plan:
            cache[(qid, CONTEXT)] = (ws, logits_for(ws, start={tok: 2.0}, end={tok: 2.0}, null=null))
            examples.append({"id": qid, "question": qid, "context": CONTEXT, "golds": golds})
        t, at0, at_t = calibrate.null_threshold_from(Feat(), cache, examples)
        self.assertEqual(t, -2.0)
        self.assertAlmostEqual(at0["f1"], 50.0)
        self.assertAlmostEqual(at_t["f1"], 75.0)
        self.assertAlmostEqual(at0["best_f1"], 75.0)
