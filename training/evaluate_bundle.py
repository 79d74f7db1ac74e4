#!/usr/bin/python3
"""Evaluate a model bundle AS SERVED and write the model card's evaluation table.

The numbers of `MODEL_CARD.md` come from the Java runtime (`headstream evaluate`: ONNX Runtime,
the bundle's own graph and precision, the decoding of training/EVALUATION.md), one run per
evaluation set. The only figures the Java side does not compute are the model-independent
MiniLM question-similarity baseline of the summary sets; they come from `evaluate.py` on the
same examples (which also gives the fp32 PyTorch checkpoint's summary rows, reported next to
the served ones).

    /usr/bin/python3 training/evaluate_bundle.py --bundle models/default \
        --checkpoint training/runs/default/final.pt --out training/runs/default/eval \
        --card models/default/MODEL_CARD.md

Needs the built jar (`mvn -B -q package -DskipTests`). Writes one aggregate JSON line per set to
OUT/java-<task>.json (and OUT/python-<task>.json), then the card section.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from headstream_train import evaluate as ev  # noqa: E402

#: Examples per set (first N in file order; None = the whole held-out part). Chosen so the
#: whole evaluation takes about half an hour on 2 CPU cores.
LIMITS = {"squad": None, "squad2": None, "qmsum": 40, "squality": 10, "tatqa": None,
          "hotpotqa": 300, "drop": 1000}
SUMMARY_TASKS = ("qmsum", "squality")
CARD_START = "## Evaluation"
CARD_END = "## Licences"


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bundle", default="models/default")
    p.add_argument("--checkpoint", help="fp32 checkpoint of the bundle, for the summary baselines")
    p.add_argument("--jar", default="streams-app/target/headstream.jar")
    p.add_argument("--out", required=True, help="folder for the aggregate lines")
    p.add_argument("--card", help="MODEL_CARD.md whose evaluation section is replaced")
    p.add_argument("--tasks", nargs="+", default=list(ev.TASKS), choices=ev.TASKS)
    p.add_argument("--limit", action="append", default=[], metavar="TASK=N",
                   help="override a set's example limit (0: all)")
    p.add_argument("--reuse", action="store_true", help="keep aggregate files that already exist")
    p.add_argument("--fp32-bundle", help="the same weights exported in fp32: SQuAD is run on both "
                                         "to report the cost of int8 as served")
    p.add_argument("--precision-limit", type=int, default=1000,
                   help="SQuAD questions for the int8 vs fp32 comparison")
    return p.parse_args(argv)


def limits_from(overrides):
    limits = dict(LIMITS)
    for item in overrides:
        task, _, n = item.partition("=")
        if task not in limits or not n.isdigit():
            raise SystemExit(f"--limit {item!r}: expected TASK=N with TASK one of {', '.join(limits)}")
        limits[task] = int(n) or None
    return limits


def aggregate_line(text, source):
    for line in reversed(text.splitlines()):
        if line.startswith("{") and '"aggregate"' in line:
            return json.loads(line)
    raise RuntimeError(f"{source}: no aggregate line in its output:\n{text[-2000:]}")


def run_cached(path, reuse, command):
    if reuse and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    t0 = time.time()
    print("$ " + " ".join(command), file=sys.stderr, flush=True)
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"exit {done.returncode}: {' '.join(command)}\n{done.stderr[-3000:]}")
    agg = aggregate_line(done.stdout, command[-1])
    agg.setdefault("wall_seconds", round(time.time() - t0, 1))
    with open(path, "w", encoding="utf-8") as f:
        json.dump(agg, f)
    print(f"  {agg['task']}: {agg['examples']} examples, {time.time() - t0:.0f}s", file=sys.stderr,
          flush=True)
    return agg


def java_command(args, task, limit, bundle=None):
    cmd = ["java", "-jar", args.jar, "evaluate", "--task", task, "--bundle", bundle or args.bundle,
           "--quiet", "--no-progress"]
    return cmd + (["--limit", str(limit)] if limit else [])


def python_command(args, task, limit):
    cmd = ["/usr/bin/python3", os.path.join(HERE, "evaluate.py"), "--checkpoint", args.checkpoint,
           "--task", task, "--quiet", "--threads", "1"]
    return cmd + (["--limit", str(limit)] if limit else [])


def precision_rows(args):
    """SQuAD EM/F1 and seconds of the bundle and of its fp32 twin, same questions, same runtime."""
    rows = []
    for label, bundle in (("served", args.bundle), ("fp32", args.fp32_bundle)):
        cmd = java_command(args, "squad", args.precision_limit, bundle)
        agg = run_cached(os.path.join(args.out, f"precision-{label}.json"), args.reuse, cmd)
        rows.append((label, bundle, agg))
    return rows


def card_section(results, python_summary, limits, precision=None, command=None):
    table = ev.markdown_table([ev.TaskResult(a["task"], a["metrics"], a["examples"], a["windows"],
                                             a["seconds"], a.get("notes", [])) for a in results], limits)
    runtime = next((n for a in results for n in a.get("notes", []) if n.startswith("runtime=")), "")
    lines = [CARD_START, "",
             "<!-- Written by training/evaluate_bundle.py; the rest of the card by training/export.py. -->",
             "",
             "Held-out sets only; nothing here was trained on (DROP and TAT-QA: only documents that",
             "`data.is_train_doc` puts in the evaluation half). Every figure is the bundle **as served**:",
             f"the Java runtime's `headstream evaluate` ({runtime.removeprefix('runtime=')}), with the",
             "manifest's inference settings and the decoding and metrics of `training/EVALUATION.md`.",
             "The MiniLM question-similarity baseline of the summary sets does not depend on this model;",
             "it comes from `training/evaluate.py` on the same examples.",
             "",
             "Reproduce: `" + (command or "/usr/bin/python3 training/evaluate_bundle.py --bundle "
                               "models/default --checkpoint <final.pt> --out <dir> --card "
                               "models/default/MODEL_CARD.md") + "` (limits: "
             + ", ".join(f"{t} {'all' if n is None else n}" for t, n in limits.items())
             + "; the examples column is what was scored; a set is cut to its first N examples in "
               "file order).",
             "", table.rstrip("\n"), ""]
    if python_summary:
        lines += ["fp32 PyTorch checkpoint on the same summary examples (`evaluate.py`), for the cost of",
                  "int8 on the summary head:", "",
                  "| set | examples | ROUGE-1/2/L with question | ROUGE-1/2/L empty question |",
                  "|---|---:|---|---|"]
        for a in python_summary:
            m = a["metrics"]
            lines.append(f"| {a['task']} | {a['examples']} | " + " | ".join(
                f"{m[f'{s}.rouge1']:.1f} / {m[f'{s}.rouge2']:.1f} / {m[f'{s}.rougeL']:.1f}"
                for s in ("with_question", "without_question")) + " |")
        lines.append("")
    if precision:
        lines += ["Precision as served: the same weights in fp32 and as shipped, through the same Java",
                  "runtime on the same SQuAD v1.1 questions (one run each, 2-core CPU):", "",
                  "| graph | questions | EM | F1 | seconds |", "|---|---:|---:|---:|---:|"]
        for label, bundle, a in precision:
            m = a["metrics"]
            name = f"served (`{bundle}`)" if label == "served" else \
                "fp32 (same checkpoint, `export.py --precision fp32`)"
            lines.append(f"| {name} | {a['examples']} | {m['exact_match']:.1f} | "
                         f"{m['f1']:.1f} | {a['seconds']:.1f} |")
        lines.append("")
    lines.append("Seconds per set (Java, 2-core CPU): " + ", ".join(
        f"{a['task']} {a['seconds']:.0f}" for a in results) + ".")
    return "\n".join(lines) + "\n\n"


def write_card(path, section):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    start, end = text.find(CARD_START), text.find(CARD_END)
    if start < 0 or end < start:
        raise SystemExit(f"{path}: no '{CARD_START}' ... '{CARD_END}' section to replace")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text[:start] + section + text[end:])


def main(argv=None):
    args = parse_args(argv)
    limits = limits_from(args.limit)
    os.makedirs(args.out, exist_ok=True)
    python_jobs = {}
    if args.checkpoint:
        # The Python summary runs (1 thread) overlap the Java ones.
        for task in (t for t in args.tasks if t in SUMMARY_TASKS):
            path = os.path.join(args.out, f"python-{task}.json")
            if not (args.reuse and os.path.exists(path)):
                log = open(path + ".log", "w", encoding="utf-8")
                python_jobs[task] = (subprocess.Popen(python_command(args, task, limits[task]),
                                                      stdout=log, stderr=subprocess.STDOUT), log, path)
    results = [run_cached(os.path.join(args.out, f"java-{t}.json"), args.reuse,
                          java_command(args, t, limits[t])) for t in args.tasks]
    python_summary = []
    for task in (t for t in args.tasks if t in SUMMARY_TASKS and args.checkpoint):
        path = os.path.join(args.out, f"python-{task}.json")
        if task in python_jobs:
            proc, log, _ = python_jobs[task]
            if proc.wait() != 0:
                raise RuntimeError(f"evaluate.py --task {task} failed, see {path}.log")
            log.close()
            with open(path + ".log", encoding="utf-8") as f:
                agg = aggregate_line(f.read(), path + ".log")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(agg, f)
        with open(path, encoding="utf-8") as f:
            agg = json.load(f)
        python_summary.append(agg)
        served = next(a for a in results if a["task"] == task)
        for key, value in agg["metrics"].items():
            if key.startswith("embedding.") or key == "relevant_fraction.embedding":
                served["metrics"][key] = value
    precision = precision_rows(args) if args.fp32_bundle else None
    command = " ".join(["/usr/bin/python3", "training/evaluate_bundle.py"]
                       + [a for a in sys.argv[1:] if a != "--reuse"])
    section = card_section(results, python_summary, limits, precision, command)
    if args.card:
        write_card(args.card, section)
        print(f"wrote the evaluation section of {args.card}", file=sys.stderr)
    else:
        print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
