"""Writes model bundles (model.onnx + tokenizer.json + manifest.json) per models/README.md."""
import hashlib
import json
import os

import torch
from torch import nn

from .model import INPUT_NAMES, OUTPUT_NAMES, BIO_LABELS

OPSET = 14


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _dummy_inputs(seq=16):
    ids = torch.full((2, seq), 5, dtype=torch.long)
    ids[:, 0] = 2
    mask = torch.ones_like(ids)
    mask[1, -3:] = 0
    types = torch.zeros_like(ids)
    types[:, seq // 2:] = 1
    return ids, mask, types


def export_graph(module: nn.Module, path, output_names, output_ranks):
    """torch.onnx.export with dynamic batch/seq axes on every input and output."""
    module.eval()
    dynamic = {name: {0: "batch", 1: "seq"} for name in INPUT_NAMES}
    for name, rank in zip(output_names, output_ranks):
        dynamic[name] = {0: "batch"} if rank == 1 else {0: "batch", 1: "seq"}
    with torch.no_grad():
        torch.onnx.export(module, _dummy_inputs(), path, input_names=INPUT_NAMES,
                          output_names=output_names, dynamic_axes=dynamic, opset_version=OPSET,
                          do_constant_folding=True)


def export_fused(model, path):
    export_graph(model, path, OUTPUT_NAMES, [2, 2, 1, 2, 3])


def manifest(model_path, precision, encoder_cfg, training, base, name="headstream-minilm-multitask",
             version="1.0.0", max_seq_len=384, doc_stride=128, max_question_tokens=64,
             max_answer_tokens=30, extra=None, decode=None):
    """The manifest dict. ``decode``: optional per-head decode objects by head name (e.g.
    ``{"answer": {"null_threshold": -1.3}, "explanation": {"span_threshold": 0.2, "whole_words":
    true}}``, written by ``training/calibrate.py``), placed as each head's last key."""
    m = {
        "format": 1,
        "name": name,
        "version": version,
        "model_file": os.path.basename(model_path),
        "model_sha256": sha256_of(model_path),
        "tokenizer_file": "tokenizer.json",
        "precision": precision,
        "encoder": {"base": base, "layers": encoder_cfg.layers, "hidden": encoder_cfg.hidden,
                    "attention_heads": encoder_cfg.heads, "intermediate": encoder_cfg.intermediate,
                    "vocab_size": encoder_cfg.vocab_size,
                    "max_position_embeddings": encoder_cfg.max_positions, "do_lower_case": True},
        "inputs": list(INPUT_NAMES),
        "max_seq_len": max_seq_len,
        "doc_stride": doc_stride,
        "max_question_tokens": max_question_tokens,
        "max_answer_tokens": max_answer_tokens,
        "heads": [
            {"name": "answer", "kind": "span",
             "outputs": {"start_logits": "answer_start_logits", "end_logits": "answer_end_logits",
                         "null_logit": "answer_null_logit"}},
            {"name": "summary", "kind": "sentence_salience",
             "outputs": {"token_logits": "summary_token_logits"}},
            {"name": "explanation", "kind": "span_tagging",
             "outputs": {"tag_logits": "explanation_tag_logits"}, "labels": list(BIO_LABELS)},
        ],
        "tasks": {
            "question_answering": {"target": "answer"},
            "summarization": {"target": "summary"},
            "span_extraction": {"target": "explanation"},
        },
        "default_task": "question_answering",
        "training": training,
    }
    for head in m["heads"]:
        if decode and decode.get(head["name"]):
            head["decode"] = dict(decode[head["name"]])
    if extra:
        m.update(extra)
    return m


def decode_objects(manifest_dict):
    """The ``decode`` object of every head that has one, by head name (what ``manifest`` takes)."""
    return {h["name"]: h["decode"] for h in manifest_dict.get("heads", []) if h.get("decode")}


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")
