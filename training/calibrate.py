#!/usr/bin/python3
"""Calibrates a bundle's decode thresholds on data that is not an evaluation set.

    /usr/bin/python3 training/calibrate.py --checkpoint training/runs/default/final.pt \
        --bundle models/default [--write]

Two thresholds (models/README.md "decode", training/EVALUATION.md sections 2 and 5):

* explanation ``span_threshold``, on the arithmetic questions of the TAT-QA dev documents of the
  TRAIN half (``data.is_train_doc``; the ``tatqa`` evaluation uses only the other half), with
  whole-word spans on. Each threshold of a sweep is scored exactly as the evaluation scores TAT-QA
  (``evaluate.run_tatqa``): argument-number recall, span precision, ``marked_number_share``.
  Rule: maximise ``recall - marked_number_share`` (Youden's J: recall is the hit rate on the
  derivation's arguments, the share is the hit rate on the context's numbers at large, so marking
  everything scores 0 and marking nothing scores 0; ties go to the higher threshold, which marks
  less). F1 of recall and span precision is printed too but not used: span precision counts spans,
  not numbers, and favours a few long spans.
  These documents' explanation labels are also TRAINED on (``tatqa_train_half_explanation``), so
  the head may be surer here than on held-out documents; the evaluation half stays untouched.
* answer ``null_threshold``, on the SQuAD 2.0 dev articles of the calibration half
  (``is_train_doc(squad2_doc_id(title))``; the ``squad2`` evaluation uses only the other half):
  the official best-F1 sweep over the no-answer margins (``metrics.squad2_scores``'s
  ``best_f1_thresh``), then moved to the midpoint between that margin and the next larger one
  (same F1 on this half, less tied to one question's margin). The answer is null when the margin
  exceeds the threshold.

The forward pass runs once (fp32 PyTorch, one thread, windows as the evaluation builds them with
the bundle's window sizes and tokenizer); every threshold is decoded from the cached logits.
``--cache FILE`` keeps them across runs. ``--write`` stores both values in the bundle's
manifest.json (``heads[].decode``), keeping every other key and the file's format; the manifest
holds no hash of itself and model_sha256 covers only model.onnx, so nothing else changes.
Exit codes: 2 bad usage / missing file, 1 runtime failure, 0 success.
"""
import argparse
import json
import os
import pickle
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from headstream_train import decode as dec  # noqa: E402
from headstream_train import evaluate as ev  # noqa: E402

SPAN_THRESHOLDS = (0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


class ReplayPredictor(ev.Predictor):
    """Serves cached (windows, logits) per (question, context) pair; never runs the model."""

    def __init__(self, featurizer, cache, settings):
        super().__init__(featurizer, engine=None, settings=settings)
        self.cached = cache

    def predict(self, question, context):
        return self.cached[(question, context)]

    def predict_many(self, pairs):
        return [self.cached[p] for p in pairs]


def forward_all(pred, groups):
    """(windows, logits) per distinct pair. One engine call per group, so the engine sorts all of
    a group's windows by length and pads each batch only to its longest (SQuAD windows are about
    half as long as TAT-QA's)."""
    out = {}
    for name, pairs in groups:
        todo = [p for p in dict.fromkeys(pairs) if p not in out]
        t0 = time.time()
        w0 = pred.windows_run
        for p, r in zip(todo, pred.predict_many(todo)):
            out[p] = r
        print(f"  forward {name}: {len(todo)} pairs, {pred.windows_run - w0} windows, {time.time() - t0:.0f} s",
              file=sys.stderr, flush=True)
    return out


def youden(m):
    return m["argument_recall"] - m["marked_number_share"]


def f1_of(m):
    r, p = m["argument_recall"], m["span_precision"]
    return 2 * r * p / (r + p) if r + p else 0.0


def sweep_spans(feat, cache, examples, null_threshold):
    """TAT-QA metrics per decoding: argmax (with and without whole words), then each threshold."""
    rows = []
    settings = [("argmax", dec.DecodeSettings(None, False, null_threshold)),
                ("argmax+words", dec.DecodeSettings(None, True, null_threshold))]
    settings += [(f"{t:g}", dec.DecodeSettings(t, True, null_threshold)) for t in SPAN_THRESHOLDS]
    for label, s in settings:
        r = ev.run_tatqa(ReplayPredictor(feat, cache, s), None, lambda rec: None, examples=examples)
        rows.append((label, s, r.metrics))
    return rows


#: Thresholds whose recall - marked share is within this many points of the best count as tied;
#: the highest of them wins (fewest spans, the same separation within the sample's noise).
SPAN_TIE_POINTS = 1.0
#: Only thresholds that mark at most this share (%) of the context's numbers are candidates
#: (when any does): beyond it the "explanation" is most of the table.
MAX_MARKED_SHARE = 30.0
#: A null threshold is written only when it beats both never abstaining (threshold 0) and
#: always abstaining by this many F1 points on the calibration half; otherwise the null logit
#: does not separate answerable from unanswerable questions and the manifest keeps 0.
NULL_MIN_GAIN = 2.0


def pick_span_threshold(rows):
    scored = [(label, s, m) for label, s, m in rows if s.span_threshold is not None]
    if not scored:
        return None
    capped = [r for r in scored if r[2]["marked_number_share"] <= MAX_MARKED_SHARE]
    scored = capped or scored  # a reader must not be shown most of the context's numbers
    best = max(youden(m) for _, _, m in scored)
    tied = [r for r in scored if youden(r[2]) >= best - SPAN_TIE_POINTS]
    return max(tied, key=lambda r: r[1].span_threshold)


def null_threshold_useful(at0, at_t):
    """(useful, reason): does the calibrated threshold beat never and always abstaining?"""
    all_null = 100.0 * at0["NoAns_total"] / at0["total"]
    gain = at_t["f1"] - max(at0["f1"], all_null)
    reason = (f"F1 {at_t['f1']:.1f} at the calibrated threshold vs {at0['f1']:.1f} never abstaining and "
              f"{all_null:.1f} always abstaining")
    return gain >= NULL_MIN_GAIN, reason


def null_threshold_from(feat, cache, examples):
    """(threshold, metrics at 0.0, metrics at the threshold) on the calibration half."""
    base = ev.run_squad(ReplayPredictor(feat, cache, dec.DecodeSettings()), None, lambda r: None,
                        version2=True, examples=examples).metrics
    margins = sorted(dec.decode_answer(e["context"], *cache[(e["question"], e["context"])],
                                       feat.max_answer_tokens).null_margin for e in examples)
    t = base["best_f1_thresh"]
    all_null = 100.0 * base["NoAns_total"] / base["total"]
    if t == 0.0 and base["best_f1"] == all_null:
        t = margins[0] - 1.0  # the official sweep's start: abstaining on every question is best
    else:
        above = [x for x in margins if x > t]
        t = (t + above[0]) / 2.0 if above else t + 1.0
    t = round(t, 4)  # the value written to the manifest; scored below as written
    at = ev.run_squad(ReplayPredictor(feat, cache, dec.DecodeSettings(null_threshold=t)), None,
                      lambda r: None, version2=True, examples=examples).metrics
    return t, base, at


def write_manifest(path, span_threshold, null_threshold):
    with open(path, encoding="utf-8") as f:
        man = json.load(f)
    for head in man["heads"]:
        if head["kind"] == "span_tagging":
            head.setdefault("decode", {}).update({"span_threshold": span_threshold, "whole_words": True})
        elif head["kind"] == "span" and null_threshold is not None:
            head.setdefault("decode", {})["null_threshold"] = null_threshold
    dec.settings_from_manifest(man, path)  # what we write must read back
    from headstream_train.bundle import write_json

    write_json(path, man)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--checkpoint", required=True, help="checkpoint written by train.py (the bundle's weights)")
    p.add_argument("--bundle", required=True, help="bundle folder: manifest window sizes and tokenizer")
    p.add_argument("--write", action="store_true", help="store the thresholds in the bundle's manifest.json")
    p.add_argument("--tatqa-limit", type=int, default=120, help="first N calibration-half TAT-QA questions")
    p.add_argument("--squad2-limit", type=int, default=300, help="first N calibration-half SQuAD 2.0 questions")
    p.add_argument("--hotpot-limit", type=int, default=0,
                   help="also print the HotpotQA explanation precision of each span threshold on the first N "
                        "hotpotqa questions (an evaluation set: shown for information, never used to choose)")
    p.add_argument("--threads", type=int, default=1, help="torch threads")
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--cache", help="pickle of the forward pass, reused when checkpoint and limits match")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    manifest_path = os.path.join(args.bundle, "manifest.json")
    for label, path in [("--checkpoint", args.checkpoint), ("--bundle", manifest_path)]:
        if not os.path.exists(path):
            print(f"{label}: file not found: {path}", file=sys.stderr)
            return 2
    if args.tatqa_limit <= 0 or args.squad2_limit <= 0:
        print("--tatqa-limit and --squad2-limit must be positive", file=sys.stderr)
        return 2
    t0 = time.time()
    with open(manifest_path, encoding="utf-8") as f:
        man = json.load(f)
    import torch

    from headstream_train.model import load_model
    from headstream_train.tokenizer import WordPieceTokenizer

    torch.set_num_threads(args.threads)
    tok = WordPieceTokenizer.from_file(os.path.join(args.bundle, man["tokenizer_file"]))
    feat = ev.BertFeaturizer(tok, man["max_seq_len"], man["doc_stride"], man["max_question_tokens"],
                             man["max_answer_tokens"])
    tatqa = ev._limited(ev.tatqa_arithmetic_examples(calibration=True), args.tatqa_limit)
    squad2 = ev._limited(ev.squad2_examples(calibration=True), args.squad2_limit)
    groups = [("TAT-QA", [(e["question"], e["context"]) for e in tatqa]),
              ("SQuAD 2.0", [(e["question"], e["context"]) for e in squad2])]
    hotpot = []
    if args.hotpot_limit > 0:
        hotpot = ev._limited(ev._read_jsonl_gz(ev._path("hotpotqa", "hotpotqa_dev_a.jsonl.gz")), args.hotpot_limit)
        groups.append(("HotpotQA", [(row["question"], ev.hotpot_context(row)[0]) for row in hotpot]))
    st = os.stat(args.checkpoint)
    key = (os.path.abspath(args.checkpoint), st.st_size, st.st_mtime, args.tatqa_limit, args.squad2_limit,
           args.hotpot_limit,
           man["max_seq_len"], man["doc_stride"], man["max_question_tokens"])
    cache = None
    if args.cache and os.path.exists(args.cache):
        with open(args.cache, "rb") as f:
            saved = pickle.load(f)
        if saved.get("key") == key:
            cache = saved["cache"]
            print(f"calibrate: forward pass from {args.cache}", file=sys.stderr)
    if cache is None:
        model = load_model(args.checkpoint)
        pred = ev.Predictor(feat, ev.TorchEngine(model, tok.pad_id, args.batch_size))
        print(f"calibrate: forward pass over {len(tatqa)} TAT-QA and {len(squad2)} SQuAD 2.0 questions "
              f"(fp32, {args.threads} thread(s))", file=sys.stderr, flush=True)
        cache = forward_all(pred, groups)
        if args.cache:
            with open(args.cache, "wb") as f:
                pickle.dump({"key": key, "cache": cache}, f)
    t_forward = time.time() - t0
    windows = sum(len(ws) for ws, _ in cache.values())

    null_t, at0, at_t = null_threshold_from(feat, cache, squad2)
    rows = sweep_spans(feat, cache, tatqa, null_t)
    label, chosen, cm = pick_span_threshold(rows)

    print(f"\nTAT-QA arithmetic, calibration half (train documents), {len(tatqa)} questions, "
          f"{rows[0][2]['scored']} scored; whole-word spans except the first row")
    print("| decoding | recall | full recall | span precision | spans/q | marked share | recall - share | F1(recall, precision) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for lab, s, m in rows:
        mark = " **chosen**" if lab == label else ""
        print(f"| {lab}{mark} | {m['argument_recall']:.1f} | {m['full_recall_rate']:.1f} | {m['span_precision']:.1f} | "
              f"{m['spans_per_question']:.2f} | {m['marked_number_share']:.1f} | {youden(m):.1f} | {f1_of(m):.1f} |")
    print(f"\nSQuAD 2.0 dev, calibration half, {len(squad2)} questions "
          f"({at0['HasAns_total']} answerable, {at0['NoAns_total']} unanswerable)")
    print("| null_threshold | F1 | EM | HasAns F1 | NoAns acc. | no-answer decision acc. |")
    print("|---|---:|---:|---:|---:|---:|")
    for lab, m in (("0 (default)", at0), (f"{null_t:.4f} (chosen)", at_t)):
        print(f"| {lab} | {m['f1']:.1f} | {m['exact']:.1f} | {m['HasAns_f1']:.1f} | {m['NoAns_f1']:.1f} | "
              f"{m['no_answer_accuracy']:.1f} |")
    print(f"(official sweep: best_f1 {at0['best_f1']:.1f} at margin {at0['best_f1_thresh']:.4f})")
    if hotpot:
        print(f"\nHotpotQA (evaluation set, first {len(hotpot)} questions; information only)")
        print("| decoding | spans in supporting facts (%) | spans/q | supporting sentences touched (%) | chance (%) |")
        print("|---|---:|---:|---:|---:|")
        for lab, s, _ in rows:
            m = ev.run_hotpotqa(ReplayPredictor(feat, cache, s), len(hotpot), lambda rec: None).metrics
            print(f"| {lab} | {m['explanation_sf_precision']:.1f} | {m['spans_per_question']:.2f} | "
                  f"{m['sf_sentence_recall']:.1f} | {m['sf_char_fraction']:.1f} |")
    useful, why = null_threshold_useful(at0, at_t)
    if not useful:
        print(f"null threshold NOT written ({why}: gain under {NULL_MIN_GAIN} points); the manifest keeps 0")
        null_t = None
    print(f"\nchosen: span_threshold {chosen.span_threshold:g} (whole_words), null_threshold "
          + ("0 (unchanged)" if null_t is None else f"{null_t:.4f}"))
    print(f"time: {time.time() - t0:.0f} s wall, {time.process_time():.0f} s CPU ({t_forward:.0f} s wall forward "
          f"pass, {windows} windows)")
    if args.write:
        write_manifest(manifest_path, chosen.span_threshold, null_t)
        print(f"wrote decode settings to {manifest_path}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (FileNotFoundError, ValueError) as e:
        print(f"calibrate: {e}", file=sys.stderr)
        sys.exit(1)
