"""Loads the all-MiniLM-L6-v2 weights from the ONNX export shipped in the langchain4j jar.

The exporter kept parameter names for biases, LayerNorms and embeddings but stored each Linear
weight transposed under a generated name (`onnx::MatMul_787`). Each such MatMul feeds exactly one
Add whose other input is the named bias, so the bias name identifies the layer.
"""
import re

import numpy as np
import onnx
from onnx import numpy_helper
import torch

from .bert import BertConfig, BertEncoder

_LINEAR_TARGETS = {
    "attention.self.query": "attention.query",
    "attention.self.key": "attention.key",
    "attention.self.value": "attention.value",
    "attention.output.dense": "attention.dense",
    "intermediate.dense": "intermediate",
    "output.dense": "output",
}
_NORM_TARGETS = {"attention.output.LayerNorm": "attention.norm", "output.LayerNorm": "norm"}


def _hf_to_local(name):
    """Maps a HuggingFace BERT parameter name to this package's BertEncoder name."""
    if name.startswith("embeddings."):
        rest = name[len("embeddings."):]
        if rest.startswith("LayerNorm."):
            return "embed_norm." + rest[len("LayerNorm."):]
        return rest
    m = re.match(r"encoder\.layer\.(\d+)\.(.+)\.(weight|bias)$", name)
    if not m:
        raise ValueError(f"unexpected parameter name in ONNX file: {name}")
    idx, module, kind = m.groups()
    target = _LINEAR_TARGETS.get(module) or _NORM_TARGETS.get(module)
    if target is None:
        raise ValueError(f"unexpected module in ONNX file: {name}")
    return f"layers.{idx}.{target}.{kind}"


def read_onnx_state(path):
    """Returns a BertEncoder state dict (numpy arrays) read from the ONNX file at `path`."""
    model = onnx.load(path)
    graph = model.graph
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    consumers = {}
    for node in graph.node:
        for inp in node.input:
            consumers.setdefault(inp, []).append(node)
    state = {}
    for name, arr in inits.items():
        if name == "embeddings.position_ids":
            continue
        if name.startswith("onnx::MatMul"):
            continue
        state[_hf_to_local(name)] = arr
    for node in graph.node:
        if node.op_type != "MatMul" or node.input[1] not in inits:
            continue
        adds = [n for n in consumers.get(node.output[0], []) if n.op_type == "Add"]
        if len(adds) != 1:
            raise ValueError(f"MatMul {node.name} is not followed by exactly one Add")
        bias = [i for i in adds[0].input if i in inits and i.endswith(".bias")]
        if len(bias) != 1:
            raise ValueError(f"cannot find the bias of MatMul {node.name}")
        wname = _hf_to_local(bias[0][:-len(".bias")] + ".weight")
        state[wname] = inits[node.input[1]].T.copy()  # ONNX stores x @ W, torch stores W^T
    return state


def load_encoder(path):
    """Builds a BertEncoder with all-MiniLM-L6-v2 weights from the ONNX file at `path`."""
    encoder = BertEncoder(BertConfig())
    state = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in read_onnx_state(path).items()}
    missing, unexpected = encoder.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise ValueError(f"weight mismatch: missing={missing} unexpected={unexpected}")
    return encoder
