"""Rebuilds a trainable MultiHeadModel from an exported bundle (`models/default`), so that a new
training stage can start from the shipped model on a fresh clone (the runs folder is not in git).

An exported graph keeps every bias, LayerNorm, position/type embedding and head weight in fp32
under its PyTorch name (or, for the heads' MatMul weights, behind a MatMul node named after the
module); those come back exactly. An int8 graph stores each encoder MatMul weight as 7-bit
per-column codes and scales (`quantize.py`) and the word-embedding table as 8-bit rows. For
those tensors the rule is:

- when the base model's tensor quantizes to exactly the same codes and scales, the earlier
  stages kept it frozen, and the base model's exact fp32 tensor is used;
- otherwise the dequantized tensor (codes x scales) is used: a continuation starts from the
  weights as served, and its first steps absorb the rounding.

`restore_report` says which tensors were exact and which were dequantized.
"""
import re

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from .bert import BertConfig
from .model import MultiHeadModel
from .onnx_import import read_onnx_state
from .quantize import _quantize_columns, _quantize_rows

_OUT_RE = re.compile(r"^/(.+)/MatMul(?:_\d+)?_output_0$")


def _module_of(output_name):
    """`/encoder/layers.2/attention/query/MatMul_output_0` -> `encoder.layers.2.attention.query`."""
    m = _OUT_RE.match(output_name)
    if not m:
        raise ValueError(f"cannot name the module of MatMul output {output_name!r}")
    return m.group(1).replace("/", ".")


def read_bundle_state(onnx_path, base_state):
    """(state dict of numpy arrays, report) for a MultiHeadModel from an exported graph.

    `base_state` is the base encoder's state (`onnx_import.read_onnx_state`), keyed without the
    `encoder.` prefix; it supplies the exact values of tensors that were never trained."""
    graph = onnx.load(onnx_path).graph
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    consumers = {}
    for node in graph.node:
        for inp in node.input:
            consumers.setdefault(inp, []).append(node)
    state, report = {}, {"exact": [], "base": [], "dequantized": []}

    def put(name, arr, kind):
        state[name] = np.ascontiguousarray(arr, dtype=np.float32)
        report[kind].append(name)

    for name, arr in inits.items():
        if name.startswith("onnx::") or name.endswith(("_int8", "_scale")):
            continue
        put(name, arr, "exact")
    for node in graph.node:
        if node.op_type == "Identity" and node.input[0] in inits and node.output[0] not in inits \
                and not node.output[0].startswith("/"):
            # The exporter keeps one copy of identical initializers (e.g. untouched LayerNorm
            # weights); the others come back as Identity nodes named after the parameter.
            put(node.output[0], inits[node.input[0]], "exact")
        elif node.op_type == "MatMul" and node.input[1] in inits:
            # An fp32 MatMul weight (the heads, or an int8 export's kept-fp32 MatMuls).
            put(_module_of(node.output[0]) + ".weight", inits[node.input[1]].T, "exact")
        elif node.op_type == "MatMulInteger":
            w_name = node.input[1]
            q, scale = inits[w_name], inits[w_name[:-len("_int8")] + "_scale"]
            # MatMulInteger -> Cast -> Mul(acc, scales): that Mul writes the original MatMul output.
            cast = consumers[node.output[0]][0]
            mul = consumers[cast.output[0]][0]
            module = _module_of(mul.output[0])
            base = base_state.get(module[len("encoder."):] + ".weight")
            if base is not None:
                bq, bs = _quantize_columns(base.T)
                if np.array_equal(bq, q) and np.array_equal(bs, scale):
                    put(module + ".weight", base, "base")
                    continue
            put(module + ".weight", (q.astype(np.float32) * scale).T, "dequantized")
        elif node.op_type == "Gather" and node.input[0].endswith("_int8"):
            table = node.input[0][:-len("_int8")]
            q, scale = inits[node.input[0]], inits[table + "_scale"]
            base = base_state.get(table[len("encoder."):])
            if base is not None:
                bq, bs = _quantize_rows(base)
                if np.array_equal(bq, q) and np.array_equal(bs, scale[:, 0]):
                    put(table, base, "base")
                    continue
            put(table, q.astype(np.float32) * scale, "dequantized")
    return state, report


def load_bundle_model(bundle_dir, base_onnx, cfg=None):
    """(MultiHeadModel in train mode, report) from `bundle_dir/model.onnx` (fp32 or int8)."""
    import os
    base_state = read_onnx_state(base_onnx)
    state, report = read_bundle_state(os.path.join(bundle_dir, "model.onnx"), base_state)
    model = MultiHeadModel(cfg or BertConfig())
    tensors = {k: torch.from_numpy(v.copy()) for k, v in state.items()}
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    if missing or unexpected:
        raise ValueError(f"bundle {bundle_dir} does not match the model: missing={missing} "
                         f"unexpected={unexpected}")
    return model, report


def restore_report(report):
    """One log line: how many tensors came back exactly, from the base model, or dequantized."""
    return (f"{len(report['exact'])} tensors exact, {len(report['base'])} from the base model "
            f"(frozen: codes match), {len(report['dequantized'])} dequantized from int8")
