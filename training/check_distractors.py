#!/usr/bin/env python3
"""Does the answer head abstain when the context is the wrong paragraph?

Held-out SQuAD v1.1 dev questions (the `squad` evaluation set), each asked twice: against its own
paragraph (answerable) and against another paragraph of the same article that contains none of
its gold answers (a "distractor": same topic, no answer; built like train.py's
`--squad-negatives`, on evaluation data). Scored with the SQuAD 2.0 metrics: HasAns F1,
NoAns accuracy (abstention on distractors) at the manifest's null threshold (0 by default), and
the oracle best F1 over thresholds. One fp32 PyTorch forward pass per checkpoint.

    /usr/bin/python3 training/check_distractors.py --checkpoint training/runs/default/final.pt \
        training/runs/continue/final.pt --limit 300
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from headstream_train import evaluate as ev  # noqa: E402
from headstream_train.model import load_model  # noqa: E402
from headstream_train.paths import BASE_TOKENIZER  # noqa: E402
from headstream_train.tokenizer import WordPieceTokenizer  # noqa: E402


def distractor_pairs(examples):
    """Each example twice: as is, and with the next paragraph (article order, wrapping) of its
    article that contains none of its gold answers (lower-cased); examples whose article has no
    such paragraph are left out entirely."""
    by_article = {}
    for e in examples:
        paras = by_article.setdefault(e["title"], [])
        if e["context"] not in paras:
            paras.append(e["context"])
    out = []
    for e in examples:
        paras = by_article[e["title"]]
        i = paras.index(e["context"])
        golds = [g.lower() for g in e["golds"]]
        other = next((paras[(i + k) % len(paras)] for k in range(1, len(paras))
                      if not any(g in paras[(i + k) % len(paras)].lower() for g in golds)), None)
        if other is not None:
            out.append(e)
            out.append({"id": e["id"] + ":distractor", "question": e["question"], "context": other,
                        "golds": [], "title": e["title"]})
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint", nargs="+", required=True)
    ap.add_argument("--limit", type=int, default=300, help="first N held-out questions (file order)")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    tok = WordPieceTokenizer.from_file(BASE_TOKENIZER)
    feat = ev.BertFeaturizer(tok)
    all_dev = list(ev.squad_examples(ev._path("squad", "squad11_dev_a.json.gz")))
    chosen = all_dev[:args.limit]
    # Paragraphs of the whole article are candidates, not only those of the first N questions.
    titles = {e["title"] for e in chosen}
    pool = [e for e in all_dev if e["title"] in titles]
    by_id = {p["id"]: p for p in distractor_pairs(pool)}
    pairs = [by_id[i] for e in chosen for i in (e["id"], e["id"] + ":distractor") if i in by_id]
    for ck in args.checkpoint:
        pred = ev.Predictor(feat, ev.TorchEngine(load_model(ck), tok.pad_id, 16))
        m = ev.run_squad(pred, None, lambda rec: None, version2=True, examples=pairs).metrics
        print(json.dumps({"checkpoint": ck, "questions": len(pairs) // 2,
                          "HasAns_f1": round(m["HasAns_f1"], 1), "NoAns_acc": round(m["NoAns_exact"], 1),
                          "best_f1": round(m["best_f1"], 1), "best_f1_thresh": round(m["best_f1_thresh"], 2),
                          "f1_at_0": round(m["f1"], 1)}), flush=True)


if __name__ == "__main__":
    main()
