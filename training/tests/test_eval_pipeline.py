"""The evaluation pipeline end to end on small synthetic data files with scripted engines.

A whitespace featurizer and an engine that reads the intended outputs from a script stand in for
the tokenizer and the model, so the loaders, decoding and aggregation are checked on known
answers: an oracle must score 100, a wrong engine must not.
"""

import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

import numpy as np

from headstream_train import decode as d
from headstream_train import evaluate as ev
from headstream_train.data import drop_doc_id, is_train_doc, squad2_doc_id, tatqa_doc_id

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class WhitespaceFeaturizer:
    """One token per whitespace-separated word; windows of `room` words every `stride` words."""

    max_answer_tokens = 30

    def __init__(self, room=8, stride=4):
        self.room, self.stride = room, stride
        self.meta = {}

    def windows(self, question, context):
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", context)]
        nq = len(question.split())
        out, s = [], 0
        while True:
            e = min(s + self.room, len(words))
            offs = [None] * (nq + 2) + words[s:e] + [None]
            w = d.Window(list(range(len(offs))), [0] * (nq + 2) + [1] * (e - s + 1), offs)
            self.meta[id(w)] = (question, context)
            out.append(w)
            if e >= len(words):
                return out
            s += self.stride


class ScriptedEngine:
    """Logits that make the decoders return `script[(question, context)]`:
    {"answer": (start, end) chars or None, "tags": [(start, end), ...], "salient": [(start, end)]}."""

    def __init__(self, featurizer, script):
        self.f, self.script = featurizer, script

    def logits(self, windows):
        out = []
        for w in windows:
            plan = self.script.get(self.f.meta[id(w)], {})
            n = len(w.offsets)
            s, e, sm = np.full(n, -5.0), np.full(n, -5.0), np.full(n, -3.0)
            tags = np.tile([4.0, 0.0, 0.0], (n, 1))
            ans = plan.get("answer")
            has = False
            for t, o in enumerate(w.offsets):
                if o is None:
                    continue
                if ans and o[0] == ans[0]:
                    s[t] = 5.0
                if ans and o[1] == ans[1]:
                    e[t] = 5.0
                if ans and ans[0] <= o[0] and o[1] <= ans[1]:
                    has = True
                for a, b in plan.get("tags", []):
                    if a <= o[0] and o[1] <= b:
                        tags[t] = [0.0, 4.0, 0.0] if o[0] == a else [0.0, 0.0, 4.0]
                for a, b in plan.get("salient", []):
                    if a <= o[0] and o[1] <= b:
                        sm[t] = 3.0
            null = -20.0 if has else 20.0
            out.append(d.WindowLogits(s.astype(np.float32), e.astype(np.float32), null,
                                      sm.astype(np.float32), tags.astype(np.float32)))
        return out


def write_gz(path, obj=None, lines=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as f:
        if lines is not None:
            for x in lines:
                f.write(json.dumps(x) + "\n")
        else:
            json.dump(obj, f)


class DataDirTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.old = ev.DATA_DIR
        ev.DATA_DIR = self.tmp.name
        self.feat = WhitespaceFeaturizer()
        self.records = []

    def tearDown(self):
        ev.DATA_DIR = self.old
        self.tmp.cleanup()

    def predictor(self, script):
        return ev.Predictor(self.feat, ScriptedEngine(self.feat, script))


CTX = ("The Normans were the people who in the 10th and 11th centuries gave their name to Normandy, "
       "a region in France. They were descended from Norse raiders and pirates.")


def span_of(text, sub):
    i = text.index(sub)
    return (i, i + len(sub))


class SquadPipelineTest(DataDirTest):
    def squad_file(self, name, with_impossible, title="Normans", extra_articles=()):
        qas = [{"id": "q1", "question": "Where is Normandy?",
                "answers": [{"text": "France", "answer_start": CTX.index("France")}]},
               {"id": "q2", "question": "When did they name Normandy?",
                "answers": [{"text": "10th and 11th centuries", "answer_start": CTX.index("10th")}]}]
        if with_impossible:
            qas.append({"id": "q3", "question": "Who ruled Norway?", "answers": [], "is_impossible": True})
        write_gz(os.path.join(self.tmp.name, "squad", name),
                 {"data": [{"title": title, "paragraphs": [{"context": CTX, "qas": qas}]}] + list(extra_articles)})

    def test_oracle_engine_scores_100_across_windows(self):
        self.squad_file("squad11_dev_a.json.gz", False)
        script = {("Where is Normandy?", CTX): {"answer": span_of(CTX, "France.")},
                  ("When did they name Normandy?", CTX): {"answer": span_of(CTX, "10th and 11th centuries")}}
        r = ev.run_task("squad", self.predictor(script), None, self.records.append)
        self.assertEqual(r.metrics["exact_match"], 100.0)
        self.assertEqual([x["answer"] for x in self.records], ["France.", "10th and 11th centuries"])
        self.assertGreater(r.windows, 2)  # the context is split into several windows

    def test_wrong_span_and_limit(self):
        self.squad_file("squad11_dev_a.json.gz", False)
        script = {("Where is Normandy?", CTX): {"answer": span_of(CTX, "Norse raiders")}}
        r = ev.run_task("squad", self.predictor(script), 1, self.records.append)
        self.assertEqual(r.examples, 1)
        self.assertEqual(r.metrics["exact_match"], 0.0)
        self.assertEqual(r.metrics["f1"], 0.0)

    def squad2_file(self):
        """The questions under a held-out title, then one article of the calibration half."""
        held = held_out_id(squad2_doc_id, "Normans")
        calib = next(f"Cal{k}" for k in range(100) if is_train_doc(squad2_doc_id(f"Cal{k}")))
        other = {"title": calib, "paragraphs": [{"context": CTX, "qas": [
            {"id": "c1", "question": "Calibration only?", "answers": [], "is_impossible": True}]}]}
        self.squad_file("squad20_dev_a.json.gz", True, title=held, extra_articles=[other])

    def test_squad2_evaluates_held_out_articles_and_calibrates_on_the_others(self):
        self.squad2_file()
        self.assertEqual([e["id"] for e in ev.squad2_examples()], ["q1", "q2", "q3"])
        self.assertEqual([e["id"] for e in ev.squad2_examples(calibration=True)], ["c1"])

    def test_squad2_null_answers(self):
        self.squad2_file()
        script = {("Where is Normandy?", CTX): {"answer": span_of(CTX, "France.")},
                  ("When did they name Normandy?", CTX): {}}  # wrongly abstains
        r = ev.run_task("squad2", self.predictor(script), None, self.records.append)
        m = r.metrics
        self.assertEqual((m["HasAns_total"], m["NoAns_total"]), (2, 1))
        self.assertAlmostEqual(m["HasAns_exact"], 50.0)
        self.assertAlmostEqual(m["NoAns_exact"], 100.0)
        self.assertAlmostEqual(m["no_answer_accuracy"], 200 / 3)
        self.assertEqual([x["is_null"] for x in self.records], [False, True, True])


def held_out_id(make, prefix):
    for k in range(100):
        if not is_train_doc(make(f"{prefix}{k}")):
            return f"{prefix}{k}"
    raise AssertionError("no held-out id found")


class ExplanationPipelineTest(DataDirTest):
    def test_tatqa_argument_recall_on_held_out_docs_only(self):
        uid_eval = held_out_id(lambda u: tatqa_doc_id({"table": {"uid": u}}), "t")
        uid_train = next(f"u{k}" for k in range(100) if is_train_doc(tatqa_doc_id({"table": {"uid": f"u{k}"}})))

        def doc(uid):
            return {"table": {"uid": uid, "table": [["", "2019", "2018"], ["Sales", "$1,496.5", "1,202.9"]]},
                    "paragraphs": [{"uid": "p", "order": 1, "text": "Sales rose in 2019."}],
                    "questions": [{"uid": f"{uid}-q", "question": "What is the change in sales?",
                                   "answer": 293.6, "derivation": "1,496.5 - 1,202.9", "answer_type": "arithmetic"},
                                  {"uid": f"{uid}-s", "question": "Which year?", "answer": ["2019"],
                                   "derivation": "", "answer_type": "span"}]}
        write_gz(os.path.join(self.tmp.name, "tatqa", "tatqa_dataset_dev.json.gz"), [doc(uid_train), doc(uid_eval)])
        from headstream_train.data import tatqa_context
        ctx = tatqa_context(doc(uid_eval))
        script = {("What is the change in sales?", ctx): {"tags": [span_of(ctx, "$1,496.5")],
                                                          "answer": span_of(ctx, "1,202.9")}}
        r = ev.run_task("tatqa", self.predictor(script), None, self.records.append)
        self.assertEqual(r.examples, 1)
        self.assertEqual(self.records[0]["id"], f"{uid_eval}-q")
        self.assertAlmostEqual(r.metrics["argument_recall"], 50.0)
        self.assertAlmostEqual(r.metrics["span_precision"], 100.0)
        self.assertAlmostEqual(r.metrics["answer_span_argument_rate"], 100.0)  # 1,202.9 is an argument
        self.assertEqual(self.records[0]["answer"], "1,202.9")

    def test_drop_number_recall_and_answer(self):
        passages = [f"Passage {k}: the Bears scored 21 points and the Lions scored 14 points." for k in range(40)]
        held = [p for p in passages if not is_train_doc(drop_doc_id(p))][:2]
        lines = [{"context": f"Passage: {p}\nQuestion: How many more points did the Bears score?\nAnswer:",
                  "completion": " 7", "ref_text": "7"} for p in held]
        write_gz(os.path.join(self.tmp.name, "drop", "drop_dev_a.jsonl.gz"), lines=lines)
        q = "How many more points did the Bears score?"
        script = {(q, held[0]): {"answer": span_of(held[0], "21"), "tags": [span_of(held[0], "21 points"),
                                                                            span_of(held[0], "14 points.")]},
                  (q, held[1]): {"answer": span_of(held[1], "Lions"), "tags": [span_of(held[1], "21")]}}
        r = ev.run_task("drop", self.predictor(script), None, self.records.append)
        self.assertEqual(r.metrics["number_questions_scored"], 2)
        self.assertAlmostEqual(r.metrics["number_recall"], 75.0)  # 1.0 and 0.5
        self.assertAlmostEqual(r.metrics["answer_span_argument_rate"], 50.0)  # "21" yes, "Lions" no
        self.assertEqual(r.metrics["exact_match"], 0.0)

    def test_hotpotqa_precision(self):
        row = {"_id": "h1", "question": "Which city?", "answer": "Paris",
               "supporting_facts": [["A", 1]],
               "context": [["A", ["Alpha is a town.", " Paris is its capital city."]], ["B", ["Beta is far away."]]]}
        write_gz(os.path.join(self.tmp.name, "hotpotqa", "hotpotqa_dev_a.jsonl.gz"), lines=[row])
        ctx, regions = ev.hotpot_context(row)
        self.assertEqual(ctx, "A\nAlpha is a town. Paris is its capital city.\n\nB\nBeta is far away.")
        self.assertEqual([ctx[a:b] for a, b in regions], ["Paris is its capital city."])
        script = {("Which city?", ctx): {"answer": span_of(ctx, "Paris"),
                                         "tags": [span_of(ctx, "capital city."), span_of(ctx, "far away.")]}}
        r = ev.run_task("hotpotqa", self.predictor(script), None, self.records.append)
        self.assertEqual(r.metrics["exact_match"], 100.0)
        self.assertAlmostEqual(r.metrics["explanation_sf_precision"], 50.0)
        self.assertAlmostEqual(r.metrics["sf_sentence_recall"], 100.0)


class QmsumContextTest(unittest.TestCase):
    TURNS = [{"speaker": f"S{i}", "content": f"w{i} " * (10 if i != 5 else 3) + "{vocalsound} ."}
             for i in range(10)]

    def test_rendering_and_relevant_regions(self):
        ctx, regions = ev.qmsum_context(self.TURNS, [(4, 5)], cap_words=50, cap_relevant_words=100)
        lines = ctx.split("\n")
        # relevant 4 (11 words) + 5 (4 words) = 15; neighbours d=1: 3, 6 (-> 37); d=2: 2 (48); 7 would exceed
        self.assertEqual([l.split(":")[0] for l in lines], ["S2", "S3", "S4", "S5", "S6"])
        self.assertEqual(lines[3], "S5: w5 w5 w5 .")
        self.assertEqual([ctx[a:b] for a, b in regions], [lines[2], lines[3]])

    def test_relevant_cap_truncates_relevant_turns(self):
        ctx, regions = ev.qmsum_context(self.TURNS, [(0, 3)], cap_words=14, cap_relevant_words=15)
        self.assertEqual([l.split(":")[0] for l in ctx.split("\n")], ["S0"])  # only turn 0 fits
        self.assertEqual(len(regions), 1)
        # a relevant turn cut by the relevant cap may come back as a neighbour, still marked relevant
        ctx, regions = ev.qmsum_context(self.TURNS, [(0, 3)], cap_words=22, cap_relevant_words=15)
        self.assertEqual([l.split(":")[0] for l in ctx.split("\n")], ["S0", "S1"])
        self.assertEqual(len(regions), 2)

    def test_marker_cleaning(self):
        self.assertEqual(ev.clean_turn("So {disfmarker}  so , um {vocalsound} ."), "So so , um .")


class SummaryPipelineTest(DataDirTest):
    def test_squality_query_focus_and_baselines(self):
        story = "Ann builds a boat. Bob eats soup. The boat sinks in a storm. Bob naps."
        row = {"metadata": {"passage_id": "p1"}, "document": story,
               "questions": [{"question_number": 1, "question_text": "What happens to the boat?",
                              "responses": [{"response_text": "Ann builds a boat and it sinks in a storm."},
                                            {"response_text": "A storm sinks the boat."}]}]}
        write_gz(os.path.join(self.tmp.name, "squality", "squality_v1.3_dev.jsonl.gz"), lines=[row])
        script = {("What happens to the boat?", story): {"salient": [span_of(story, "The boat sinks in a storm.")]},
                  ("", story): {"salient": [span_of(story, "Bob eats soup.")]}}

        class WordEmbedder:  # bag of words, deterministic
            def embed(self, texts):
                vocab = {}
                rows = []
                for t in texts:
                    v = np.zeros(64)
                    for w in re.findall(r"[a-z]+", t.lower()):
                        v[hash(w) % 64] += 1
                    rows.append(v / (np.linalg.norm(v) or 1))
                return np.array(rows)

        old = ev.SUMMARY_BUDGETS["squality"]
        ev.SUMMARY_BUDGETS["squality"] = d.SummaryBudget(max_sentences=1)
        try:
            r = ev.run_task("squality", self.predictor(script), None, self.records.append, WordEmbedder())
        finally:
            ev.SUMMARY_BUDGETS["squality"] = old
        self.assertEqual(self.records[0]["summary"], "The boat sinks in a storm.")
        m = r.metrics
        self.assertGreater(m["with_question.rouge1"], m["without_question.rouge1"])
        self.assertGreater(m["with_question.rouge1"], 0.0)
        for k in ("lead.rouge1", "embedding.rouge2", "without_question.rougeL"):
            self.assertIn(k, m)
        table = ev.markdown_table([r], {"squality": None})
        self.assertIn("| squality | 1 | ROUGE-1/2/L: summary head, with question |", table)


class CliTest(unittest.TestCase):
    def run_cli(self, *args):
        return subprocess.run([sys.executable, os.path.join(TRAINING, "evaluate.py"), *args],
                              capture_output=True, text=True, timeout=120)

    def test_missing_checkpoint_is_a_usage_error(self):
        p = self.run_cli("--checkpoint", "/nonexistent/model.pt", "--task", "squad")
        self.assertEqual(p.returncode, 2)
        self.assertIn("--checkpoint: file not found: /nonexistent/model.pt", p.stderr)

    def test_table_from_saved_aggregates(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "agg.jsonl")
            with open(path, "w") as f:
                f.write(json.dumps({"kind": "aggregate", "task": "squad", "examples": 7, "windows": 7,
                                    "seconds": 1.0, "metrics": {"exact_match": 42.857, "f1": 50.0}}) + "\n")
            p = self.run_cli("--table", path)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("| squad | 7 | EM | 42.9 |", p.stdout)
        self.assertIn("| squad | 7 | F1 | 50.0 |", p.stdout)

    def test_task_or_all_is_required(self):
        p = self.run_cli("--checkpoint", "x")
        self.assertEqual(p.returncode, 2)
        self.assertIn("one of the arguments --task --all --table is required", p.stderr)


if __name__ == "__main__":
    unittest.main()
