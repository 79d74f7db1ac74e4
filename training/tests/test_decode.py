"""Decoding of synthetic per-window logits: spans across windows, no-answer, summary, BIO merge."""

import math
import re
import unittest

import numpy as np

from headstream_train import decode as d

CONTEXT = "Alpha beta gamma. Delta epsilon zeta eta. Theta iota kappa lambda. Mu nu."
WORDS = [(m.start(), m.end()) for m in re.finditer(r"\S+", CONTEXT)]  # 13 "tokens"


def windows(first_last_pairs, n_question=2):
    """Windows [CLS] q q [SEP] ctx... [SEP] over context token ranges [a, b)."""
    out = []
    for a, b in first_last_pairs:
        offs = [None] * (n_question + 2) + WORDS[a:b] + [None]
        out.append(d.Window(list(range(len(offs))), [0] * (n_question + 2) + [1] * (len(WORDS[a:b]) + 1), offs))
    return out


def logits_for(ws, start=None, end=None, null=0.0, summary=None, tags=None):
    """Logits per window from dicts keyed by context token index (global); default very low."""
    out = []
    for w in ws:
        n = len(w.offsets)
        s = np.full(n, -10.0, dtype=np.float32)
        e = np.full(n, -10.0, dtype=np.float32)
        sm = np.full(n, -5.0, dtype=np.float32)
        tg = np.tile(np.array([3.0, 0.0, 0.0], dtype=np.float32), (n, 1))
        for t, o in enumerate(w.offsets):
            if o is None:
                continue
            g = WORDS.index(o)
            if start and g in start:
                s[t] = start[g]
            if end and g in end:
                e[t] = end[g]
            if summary and g in summary:
                sm[t] = summary[g](w) if callable(summary[g]) else summary[g]
            if tags and g in tags:
                tg[t] = tags[g](w) if callable(tags[g]) and not isinstance(tags[g], (list, tuple)) else tags[g]
        out.append(d.WindowLogits(s, e, null if not callable(null) else null(w), sm, tg))
    return out


class AnswerDecodingTest(unittest.TestCase):
    def test_best_span_is_exact_substring(self):
        ws = windows([(0, 14)])
        lg = logits_for(ws, start={3: 5.0}, end={5: 4.0}, null=-20.0)
        a = d.decode_answer(CONTEXT, ws, lg)
        self.assertFalse(a.is_null)
        self.assertEqual(a.text, "Delta epsilon zeta")
        self.assertEqual(CONTEXT[a.start:a.end], a.text)
        self.assertAlmostEqual(a.span_score, 9.0)

    def test_end_before_start_and_too_long_spans_are_invalid(self):
        ws = windows([(0, 14)])
        lg = logits_for(ws, start={6: 5.0, 1: 1.0}, end={2: 5.0, 13: 4.0}, null=-20.0)
        # (6,2) invalid; (6,13) length 8 > 3 invalid; best valid: start 1 (1.0) + end 2 (5.0)
        a = d.decode_answer(CONTEXT, ws, lg, max_answer_tokens=3)
        self.assertEqual(a.text, "beta gamma.")
        self.assertAlmostEqual(a.span_score, 6.0)

    def test_question_and_special_tokens_are_never_answers(self):
        ws = windows([(0, 14)])
        lg = logits_for(ws, start={0: 1.0}, end={0: 1.0}, null=-20.0)
        lg[0].start[0] = 100.0  # [CLS]
        lg[0].end[1] = 100.0  # question token
        a = d.decode_answer(CONTEXT, ws, lg)
        self.assertEqual(a.text, "Alpha")

    def test_best_span_found_in_later_window(self):
        ws = windows([(0, 8), (5, 14)])
        # tokens 9, 10 only in window 2 score best
        lg = logits_for(ws, start={2: 3.0, 9: 6.0}, end={2: 3.0, 10: 6.0}, null=-20.0)
        a = d.decode_answer(CONTEXT, ws, lg)
        self.assertEqual(a.text, "kappa lambda.")

    def test_span_cannot_cross_windows(self):
        ws = windows([(0, 8), (6, 14)])
        # start high only where token 4 is seen (window 1), end high only on token 12 (window 2)
        lg = logits_for(ws, start={4: 9.0}, end={12: 9.0}, null=-50.0)
        a = d.decode_answer(CONTEXT, ws, lg)
        self.assertNotEqual(a.text, CONTEXT[WORDS[4][0]:WORDS[12][1]])
        self.assertLess(a.span_score, 0.0)

    def test_no_answer_wins_when_min_null_exceeds_best_span(self):
        ws = windows([(0, 8), (6, 14)])
        nulls = iter([7.0, 4.0])
        lg = logits_for(ws, start={3: 1.0}, end={3: 1.0}, null=lambda w: next(nulls))
        a = d.decode_answer(CONTEXT, ws, lg)
        self.assertTrue(a.is_null)
        self.assertEqual((a.text, a.start, a.end), ("", -1, -1))
        self.assertEqual(a.null_score, 4.0)  # min over windows
        self.assertAlmostEqual(a.null_margin, 2.0)
        # the same logits with null disallowed (SQuAD v1.1) answer the span
        b = d.decode_answer(CONTEXT, ws, lg, allow_null=False)
        self.assertEqual(b.text, "Delta")

    def test_span_wins_ties_with_null(self):
        ws = windows([(0, 14)])
        lg = logits_for(ws, start={3: 1.0}, end={3: 1.0}, null=2.0)
        self.assertFalse(d.decode_answer(CONTEXT, ws, lg).is_null)

    def test_ties_go_to_first_window_lowest_start(self):
        ws = windows([(0, 8), (4, 14)])
        lg = logits_for(ws, start={5: 2.0, 6: 2.0}, end={6: 2.0}, null=-20.0)
        a = d.decode_answer(CONTEXT, ws, lg)
        self.assertEqual(a.text, "zeta eta.")  # (5,6) before (6,6), window 1 before window 2

    def test_mismatched_lengths_are_rejected(self):
        ws = windows([(0, 14)])
        lg = logits_for(ws)
        lg[0].start = lg[0].start[:-1]
        with self.assertRaisesRegex(ValueError, "logits length"):
            d.decode_answer(CONTEXT, ws, lg)


class SummaryDecodingTest(unittest.TestCase):
    # sentences: 0 = tokens 0-2, 1 = 3-6, 2 = 7-10, 3 = 11-12 ("Mu nu.")
    def test_mean_sigmoid_and_context_order(self):
        ws = windows([(0, 14)])
        lg = logits_for(ws, summary={7: 4.0, 8: 4.0, 9: 4.0, 10: 4.0, 0: 2.0, 1: 2.0, 2: 2.0})
        s = d.decode_summary(CONTEXT, ws, lg, d.SummaryBudget(max_sentences=2))
        self.assertEqual([x.index for x in s.sentences], [0, 2])
        self.assertEqual(s.text, "Alpha beta gamma. Theta iota kappa lambda.")
        sig = 1 / (1 + math.exp(-4.0))
        self.assertAlmostEqual(s.sentences[1].score, sig)

    def test_token_seen_twice_takes_max_over_windows(self):
        ws = windows([(0, 8), (5, 14)])
        # token 6 ("eta.") is high in window 2 only
        lg = logits_for(ws, summary={6: lambda w: 6.0 if w.offsets[4] == WORDS[5] else -6.0})
        sal = d.token_salience(ws, lg)
        self.assertAlmostEqual(sal[WORDS[6]], 1 / (1 + math.exp(-6.0)))
        s = d.decode_summary(CONTEXT, ws, lg, d.SummaryBudget(max_sentences=1))
        self.assertEqual(s.text, "Delta epsilon zeta eta.")

    def test_char_budget_skips_long_sentences_but_keeps_first(self):
        ws = windows([(0, 14)])
        lg = logits_for(ws, summary={11: 5.0, 12: 5.0, 7: 4.0, 0: 3.0})
        # ranking: 3 "Mu nu." (6 chars), 2 (24), 0 (17), 1
        s = d.decode_summary(CONTEXT, ws, lg, d.SummaryBudget(max_sentences=None, max_chars=24))
        self.assertEqual([x.index for x in s.sentences], [0, 3])  # 2 skipped (6+24>24), 0 fits
        s = d.decode_summary(CONTEXT, ws, lg, d.SummaryBudget(max_sentences=None, max_chars=3))
        self.assertEqual([x.index for x in s.sentences], [3])  # first always taken

    def test_unseen_sentences_are_not_candidates(self):
        ws = windows([(0, 7)])  # sentences 2 and 3 never seen
        lg = logits_for(ws)
        s = d.decode_summary(CONTEXT, ws, lg, d.SummaryBudget(max_sentences=5))
        self.assertEqual([x.index for x in s.sentences], [0, 1])

    def test_equal_scores_prefer_earlier_sentence(self):
        ws = windows([(0, 14)])
        lg = logits_for(ws)  # every token the same
        s = d.decode_summary(CONTEXT, ws, lg, d.SummaryBudget(max_sentences=2))
        self.assertEqual([x.index for x in s.sentences], [0, 1])


O, B, I = [5.0, 0.0, 0.0], [0.0, 5.0, 0.0], [0.0, 0.0, 5.0]


class ExplanationDecodingTest(unittest.TestCase):
    def test_bio_rules_within_window(self):
        ws = windows([(0, 14)])
        # B I I | B | O I I (I after O opens) | B I
        lg = logits_for(ws, tags={0: B, 1: I, 2: I, 3: B, 5: I, 6: I, 9: B, 10: I})
        spans = d.decode_explanations(CONTEXT, ws, lg)
        self.assertEqual([s.text for s in spans],
                         ["Alpha beta gamma.", "Delta", "zeta eta.", "kappa lambda."])
        p = math.exp(5) / (math.exp(5) + 2)
        self.assertAlmostEqual(spans[0].score, p)

    def test_special_token_closes_span(self):
        ws = windows([(0, 7), (7, 14)])
        lg = logits_for(ws, tags={5: B, 6: I, 7: I, 8: I})
        spans = d.decode_explanations(CONTEXT, ws, lg)
        # window 1 ends after token 6, window 2's I at token 7 opens a new span; they touch, not overlap
        self.assertEqual([s.text for s in spans], ["zeta eta.", "Theta iota"])

    def test_spans_overlapping_across_windows_merge_and_duplicates_collapse(self):
        ws = windows([(0, 9), (4, 14)])
        # window 1 sees 6..8 tagged; window 2 sees 7..10 tagged -> overlap -> one span 6..10
        # token 4 tagged B in both windows -> exact duplicate -> one span
        def tag_for(w, win1, win2):
            return win1 if w.offsets[4] == WORDS[0] else win2
        lg = logits_for(ws, tags={
            4: B,
            6: lambda w: tag_for(w, B, O), 7: lambda w: tag_for(w, I, B), 8: lambda w: tag_for(w, I, I),
            9: I, 10: I,
        })
        spans = d.decode_explanations(CONTEXT, ws, lg)
        self.assertEqual([s.text for s in spans], ["epsilon", "eta. Theta iota kappa lambda."])

    def test_overlap_with_answer_is_marked(self):
        ws = windows([(0, 14)])
        lg = logits_for(ws, start={3: 5.0}, end={4: 5.0}, null=-20.0, tags={4: B, 5: I, 9: B})
        out = d.decode_all(CONTEXT, ws, lg)
        self.assertEqual(out.answer.text, "Delta epsilon")
        self.assertEqual([(s.text, s.overlaps_answer) for s in out.explanations],
                         [("epsilon zeta", True), ("kappa", False)])

    def test_merge_spans_unit(self):
        self.assertEqual(d.merge_spans([(5, 9, 0.6), (0, 3, 0.9), (5, 9, 0.8), (8, 12, 0.7), (12, 14, 0.5)]),
                         [(0, 3, 0.9), (5, 12, 0.8), (12, 14, 0.5)])




class ClipSentenceTest(unittest.TestCase):
    """The same cases as SummaryDecoderTest.clipCutsAtAWordOrAtTheLimit on the Java side."""

    def test_clip_cuts_at_a_word_or_at_the_limit(self):
        from headstream_train.decode import clip_sentence
        words = ("word " * 20).strip()
        cases = [(words, 30, "word word word word word word"), ("汉字" * 50, 30, "汉字" * 15),
                 ("short.", 30, "short."), ("😀" * 40, 10, "😀" * 10), (words, None, words)]
        for text, limit, want in cases:
            self.assertEqual(want, text[:clip_sentence(text, 0, len(text), limit)], (text[:12], limit))




class FillerTest(unittest.TestCase):
    """The same cases as FillerTextTest on the Java side."""

    def test_filler_spans_and_units(self):
        from headstream_train import decode as d
        for text, filler in [("the", True), (", at", True), ("in", True), (". ", True), ("of the", True),
                             ("1,452.40", False), ("Denver Broncos", False), ("the 10th", False)]:
            self.assertEqual(filler, d.is_filler_span(text), text)
        for text, n in [("Grad A: Mm - hmm .", 0), ("Yeah . Yeah .", 0),
                        ("PhD C: We should train the acoustic model on the new data .", 5), ("It was big.", 1),
                        ("The Broncos won Super Bowl 50 in Santa Clara.", 7)]:
            self.assertEqual(n, d.content_words(text), text)
            self.assertEqual(n < d.MIN_CONTENT_WORDS, d.is_filler_unit(text), text)

    def test_manifest_switches_the_rules_on(self):
        from headstream_train import decode as d
        man = {"heads": [{"name": "explanation", "kind": "span_tagging", "decode": {"drop_filler_spans": True}},
                         {"name": "summary", "kind": "sentence_salience", "decode": {"skip_filler_units": True}}]}
        s = d.settings_from_manifest(man)
        self.assertTrue(s.drop_filler_spans and s.skip_filler_units)
        with self.assertRaises(ValueError):
            d.settings_from_manifest({"heads": [{"name": "s", "kind": "sentence_salience",
                                                 "decode": {"skip_filler_units": 1}}]})


if __name__ == "__main__":
    unittest.main()
