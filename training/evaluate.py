#!/usr/bin/python3
"""Evaluate a multi-task checkpoint on the held-out sets; rules in training/EVALUATION.md.

One task:   evaluate.py --checkpoint runs/x/model.pt --task squad --limit 200
            prints one JSON object per example, then one {"kind": "aggregate", ...} line.
All tasks:  evaluate.py --checkpoint runs/x/model.pt --all --markdown eval.md [--json eval.jsonl]
            runs every task with the default limits (evaluate.DEFAULT_LIMITS), prints the
            aggregate lines and writes the model-card table.
Exit codes: 2 bad usage / missing file, 1 runtime failure, 0 success.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from headstream_train import evaluate as ev  # noqa: E402
from headstream_train import paths  # noqa: E402


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--checkpoint", help="model checkpoint written by train.py (required unless --table)")
    p.add_argument("--tokenizer", default=paths.BASE_TOKENIZER, help="tokenizer.json (default: base model's)")
    p.add_argument("--base-onnx", default=paths.BASE_ONNX,
                   help="ORIGINAL all-MiniLM-L6-v2 ONNX, for the embedding baseline")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--task", choices=ev.TASKS)
    g.add_argument("--all", action="store_true", help="every task with the default limits")
    g.add_argument("--table", nargs="+", metavar="JSONL",
                   help="only build the markdown table from saved aggregate lines")
    p.add_argument("--limit", type=int, default=None, help="first N examples (file order) of the task")
    p.add_argument("--max-seq-len", type=int, default=384)
    p.add_argument("--doc-stride", type=int, default=128)
    p.add_argument("--max-question-tokens", type=int, default=64)
    p.add_argument("--max-answer-tokens", type=int, default=30)
    p.add_argument("--manifest", help="a bundle's manifest.json whose decode settings (span_threshold, "
                   "whole_words, null_threshold) to use; default: none (argmax tagging, null threshold 0)")
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: torch default)")
    p.add_argument("--no-embedding-baseline", action="store_true")
    p.add_argument("--markdown", help="with --all: write the model-card table here")
    p.add_argument("--json", help="with --all: write the aggregate lines here too")
    p.add_argument("--records", help="also write every per-example JSON line to this file")
    p.add_argument("--quiet", action="store_true", help="print only aggregate lines")
    return p.parse_args(argv)


def table_from(paths_, markdown):
    results = []
    for path in paths_:
        with open(path, encoding="utf-8") as f:
            for line in f:
                obj = json.loads(line) if line.strip() else None
                if obj and obj.get("kind") == "aggregate":
                    results.append(ev.TaskResult(obj["task"], obj["metrics"], obj["examples"],
                                                 obj["windows"], obj["seconds"], obj.get("notes", [])))
    table = ev.markdown_table(results, {})
    if markdown:
        with open(markdown, "w", encoding="utf-8") as f:
            f.write(table)
    else:
        print(table)
    return 0


def main(argv=None):
    args = parse_args(argv)
    if args.table:
        return table_from(args.table, args.markdown)
    if not args.checkpoint:
        print("--checkpoint is required", file=sys.stderr)
        return 2
    for label, path in [("--checkpoint", args.checkpoint), ("--tokenizer", args.tokenizer)]:
        if not os.path.exists(path):
            print(f"{label}: file not found: {path}", file=sys.stderr)
            return 2
    settings = None
    if args.manifest:
        if not os.path.exists(args.manifest):
            print(f"--manifest: file not found: {args.manifest}", file=sys.stderr)
            return 2
        from headstream_train.decode import settings_from_manifest

        with open(args.manifest, encoding="utf-8") as f:
            try:
                settings = settings_from_manifest(json.load(f), args.manifest)
            except ValueError as e:
                print(f"--manifest: {e}", file=sys.stderr)
                return 2
    if args.limit is not None and args.limit <= 0:
        print(f"--limit must be positive, got {args.limit}", file=sys.stderr)
        return 2
    import torch

    from headstream_train.model import load_model
    from headstream_train.tokenizer import WordPieceTokenizer

    if args.threads:
        torch.set_num_threads(args.threads)
    tok = WordPieceTokenizer.from_file(args.tokenizer)
    model = load_model(args.checkpoint)
    feat = ev.BertFeaturizer(tok, args.max_seq_len, args.doc_stride, args.max_question_tokens,
                             args.max_answer_tokens)
    pred = ev.Predictor(feat, ev.TorchEngine(model, tok.pad_id, args.batch_size))
    if settings is not None:
        pred.settings = settings
        print(f"evaluate: decode settings {settings}", file=sys.stderr)
    embedder = None
    tasks = ev.TASKS if args.all else (args.task,)
    if not args.no_embedding_baseline and any(t in ("qmsum", "squality") for t in tasks):
        if not os.path.exists(args.base_onnx):
            print(f"--base-onnx: file not found: {args.base_onnx} (or pass --no-embedding-baseline)",
                  file=sys.stderr)
            return 2
        from headstream_train.onnx_import import load_encoder

        embedder = ev.Embedder(load_encoder(args.base_onnx), tok)

    records = open(args.records, "w", encoding="utf-8") if args.records else None

    def emit(rec):
        line = json.dumps(rec, ensure_ascii=False)
        if records is not None:
            records.write(line + "\n")
        if not args.quiet and not args.all:
            print(line, flush=True)

    results = []
    limits = {}
    t0 = time.time()
    for task in tasks:
        limit = args.limit if args.limit is not None else (ev.DEFAULT_LIMITS[task] if args.all else None)
        limits[task] = limit
        print(f"evaluate: {task} (limit {limit}) ...", file=sys.stderr, flush=True)
        r = ev.run_task(task, pred, limit, emit, embedder)
        r.notes.append(f"limit={limit}")
        results.append(r)
        print(json.dumps(r.as_json(), ensure_ascii=False), flush=True)
    if records is not None:
        records.close()
    if args.all:
        table = ev.markdown_table(results, limits)
        if args.markdown:
            with open(args.markdown, "w", encoding="utf-8") as f:
                f.write(table)
        else:
            print(table)
        if args.json:
            with open(args.json, "w", encoding="utf-8") as f:
                for r in results:
                    f.write(json.dumps(r.as_json(), ensure_ascii=False) + "\n")
        print(f"total {time.time() - t0:.0f}s, {pred.windows_run} windows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (FileNotFoundError, ValueError) as e:
        print(f"evaluate: {e}", file=sys.stderr)
        sys.exit(1)
