"""Dynamic int8 quantization of an exported graph, written as a plain ONNX graph rewrite.

No onnxruntime quantizer exists in Python here, so this does what its dynamic mode does:
every MatMul with a constant float weight W [K, N] (N >= `min_out`, so the tiny heads stay
fp32) becomes

    DynamicQuantizeLinear(x) -> (x_q uint8, x_scale, x_zero)
    MatMulInteger(x_q, W_q int8, x_zero) -> int32 -> Cast float -> Mul(x_scale * w_scale[N])

with symmetric per-output-column weight scales. Weights use 7 bits (|q| <= 63), as
onnxruntime's `reduce_range` does, so the u8 x s8 pairwise sums of AVX2 kernels without VNNI
cannot saturate int16. Optionally the word-embedding table is stored as int8 with one scale per
row (Gather on int8 rows and scales, Cast, Mul), which roughly halves what is left.
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

WEIGHT_QMAX = 63

#: Named choices of MatMuls that stay fp32 (`export.py --int8-keep-fp32`): the node names
#: follow the PyTorch modules of headstream_train.bert.
KEEP_FP32 = {
    "none": None,
    "attention-qk": lambda n: "/attention/query/" in n.name or "/attention/key/" in n.name,
    "attention": lambda n: "/attention/" in n.name,
}


def _quantize_columns(w):
    scale = np.abs(w).max(axis=0) / WEIGHT_QMAX
    scale = np.where(scale == 0, 1.0, scale).astype(np.float32)
    q = np.clip(np.rint(w / scale), -WEIGHT_QMAX, WEIGHT_QMAX).astype(np.int8)
    return q, scale


def _quantize_rows(w):
    scale = np.abs(w).max(axis=1) / 127.0
    scale = np.where(scale == 0, 1.0, scale).astype(np.float32)
    q = np.clip(np.rint(w / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale


def quantize_model(model: onnx.ModelProto, min_out=16, embeddings=True, keep_fp32=None):
    """Returns a new ModelProto with int8 MatMuls (and optionally an int8 embedding table).

    `keep_fp32(node)`, when given, names MatMul nodes that stay fp32 (node names follow the
    PyTorch modules, e.g. ``/encoder/layers.5/output/MatMul``)."""
    g = model.graph
    inits = {i.name: i for i in g.initializer}
    new_nodes, drop, add_inits = [], set(), []
    quantized = 0
    for n in g.node:
        w_name = n.input[1] if n.op_type == "MatMul" and len(n.input) == 2 else None
        w_init = inits.get(w_name) if w_name else None
        if w_init is not None and len(w_init.dims) == 2 and w_init.dims[1] >= min_out \
                and w_init.data_type == TensorProto.FLOAT \
                and not (keep_fp32 and keep_fp32(n)):
            w = numpy_helper.to_array(w_init)
            q, scale = _quantize_columns(w)
            base = n.output[0] + "_q"
            add_inits += [numpy_helper.from_array(q, w_name + "_int8"),
                          numpy_helper.from_array(scale, w_name + "_scale")]
            drop.add(w_name)
            new_nodes += [
                helper.make_node("DynamicQuantizeLinear", [n.input[0]],
                                 [base + "_x", base + "_xs", base + "_xz"]),
                helper.make_node("MatMulInteger", [base + "_x", w_name + "_int8", base + "_xz"],
                                 [base + "_acc"]),
                helper.make_node("Cast", [base + "_acc"], [base + "_accf"], to=TensorProto.FLOAT),
                helper.make_node("Mul", [base + "_xs", w_name + "_scale"], [base + "_s"]),
                helper.make_node("Mul", [base + "_accf", base + "_s"], [n.output[0]]),
            ]
            quantized += 1
            continue
        if embeddings and n.op_type == "Gather" and n.input[0] in inits \
                and len(inits[n.input[0]].dims) == 2 and inits[n.input[0]].dims[0] > 1000:
            table = n.input[0]
            q, scale = _quantize_rows(numpy_helper.to_array(inits[table]))
            base = n.output[0] + "_q"
            add_inits += [numpy_helper.from_array(q, table + "_int8"),
                          numpy_helper.from_array(scale[:, None], table + "_scale")]
            drop.add(table)
            new_nodes += [
                helper.make_node("Gather", [table + "_int8", n.input[1]], [base + "_rows"], axis=0),
                helper.make_node("Gather", [table + "_scale", n.input[1]], [base + "_scales"],
                                 axis=0),
                helper.make_node("Cast", [base + "_rows"], [base + "_rowsf"], to=TensorProto.FLOAT),
                helper.make_node("Mul", [base + "_rowsf", base + "_scales"], [n.output[0]]),
            ]
            continue
        new_nodes.append(n)
    out = onnx.ModelProto()
    out.CopyFrom(model)
    del out.graph.node[:]
    out.graph.node.extend(new_nodes)
    keep = [i for i in model.graph.initializer if i.name not in drop]
    del out.graph.initializer[:]
    out.graph.initializer.extend(keep + add_inits)
    onnx.checker.check_model(out)
    return out, quantized
