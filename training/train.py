#!/usr/bin/env python3
"""Joint multi-task fine-tuning of all-MiniLM-L6-v2 with answer, summary and explanation heads.

All heads share the encoder; every batch mixes examples of the three tasks and each head's loss
is the mean over its own examples in the batch (0 when it has none). AdamW with linear warmup
and decay over `--epochs` of the prepared set, seeded; checkpoints every `--checkpoint-every`
steps and on stop (time box, Ctrl-C/SIGTERM); `--resume` continues from the last checkpoint
with the same data order.

    /usr/bin/python3 training/train.py --out training/runs/default --max-minutes 97 --fit-to-time
"""
import argparse
import json
import math
import os
import random
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from headstream_train import data  # noqa: E402
from headstream_train.model import MultiHeadModel  # noqa: E402
from headstream_train.onnx_import import load_encoder  # noqa: E402
from headstream_train.paths import BASE_ONNX, BASE_TOKENIZER, ensure_base_model  # noqa: E402
from headstream_train.tokenizer import WordPieceTokenizer  # noqa: E402
from headstream_train.bert import BertConfig  # noqa: E402


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="run folder (checkpoints, log, data counts)")
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--threads", type=int, default=1,
                    help="torch intra-op threads on cpu (1 is faster on a busy shared machine)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--max-minutes", type=float, default=0,
                    help="stop cleanly (checkpoint + final weights) after this many minutes")
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--warmup", type=float, default=0.06, help="fraction of steps")
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--max-steps", type=int, default=0, help="cap on optimizer steps (0: none)")
    ap.add_argument("--extend-steps", type=int, default=0,
                    help="with --resume: continue the schedule to this many steps in all "
                         "(later epochs are reshuffled with seed + epoch)")
    ap.add_argument("--fit-to-time", action="store_true",
                    help="after 20 steps, shorten the schedule so it ends within --max-minutes "
                         "(the chosen step count is logged; pass it as --max-steps to reproduce)")
    ap.add_argument("--checkpoint-every", type=int, default=50)
    ap.add_argument("--log-every", type=int, default=5)
    ap.add_argument("--freeze-word-embeddings", action="store_true", default=True)
    ap.add_argument("--train-word-embeddings", dest="freeze_word_embeddings",
                    action="store_false")
    ap.add_argument("--freeze-layers", type=int, default=2,
                    help="also freeze the embeddings block and the lowest N transformer layers")
    ap.add_argument("--max-seq-len", type=int, default=256)
    ap.add_argument("--doc-stride", type=int, default=128)
    ap.add_argument("--max-question-tokens", type=int, default=64)
    ap.add_argument("--squad-answer", type=int, default=6500, help="SQuAD questions, answer head")
    ap.add_argument("--squad-explanation", type=int, default=800,
                    help="further SQuAD questions, explanation head")
    ap.add_argument("--summary-docs", type=int, default=1500, help="SciTLDR-A train abstracts")
    ap.add_argument("--multi-span-repeat", type=int, default=2)
    ap.add_argument("--squad-offset", type=int, default=0,
                    help="skip this many questions of the seeded SQuAD order (a continuation "
                         "run takes questions its first run did not see)")
    ap.add_argument("--long-summaries", action="store_true",
                    help="add the query-free summaries of QMSum train meetings and SQuALITY "
                         "train stories (greedy ROUGE oracle) to the summary head's data")
    ap.add_argument("--squad-negatives", type=int, default=0,
                    help="unanswerable answer-head examples: that many answer questions paired "
                         "with another paragraph of the same article (null target)")
    ap.add_argument("--squad-long", type=int, default=0,
                    help="multi-paragraph answer contexts: that many further SQuAD questions, "
                         "each with 1-3 other paragraphs of its article (data.long_contexts)")
    ap.add_argument("--shared-norm", action="store_true",
                    help="keep the windows of one answer question in one batch and add a loss "
                         "normalized across them, so span scores compare across windows")
    ap.add_argument("--init-from-bundle", default=None, metavar="DIR",
                    help="start from an exported bundle (e.g. models/default): a new stage on a "
                         "fresh clone, no runs folder needed (headstream_train.bundle_import)")
    ap.add_argument("--init-from", default=None,
                    help="start from the weights of this final.pt / checkpoint.pt (a new "
                         "optimizer and LR schedule: a continuation run)")
    ap.add_argument("--autocast", default="none", choices=["none", "bf16"],
                    help="bf16: mixed precision (weights and optimizer stay fp32); on a CPU with "
                         "AVX512-BF16 about 2.3x the fp32 speed")
    return ap.parse_args(argv)


def length_grouped_batches(examples, batch_size, seed, keep_groups=False):
    """Seeded batches of similar length (less padding), in shuffled order.

    With `keep_groups`, examples sharing a `group` id (the windows of one answer question) stay
    in one batch: batches are filled with whole groups up to `batch_size` examples (a group
    larger than that gets a batch of its own)."""
    rng = random.Random(seed)
    if not keep_groups:
        order = list(range(len(examples)))
        rng.shuffle(order)
        group = batch_size * 32
        batches = []
        for g in range(0, len(order), group):
            chunk = sorted(order[g:g + group], key=lambda i: len(examples[i]["input_ids"]))
            batches.extend(chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size))
        rng.shuffle(batches)
        return batches
    units, by_group = [], {}
    for i, e in enumerate(examples):
        g = e.get("group")
        if g is None:
            units.append([i])
        elif g in by_group:
            by_group[g].append(i)
        else:
            by_group[g] = [i]
            units.append(by_group[g])
    rng.shuffle(units)
    batches, chunk_size = [], batch_size * 32
    for c in range(0, len(units), chunk_size):
        chunk = sorted(units[c:c + chunk_size],
                       key=lambda u: max(len(examples[i]["input_ids"]) for i in u))
        current = []
        for unit in chunk:
            if current and len(current) + len(unit) > batch_size:
                batches.append(current)
                current = []
            current = current + unit
        if current:
            batches.append(current)
    rng.shuffle(batches)
    return batches


def collate(examples, pad_id):
    n = max(len(e["input_ids"]) for e in examples)
    b = len(examples)
    ids = torch.full((b, n), pad_id, dtype=torch.long)
    mask = torch.zeros((b, n), dtype=torch.long)
    types = torch.zeros((b, n), dtype=torch.long)
    task = torch.tensor([e["task"] for e in examples])
    group = torch.tensor([e.get("group", -1) for e in examples])
    start = torch.zeros(b, dtype=torch.long)
    end = torch.zeros(b, dtype=torch.long)
    labels = torch.full((b, n), data.IGNORE, dtype=torch.long)
    for i, e in enumerate(examples):
        k = len(e["input_ids"])
        ids[i, :k] = torch.tensor(e["input_ids"])
        mask[i, :k] = 1
        types[i, :k] = torch.tensor(e["token_type_ids"])
        if e["task"] == data.TASK_ANSWER:
            start[i], end[i] = e["start"], e["end"]
        else:
            labels[i, :k] = torch.tensor(e["labels"])
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types, "task": task,
            "start": start, "end": end, "labels": labels, "group": group}


def span_logits_with_null(logits, null_raw, mask, types):
    """Slot 0 ([CLS]) becomes the window's null logit; question and padding are excluded."""
    allowed = (mask.bool() & (types == 1))
    out = logits.masked_fill(~allowed, -1e4)
    return torch.cat([null_raw.unsqueeze(1), out[:, 1:]], dim=1)


def shared_norm_loss(start, end, null_raw, batch, sel):
    """Span loss normalized across all windows of one question (Clark & Gardner, 2018).

    For each group of >1 windows among the answer examples `sel` that holds the answer, the
    context positions of all its windows share one softmax (null slots excluded), and the loss
    is -log of the total probability of the gold positions (the answer can sit in two
    overlapping windows). The mean over such groups; None when the batch has none."""
    groups = batch["group"][sel]
    if (groups < 0).all():
        return None
    m, t = batch["attention_mask"][sel], batch["token_type_ids"][sel]
    gold_s, gold_e = batch["start"][sel], batch["end"][sel]
    terms = []
    for g in torch.unique(groups[groups >= 0]).tolist():
        idx = (groups == g).nonzero().squeeze(1)
        if len(idx) < 2 or not (gold_s[idx] > 0).any():
            continue
        for logits, gold in ((start[sel][idx], gold_s[idx]), (end[sel][idx], gold_e[idx])):
            out = span_logits_with_null(logits, null_raw[idx], m[idx], t[idx])
            out = torch.cat([torch.full_like(out[:, :1], -1e4), out[:, 1:]], dim=1)
            logp = torch.log_softmax(out.reshape(-1).float(), dim=0)
            n = out.shape[1]
            flat = [w * n + int(gold[w]) for w in range(len(idx)) if gold[w] > 0]
            terms.append(-torch.logsumexp(logp[flat], dim=0))
    if not terms:
        return None
    return torch.stack(terms).sum() / (len(terms) / 2)


def losses(model, batch, shared_norm=False):
    start, end, null, summary, tags = model(batch["input_ids"], batch["attention_mask"],
                                            batch["token_type_ids"])
    task = batch["task"]
    zero = start.sum() * 0.0
    out = {}
    sel = task == data.TASK_ANSWER
    if sel.any():
        # The exported null logit is 2 * raw, comparable to a span's start + end.
        raw = null[sel] / 2
        m, t = batch["attention_mask"][sel], batch["token_type_ids"][sel]
        ls = F.cross_entropy(span_logits_with_null(start[sel], raw, m, t), batch["start"][sel])
        le = F.cross_entropy(span_logits_with_null(end[sel], raw, m, t), batch["end"][sel])
        out["answer"] = (ls + le) / 2
        shared = shared_norm_loss(start, end, null / 2, batch, sel) if shared_norm else None
        out["shared"] = shared if shared is not None else zero
    else:
        out["answer"] = zero
        out["shared"] = zero
    sel = task == data.TASK_SUMMARY
    if sel.any():
        lab = batch["labels"][sel]
        valid = lab != data.IGNORE
        out["summary"] = F.binary_cross_entropy_with_logits(summary[sel][valid],
                                                            lab[valid].float())
    else:
        out["summary"] = zero
    sel = task == data.TASK_EXPLANATION
    if sel.any():
        out["explanation"] = F.cross_entropy(tags[sel].reshape(-1, 3),
                                             batch["labels"][sel].reshape(-1),
                                             ignore_index=data.IGNORE)
    else:
        out["explanation"] = zero
    return out


def lr_factor(step, total, warmup):
    if step < warmup:
        return (step + 1) / max(1, warmup)
    return max(0.0, (total - step) / max(1, total - warmup))


def main(argv=None):
    args = parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    log_path = os.path.join(args.out, "train.log")
    logf = open(log_path, "a", encoding="utf-8")

    def log(msg):
        line = time.strftime("%H:%M:%S ") + msg
        print(line, flush=True)
        logf.write(line + "\n")
        logf.flush()

    t0 = time.time()
    if args.device == "cpu":
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True, warn_only=True)
    log("args: " + json.dumps(vars(args)))

    ensure_base_model()
    tok = WordPieceTokenizer.from_file(BASE_TOKENIZER)
    examples, counts = data.build_training_set(
        tok, seed=args.seed, n_squad_answer=args.squad_answer,
        n_squad_explanation=args.squad_explanation, n_summary_docs=args.summary_docs,
        multi_span_repeat=args.multi_span_repeat, max_seq_len=args.max_seq_len,
        doc_stride=args.doc_stride, max_question_tokens=args.max_question_tokens, log=log,
        squad_offset=args.squad_offset, long_summaries=args.long_summaries,
        n_squad_negatives=args.squad_negatives, n_squad_long=args.squad_long,
        group_answers=args.shared_norm)
    batches = length_grouped_batches(examples, args.batch_size, args.seed, args.shared_norm)
    batches_epoch = 0
    total_steps = math.ceil(len(batches) * args.epochs)
    if args.max_steps:
        total_steps = min(total_steps, args.max_steps)
    warmup = int(total_steps * args.warmup)
    log(f"data: {len(examples)} windows, {len(batches)} batches/epoch, {total_steps} steps, "
        f"prepared in {time.time() - t0:.0f}s")

    if args.init_from and args.init_from_bundle:
        sys.exit("--init-from and --init-from-bundle exclude each other")
    model = MultiHeadModel(BertConfig())
    model.encoder.load_state_dict(load_encoder(BASE_ONNX).state_dict())
    if args.init_from_bundle:
        from headstream_train.bundle_import import load_bundle_model, restore_report
        model, report = load_bundle_model(args.init_from_bundle, BASE_ONNX)
        with open(os.path.join(args.init_from_bundle, "manifest.json")) as f:
            parent = json.load(f)
        log(f"weights from bundle {args.init_from_bundle} ({parent['name']} {parent['version']}, "
            f"sha256 {parent['model_sha256'][:12]}): {restore_report(report)}")
    if args.init_from:
        init = torch.load(args.init_from, map_location="cpu")
        model.load_state_dict(init["model"])
        log(f"weights from {args.init_from} (step {init.get('step')}, "
            f"{init.get('examples_seen')} examples)")
    if args.freeze_word_embeddings:
        model.encoder.word_embeddings.weight.requires_grad_(False)
    if args.freeze_layers:
        frozen = [model.encoder.word_embeddings, model.encoder.position_embeddings,
                  model.encoder.token_type_embeddings, model.encoder.embed_norm]
        frozen += list(model.encoder.layers[:args.freeze_layers])
        for module in frozen:
            for p in module.parameters():
                p.requires_grad_(False)
    model.to(device)
    params = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    no_decay = [p for n, p in params if n.endswith(".bias") or ".norm" in n or "embed_norm" in n]
    decay = [p for n, p in params if not (n.endswith(".bias") or ".norm" in n or "embed_norm" in n)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr)

    command = " ".join(["/usr/bin/python3", "training/train.py"] + (argv or sys.argv[1:]))
    commands = []
    ckpt_path = os.path.join(args.out, "checkpoint.pt")
    step, seen, trained_s = 0, 0, 0.0
    seen_by_task = [0, 0, 0]
    if args.resume and os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, map_location=device)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["optimizer"])
        step, seen, trained_s = ck["step"], ck["examples_seen"], ck["train_seconds"]
        total_steps = ck["total_steps"]
        commands = ck.get("commands", commands)
        summary_path = os.path.join(args.out, "summary.json")
        if not commands and os.path.exists(summary_path):
            with open(summary_path) as f:  # checkpoints of older runs carry no command list
                commands = [json.load(f)["command"]]
        if args.extend_steps:
            if args.extend_steps < step:
                sys.exit(f"--extend-steps {args.extend_steps} is below the resumed step {step}")
            log(f"schedule extended from {total_steps} to {args.extend_steps} steps")
            total_steps = args.extend_steps
        seen_by_task = ck.get("examples_by_task", seen_by_task)
        torch.set_rng_state(ck["torch_rng"])
        log(f"resumed at step {step} ({seen} examples, {trained_s:.0f}s trained)")

    commands = commands + [command]
    stop = {"flag": None}

    def on_signal(signum, _frame):
        stop["flag"] = f"signal {signum}"
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    def save(final=False):
        state = {"config": model.cfg.to_dict(), "model": model.state_dict(),
                 "optimizer": opt.state_dict(), "step": step, "examples_seen": seen,
                 "examples_by_task": seen_by_task, "train_seconds": trained_s,
                 "torch_rng": torch.get_rng_state(), "total_steps": total_steps,
                 "args": vars(args), "data_counts": counts, "commands": commands}
        tmp = ckpt_path + ".tmp"
        torch.save(state, tmp)
        os.replace(tmp, ckpt_path)
        if final:
            from headstream_train.model import save_checkpoint
            save_checkpoint(os.path.join(args.out, "final.pt"), model,
                            {"step": step, "examples_seen": seen, "examples_by_task": seen_by_task,
                             "train_seconds": trained_s, "total_steps": total_steps,
                             "args": vars(args), "data_counts": counts})

    model.train()
    start_step = step
    run_start = time.time()
    base_trained = trained_s
    ema = {}
    window_t, window_n = time.time(), 0
    reason = "completed all steps"
    while step < total_steps:
        if stop["flag"]:
            reason = stop["flag"]
            break
        if args.max_minutes and (time.time() - t0) / 60 >= args.max_minutes:
            reason = f"time box of {args.max_minutes} min reached"
            break
        epoch = step // len(batches)
        if epoch != batches_epoch:
            # A new epoch gets its own seeded order (epoch 0 keeps the original one).
            batches = length_grouped_batches(examples, args.batch_size, args.seed + epoch,
                                             args.shared_norm)
            batches_epoch = epoch
        idx = batches[step % len(batches)]
        batch = {k: v.to(device) for k, v in collate([examples[i] for i in idx], tok.pad_id).items()}
        for g in opt.param_groups:
            g["lr"] = args.lr * lr_factor(step, total_steps, warmup)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=args.autocast == "bf16"):
            parts = losses(model, batch, args.shared_norm)
        loss = parts["answer"] + parts["shared"] + parts["summary"] + parts["explanation"]
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        seen += len(idx)
        window_n += len(idx)
        for t in batch["task"].tolist():
            seen_by_task[t] += 1
        trained_s = base_trained + (time.time() - run_start)
        for k, v in parts.items():
            if v.item() > 0:
                ema[k] = v.item() if k not in ema else 0.9 * ema[k] + 0.1 * v.item()
        if step % args.log_every == 0 or step == total_steps:
            rate = window_n / (time.time() - window_t)
            window_t, window_n = time.time(), 0
            left = (total_steps - step) * args.batch_size / max(rate, 1e-9)
            if args.max_minutes:
                left = min(left, args.max_minutes * 60 - (time.time() - t0))
            log(f"step {step}/{total_steps} ex {seen} {rate:.2f} ex/s lr {opt.param_groups[0]['lr']:.2e} "
                + " ".join(f"{k} {v:.4f}" for k, v in ema.items()) + f" eta {left / 60:.1f} min")
        if args.fit_to_time and args.max_minutes and step >= 20 and step % 50 == 20:
            # Re-checked every 50 steps because the machine's other load varies; only shortens.
            per_step = (time.time() - run_start) / (step - start_step)
            budget = args.max_minutes * 60 - (time.time() - t0) - 60  # a minute for saving
            fit = step + int(budget * 0.95 / per_step)
            if fit < total_steps and step - start_step >= 20:
                total_steps = fit
                warmup = min(warmup, int(total_steps * args.warmup))
                log(f"fit-to-time: {per_step:.1f}s/step, schedule shortened to {total_steps} steps")
        if step % args.checkpoint_every == 0:
            save()
    save(final=True)
    summary = {"stopped": reason, "step": step, "total_steps": total_steps, "examples_seen": seen,
               "examples_by_task": dict(zip(data.TASK_NAMES, seen_by_task)),
               "train_seconds": round(trained_s), "wall_seconds": round(time.time() - t0),
               "final_loss_ema": {k: round(v, 4) for k, v in ema.items()},
               "device": args.device, "date": time.strftime("%Y-%m-%d", time.gmtime()),
               "command": " && ".join(commands), "commands": commands,
               "data_counts": counts}
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    log("stopped: " + json.dumps(summary))


if __name__ == "__main__":
    main()
