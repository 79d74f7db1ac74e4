"""Reads and rewrites HuggingFace `tokenizer.json` files (WordPiece, BERT normalizer)."""
import copy
import json

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def for_bundle(tok):
    """The tokenizer as a bundle ships it: same vocab, normalizer, pre-tokenizer and
    post-processor, but no built-in truncation/padding. The runtime windows long inputs itself
    (max_seq_len/doc_stride in the manifest); the 128-token truncation of the sentence-embedding
    export would silently cut contexts if a loader honoured it."""
    out = copy.deepcopy(tok)
    out["truncation"] = None
    out["padding"] = None
    return out


def with_vocab(tok, tokens):
    """A copy of `tok` whose WordPiece vocabulary is exactly `tokens` (ids in list order), with
    added tokens and post-processor ids remapped."""
    vocab = {t: i for i, t in enumerate(tokens)}
    if len(vocab) != len(tokens):
        raise ValueError("duplicate tokens in the vocabulary")
    missing = [t for t in SPECIAL_TOKENS if t not in vocab]
    if missing:
        raise ValueError(f"vocabulary lacks special tokens {missing}")
    out = for_bundle(tok)
    out["model"]["vocab"] = vocab
    out["added_tokens"] = [dict(a, id=vocab[a["content"]]) for a in tok["added_tokens"]
                           if a["content"] in vocab]
    specials = out["post_processor"]["special_tokens"]
    for name, spec in specials.items():
        spec["ids"] = [vocab[t] for t in spec["tokens"]]
    return out
