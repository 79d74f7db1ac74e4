#!/usr/bin/env python3
"""Generates models/fixture/: a tiny, random-initialised bundle with the real bundle's contract.

Same inputs, outputs, shapes, manifest keys and tokenizer pipeline (BERT normalizer,
BertPreTokenizer, [CLS] a [SEP] b [SEP] template) as models/default, but 2 layers of width 32
and a ~4k-token WordPiece vocabulary taken from the real MiniLM vocabulary: the five special
tokens, every single character (with and without `##`) and the most frequent ~2000 words. The
outputs are meaningless; the point is fast, deterministic Java tests of loading and plumbing.

    /usr/bin/python3 training/make_fixture.py [--out models/fixture]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

from headstream_train import bundle, tokenizer_json  # noqa: E402
from headstream_train.bert import BertConfig  # noqa: E402
from headstream_train.model import MultiHeadModel  # noqa: E402
from headstream_train.paths import BASE_TOKENIZER, REPO_ROOT, ensure_base_model  # noqa: E402

SEED = 20211107
WORDS = 2000


def fixture_vocab(real_vocab):
    by_id = sorted(real_vocab.items(), key=lambda kv: kv[1])
    singles = [t for t, _ in by_id if len(t) == 1]
    continued = [t for t, _ in by_id if t.startswith("##") and len(t) == 3]
    # Real BERT vocab: ids from 1996 on are whole words roughly by frequency ("the", "of", ...).
    words = [t for t, i in by_id if i >= 1996 and not t.startswith("##") and len(t) > 1][:WORDS]
    return tokenizer_json.SPECIAL_TOKENS + singles + continued + words


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(REPO_ROOT, "models", "fixture"))
    args = ap.parse_args(argv)
    ensure_base_model()
    real = tokenizer_json.load(BASE_TOKENIZER)
    tokens = fixture_vocab(real["model"]["vocab"])
    tok = tokenizer_json.with_vocab(real, tokens)

    torch.manual_seed(SEED)
    cfg = BertConfig(vocab_size=len(tokens), hidden=32, layers=2, heads=4, intermediate=64)
    model = MultiHeadModel(cfg)
    # Larger head weights than the training init so that fixture outputs vary visibly by token.
    for head in (model.answer_span, model.answer_null, model.summary, model.explanation):
        torch.nn.init.normal_(head.weight, std=0.5)
    model.eval()

    os.makedirs(args.out, exist_ok=True)
    model_path = os.path.join(args.out, "model.onnx")
    bundle.export_fused(model, model_path)
    bundle.write_json(os.path.join(args.out, "tokenizer.json"), tok)
    training = {"device": "none", "date": "n/a",
                "command": "/usr/bin/python3 training/make_fixture.py (random init, seed %d)" % SEED}
    man = bundle.manifest(model_path, "fp32", cfg, training, base="random-init fixture",
                          name="headstream-fixture", version="0.0.1")
    bundle.write_json(os.path.join(args.out, "manifest.json"), man)
    with open(os.path.join(args.out, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write(FIXTURE_CARD.format(vocab=len(tokens), seed=SEED))
    total = sum(os.path.getsize(os.path.join(args.out, n)) for n in os.listdir(args.out))
    print(f"wrote {args.out}: vocab {len(tokens)}, {total} bytes")


FIXTURE_CARD = """# headstream fixture bundle

**Not a model.** A random-initialised network with the exact contract of `models/default`
(same inputs, outputs, shapes, manifest keys, tokenizer pipeline) for fast Java unit tests of
loading, tokenization, batching and decoding plumbing. Its outputs carry no meaning.

- Encoder: BERT, 2 layers, hidden 32, 4 heads, intermediate 64, 512 positions, random init
  (torch seed {seed}); heads as in the real model.
- Vocabulary: {vocab} WordPiece tokens taken from the all-MiniLM-L6-v2 vocabulary
  ([PAD] [UNK] [CLS] [SEP] [MASK] at ids 0-4, every single character with and without `##`,
  the 2000 most frequent whole words), so any text tokenizes (rare words into characters).
- Tokenizer: same BertNormalizer (lowercase, strip accents, CJK spacing, clean text),
  BertPreTokenizer and [CLS]/[SEP] template as the real bundle; no truncation or padding.
- Produced by `/usr/bin/python3 training/make_fixture.py`; deterministic for a given torch
  version (1.13 here). No training data was used.
"""

if __name__ == "__main__":
    main()
