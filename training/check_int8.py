#!/usr/bin/env python3
"""Measures what int8 costs: SQuAD v1.1 dev (eval half) EM/F1 of the same checkpoint through
PyTorch (fp32) and through the exported int8 ONNX graph (run by the NumPy interpreter, one window
at a time, as a single request would be), plus explanation-tag and summary-argmax agreement.

    /usr/bin/python3 training/check_int8.py --checkpoint training/runs/default/final.pt \
        --onnx models/default/model.onnx --limit 150
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402

from headstream_train import decode as dec  # noqa: E402
from headstream_train import evaluate as ev  # noqa: E402
from headstream_train import onnx_numpy  # noqa: E402
from headstream_train.model import load_model  # noqa: E402
from headstream_train.paths import BASE_TOKENIZER  # noqa: E402
from headstream_train.tokenizer import WordPieceTokenizer  # noqa: E402


class NumpyOnnxEngine:
    """Runs an exported bundle graph window by window with headstream_train.onnx_numpy."""

    def __init__(self, path):
        self.model = onnx.load(path)

    def logits(self, windows):
        out = []
        for w in windows:
            ids = np.array([w.input_ids], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids),
                     "token_type_ids": np.array([w.token_type_ids], dtype=np.int64)}
            r = onnx_numpy.run(self.model, feeds)
            out.append(dec.WindowLogits(r["answer_start_logits"][0], r["answer_end_logits"][0],
                                        float(r["answer_null_logit"][0]),
                                        r["summary_token_logits"][0],
                                        r["explanation_tag_logits"][0]))
        return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--onnx", required=True)
    ap.add_argument("--limit", type=int, default=150)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", help="write the comparison JSON here too")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    tok = WordPieceTokenizer.from_file(BASE_TOKENIZER)
    feat = ev.BertFeaturizer(tok, 384, 128, 64, 30)
    torch_engine = ev.TorchEngine(load_model(args.checkpoint), tok.pad_id, 8)
    onnx_engine = NumpyOnnxEngine(args.onnx)
    results, tag_agree, summ_agree = {}, [], []
    exs = ev._limited(ev.squad_examples(ev._path("squad", "squad11_dev_a.json.gz")), args.limit)
    preds = {"fp32": {}, "int8": {}}
    for e in exs:
        ws = feat.windows(e["question"], e["context"])
        lt = torch_engine.logits(ws)
        lq = onnx_engine.logits(ws)
        for name, lg in (("fp32", lt), ("int8", lq)):
            preds[name][e["id"]] = dec.decode_answer(e["context"], ws, lg, 30, allow_null=False).text
        for a, b in zip(lt, lq):
            tag_agree.append(float((a.tags.argmax(-1) == b.tags.argmax(-1)).mean()))
            summ_agree.append(float(a.summary.argmax() == b.summary.argmax()))
    golds = {e["id"]: e["golds"] for e in exs}
    for name in preds:
        results[name] = ev.met.squad_scores(preds[name], golds)
    same = sum(preds["fp32"][k] == preds["int8"][k] for k in golds) / len(golds)
    report = {"questions": len(exs), "squad_fp32": results["fp32"], "squad_int8": results["int8"],
              "same_answer_share": round(same, 4),
              "explanation_tag_agreement": round(float(np.mean(tag_agree)), 4),
              "summary_top_token_agreement": round(float(np.mean(summ_agree)), 4)}
    print(json.dumps(report, indent=2))
    if args.out:
        with open(args.out, "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
