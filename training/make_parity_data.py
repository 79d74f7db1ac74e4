#!/usr/bin/env python3
"""Writes the reference data of the Java `EncoderParityTest`.

streams-app/src/test/resources/parity/encoder_parity.json holds
- `tokenizer`: texts with the ids and character offsets this package's Python WordPiece
  tokenizer gives (no special tokens); the Java test checks HuggingFace tokenizers (DJL) agrees;
- `encoder`: a padded batch (input_ids, attention_mask, token_type_ids) and the last hidden
  states [batch, seq, 384] of the PyTorch encoder REBUILT from the ONNX weights
  (base64, little-endian float32); the Java test runs the ORIGINAL all-MiniLM-L6-v2 ONNX graph
  from the langchain4j jar with ONNX Runtime and compares.

    /usr/bin/python3 training/make_parity_data.py
"""
import base64
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from headstream_train.onnx_import import load_encoder  # noqa: E402
from headstream_train.paths import (BASE_ONNX, BASE_TOKENIZER, REPO_ROOT,  # noqa: E402
                                    ensure_base_model)
from headstream_train.tokenizer import WordPieceTokenizer  # noqa: E402

OUT = os.path.join(REPO_ROOT, "streams-app", "src", "test", "resources", "parity",
                   "encoder_parity.json")

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


def main():
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
