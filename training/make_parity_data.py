#!/usr/bin/env python3
"""Writes the reference data of the Java `EncoderParityTest`.

streams-app/src/test/resources/parity/encoder_parity.json holds
- `tokenizer`: texts with the ids and character offsets this package's Python WordPiece
  tokenizer gives (no special tokens); the Java test checks HuggingFace tokenizers (DJL) agrees;
- `encoder`: a padded batch (input_ids, attention_mask, token_type_ids) and the last hidden
  states [batch, seq, 384] of the PyTorch encoder REBUILT from the ONNX weights
  (base64, little-endian float32); the Java test runs the ORIGINAL all-MiniLM-L6-v2 ONNX graph
  from the langchain4j jar with ONNX Runtime and compares.

    /usr/bin/python3 training/make_parity_data.py             # encoder_parity.json
    /usr/bin/python3 training/make_parity_data.py --bundles   # bundle_parity.json (after export)
    /usr/bin/python3 training/make_parity_data.py --decode    # decode_agreement.json

bundle_parity.json holds, per committed bundle (models/fixture, models/default), a small batch
and the bundle graph's outputs computed in Python; the Java test runs the same graph with ONNX
Runtime, which proves the exported (and int8-rewritten) graph runs there and computes the same.

decode_agreement.json holds what the Python decoding (`decode.decode_all`, budget 3 sentences)
gives on the fixture model (rebuilt in PyTorch exactly as make_fixture.py builds it) with
NON-default decode settings (span threshold, whole words, null threshold); the Java
`PythonDecodeAgreementTest` loads the fixture with those settings in its manifest and compares.
Offsets are code points.
"""
import base64
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from headstream_train import onnx_numpy  # noqa: E402
from headstream_train.onnx_import import load_encoder  # noqa: E402
from headstream_train.paths import (BASE_ONNX, BASE_TOKENIZER, REPO_ROOT,  # noqa: E402
                                    ensure_base_model)
from headstream_train.tokenizer import WordPieceTokenizer  # noqa: E402

PARITY_DIR = os.path.join(REPO_ROOT, "streams-app", "src", "test", "resources", "parity")
OUT = os.path.join(PARITY_DIR, "encoder_parity.json")
BUNDLE_OUT = os.path.join(PARITY_DIR, "bundle_parity.json")
BUNDLES = ["fixture", "default"]
BUNDLE_PAIRS = [
    ("Who gave their name to Normandy?",
     "The Normans were the people who in the 10th and 11th centuries gave their name to "
     "Normandy, a region in France."),
    ("", "Deep networks are hard to train. We propose a simple fix. It works well."),
]

TOKENIZER_TEXTS = [
    "Hello, World! (1998)",
    "The Normans gave their name to Normandy, a region in France.",
    "Café Noël in São Paulo costs €3.50 — naïve façade.",
    "Cafe\u0301 with a combining accent",
    "東京 is Tokyo; 北京 is Beijing.",
    "İstanbul and ÅNGSTRÖM",
    "tabs\tand\nnewlines\r\nand\u00a0nbsp, zero\u200bwidth",
    "unaffable tokenization of hyperparameterisation",
    "x" * 120 + " then normal words",
    "Don't split U.S.A. wrongly: 3,204 people (12.5%) voted.",
]

ENCODER_PAIRS = [
    ("", "The quick brown fox jumps over the lazy dog."),
    ("Who founded the company?", "It was founded in 1998 by Larry Page and Sergey Brin."),
    ("What is MiniLM?", "A small transformer distilled from a larger one."),
]


def bundle_reference(name):
    """Outputs of a committed bundle's graph (NumPy interpreter) on BUNDLE_PAIRS, tokenized
    with the bundle's own tokenizer.json."""
    folder = os.path.join(REPO_ROOT, "models", name)
    with open(os.path.join(folder, "manifest.json")) as f:
        man = json.load(f)
    tok = WordPieceTokenizer.from_file(os.path.join(folder, man["tokenizer_file"]))
    rows = []
    for q, c in BUNDLE_PAIRS:
        q_ids = tok.encode(q)
        c_ids = tok.encode(c)
        ids = [tok.cls_id] + q_ids + [tok.sep_id] + c_ids + [tok.sep_id]
        rows.append((ids, [0] * (len(q_ids) + 2) + [1] * (len(c_ids) + 1)))
    width = max(len(i) for i, _ in rows)
    feeds = {k: np.zeros((len(rows), width), dtype=np.int64)
             for k in ("input_ids", "attention_mask", "token_type_ids")}
    for k, (i, t) in enumerate(rows):
        feeds["input_ids"][k, :len(i)] = i
        feeds["attention_mask"][k, :len(i)] = 1
        feeds["token_type_ids"][k, :len(t)] = t
    outs = onnx_numpy.run(os.path.join(folder, man["model_file"]), feeds)
    return {"bundle": f"models/{name}", "model_sha256": man["model_sha256"],
            "precision": man["precision"],
            **{k: v.tolist() for k, v in feeds.items()},
            "outputs": {k: {"shape": list(v.shape),
                            "f32le_base64": base64.b64encode(v.astype("<f4").tobytes()).decode()}
                        for k, v in outs.items()}}


def write_bundle_parity():
    doc = {"about": "Reference outputs of the committed bundles (NumPy ONNX interpreter), "
                    "written by training/make_parity_data.py --bundles",
           "bundles": [bundle_reference(b) for b in BUNDLES
                       if os.path.exists(os.path.join(REPO_ROOT, "models", b, "manifest.json"))]}
    with open(BUNDLE_OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {BUNDLE_OUT} ({os.path.getsize(BUNDLE_OUT)} bytes): "
          + ", ".join(b["bundle"] for b in doc["bundles"]))


DECODE_OUT = os.path.join(PARITY_DIR, "decode_agreement.json")
#: the fixture's margins (null - span) on DECODE_CASES are about -13.9, -12.5 and -13.5, so this
#: null threshold answers the first and third and abstains on the second
DECODE_SETTINGS = {"span_threshold": 0.5, "whole_words": True, "null_threshold": -13.0}
DECODE_CASES = [
    ("Who served crêpes in Zürich?",
     "Café owners in Zürich 😀 served crêpes; 北京 visitors paid 3.5 francs each. Dr. Smith said the U.S."
     " delegation arrived at 5 p.m. on Jan. 3, 1990. The end!"),
    ("", "Emoji 😀😀 first. Then 👍🏽 thumbs. 北京很大。 Final sentence here."),
    ("What was the revenue?", "Revenue was 1,452.40 dollars in 2019 and (1,300.5) in 2018; "
     "the tokenization of hyperparameterisation costs 12.5% more."),
]


def write_decode_agreement():
    import make_fixture
    from headstream_train import decode as dec
    from headstream_train import evaluate as ev
    from headstream_train.bert import BertConfig
    from headstream_train.model import MultiHeadModel

    folder = os.path.join(REPO_ROOT, "models", "fixture")
    with open(os.path.join(folder, "manifest.json")) as f:
        man = json.load(f)
    tok = WordPieceTokenizer.from_file(os.path.join(folder, man["tokenizer_file"]))
    torch.manual_seed(make_fixture.SEED)
    enc = man["encoder"]
    cfg = BertConfig(vocab_size=enc["vocab_size"], hidden=enc["hidden"], layers=enc["layers"],
                     heads=enc["attention_heads"], intermediate=enc["intermediate"])
    model = MultiHeadModel(cfg)
    for head in (model.answer_span, model.answer_null, model.summary, model.explanation):
        torch.nn.init.normal_(head.weight, std=0.5)
    model.eval()
    feat = ev.BertFeaturizer(tok, man["max_seq_len"], man["doc_stride"], man["max_question_tokens"],
                             man["max_answer_tokens"])
    engine = ev.TorchEngine(model, tok.pad_id)
    # the rebuilt model must be the committed graph
    ws = feat.windows(*DECODE_CASES[0])
    ids = np.array([ws[0].input_ids], dtype=np.int64)
    feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids),
             "token_type_ids": np.array([ws[0].token_type_ids], dtype=np.int64)}
    graph = onnx_numpy.run(os.path.join(folder, man["model_file"]), feeds)
    diff = float(np.abs(graph["explanation_tag_logits"][0] - engine.logits(ws)[0].tags).max())
    if diff > 1e-4:
        raise SystemExit(f"rebuilt fixture model differs from models/fixture/model.onnx by {diff}")
    settings = dec.DecodeSettings(DECODE_SETTINGS["span_threshold"], DECODE_SETTINGS["whole_words"],
                                  DECODE_SETTINGS["null_threshold"])
    cases = []
    for q, c in DECODE_CASES:
        ws = feat.windows(q, c)
        out = dec.decode_all(c, ws, engine.logits(ws), man["max_answer_tokens"], True, dec.SummaryBudget(),
                             settings=settings)
        argmax = dec.decode_explanations(c, ws, engine.logits(ws), out.answer)
        cases.append({"question": q, "context": c, "windows": len(ws),
                      "answer": out.answer.text, "is_null": out.answer.is_null,
                      "null_margin": round(out.answer.null_margin, 4),
                      "spans": [[s.start, s.end, s.text, round(s.score, 6)] for s in out.explanations],
                      "argmax_span_count": len(argmax)})
    doc = {"about": "Python decoding of the fixture model with non-default decode settings, written by "
                    "training/make_parity_data.py --decode; offsets are code points",
           "model_sha256": man["model_sha256"], "decode": DECODE_SETTINGS, "cases": cases}
    with open(DECODE_OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {DECODE_OUT}: " + ", ".join(f"{len(c['spans'])} spans (argmax {c['argmax_span_count']}), "
                                             f"null={c['is_null']}" for c in cases))


def main():
    if "--bundles" in sys.argv[1:]:
        write_bundle_parity()
        return
    if "--decode" in sys.argv[1:]:
        write_decode_agreement()
        return
    ensure_base_model()
    tok = WordPieceTokenizer.from_file(BASE_TOKENIZER)
    tokenizer_cases = []
    for text in TOKENIZER_TEXTS:
        toks = tok.tokenize(text)
        tokenizer_cases.append({"text": text, "ids": [t.id for t in toks],
                                "offsets": [[t.start, t.end] for t in toks]})
    rows = []
    for q, c in ENCODER_PAIRS:
        if q:
            rows.append(tok.encode_pair(q, c))
        else:
            ids = [tok.cls_id] + tok.encode(c) + [tok.sep_id]
            rows.append((ids, [0] * len(ids)))
    width = max(len(i) for i, _ in rows)
    ids = np.zeros((len(rows), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    types = np.zeros_like(ids)
    for k, (i, t) in enumerate(rows):
        ids[k, :len(i)], mask[k, :len(i)], types[k, :len(t)] = i, 1, t
    encoder = load_encoder(BASE_ONNX).eval()
    with torch.no_grad():
        hidden = encoder(torch.from_numpy(ids), torch.from_numpy(mask),
                         torch.from_numpy(types)).numpy().astype("<f4")
    doc = {
        "about": "Reference data for EncoderParityTest, written by training/make_parity_data.py",
        "tokenizer": tokenizer_cases,
        "encoder": {
            "input_ids": ids.tolist(), "attention_mask": mask.tolist(),
            "token_type_ids": types.tolist(), "shape": list(hidden.shape),
            "last_hidden_state_f32le_base64": base64.b64encode(hidden.tobytes()).decode("ascii"),
        },
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes), batch {list(hidden.shape)}")


if __name__ == "__main__":
    main()
