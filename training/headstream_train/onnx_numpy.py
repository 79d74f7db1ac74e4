"""A small NumPy interpreter for the ONNX operators our graphs use.

Python has no onnxruntime here; this lets tests and the int8 export check a written graph
(including the int8 rewrite's DynamicQuantizeLinear/MatMulInteger) against PyTorch. It is a
checking tool, not a runtime: slow, float64 where convenient, and only the operators needed.
"""
import numpy as np
import onnx
from onnx import helper, numpy_helper



def _erf(x):
    import torch  # exact erf, vectorized; NumPy has none
    return torch.erf(torch.from_numpy(np.ascontiguousarray(x))).numpy()


def _np_type(t):
    return onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[t]


def _dql(x):
    """ONNX DynamicQuantizeLinear: uint8, range always including 0."""
    lo, hi = min(0.0, float(x.min())), max(0.0, float(x.max()))
    scale = np.float32((hi - lo) / 255.0) if hi > lo else np.float32(1.0)
    zp = np.clip(np.rint(-lo / scale), 0, 255).astype(np.uint8)
    q = np.clip(np.rint(x / scale) + zp, 0, 255).astype(np.uint8)
    return q, np.array(scale, dtype=np.float32), np.array(zp, dtype=np.uint8)


def run(model, feeds):
    """Runs `model` (onnx.ModelProto or path) on `feeds` (name -> array); returns outputs dict."""
    if isinstance(model, str):
        model = onnx.load(model)
    g = model.graph
    env = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    env.update(feeds)
    for n in g.node:
        a = {x.name: helper.get_attribute_value(x) for x in n.attribute}
        x = [env[i] if i else None for i in n.input]
        op = n.op_type
        if op == "Constant":
            r = [numpy_helper.to_array(a["value"])]
        elif op in ("Add", "Sub", "Mul", "Div", "Pow"):
            f = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Div": np.divide,
                 "Pow": np.power}[op]
            r = [f(x[0], x[1]).astype(np.result_type(x[0], x[1]))]
        elif op == "Sqrt":
            r = [np.sqrt(x[0])]
        elif op == "Erf":
            r = [_erf(x[0]).astype(x[0].dtype)]
        elif op == "MatMul":
            r = [np.matmul(x[0], x[1])]
        elif op == "Gemm":
            A = x[0].T if a.get("transA", 0) else x[0]
            B = x[1].T if a.get("transB", 0) else x[1]
            y = a.get("alpha", 1.0) * (A @ B)
            if len(x) > 2 and x[2] is not None:
                y = y + a.get("beta", 1.0) * x[2]
            r = [y.astype(np.float32)]
        elif op == "Gather":
            r = [np.take(x[0], x[1], axis=a.get("axis", 0))]
        elif op == "Unsqueeze":
            axes = a["axes"] if "axes" in a else x[1]
            r = [np.expand_dims(x[0], tuple(int(v) for v in axes))]
        elif op == "Squeeze":
            axes = a.get("axes", x[1] if len(x) > 1 else None)
            r = [np.squeeze(x[0], axis=None if axes is None else tuple(int(v) for v in axes))]
        elif op == "Shape":
            r = [np.array(x[0].shape, dtype=np.int64)]
        elif op == "Cast":
            r = [x[0].astype(_np_type(a["to"]))]
        elif op == "ReduceMean":
            r = [x[0].mean(axis=tuple(a["axes"]), keepdims=bool(a.get("keepdims", 1)))]
        elif op == "Concat":
            r = [np.concatenate(x, axis=a["axis"])]
        elif op == "Reshape":
            shape = [d if d != 0 else x[0].shape[i] for i, d in enumerate(x[1])]
            r = [x[0].reshape(shape)]
        elif op == "Transpose":
            r = [np.transpose(x[0], a["perm"])]
        elif op == "Identity":
            r = [x[0]]
        elif op == "Softmax":
            ax = a.get("axis", -1)
            e = np.exp(x[0] - x[0].max(axis=ax, keepdims=True))
            r = [e / e.sum(axis=ax, keepdims=True)]
        elif op == "Slice":
            starts, ends = x[1], x[2]
            axes = x[3] if len(x) > 3 and x[3] is not None else np.arange(len(starts))
            steps = x[4] if len(x) > 4 and x[4] is not None else np.ones_like(starts)
            sl = [slice(None)] * x[0].ndim
            for s, e, ax, st in zip(starts, ends, axes, steps):
                sl[int(ax)] = slice(int(s), int(min(e, 2 ** 62)), int(st))
            r = [x[0][tuple(sl)]]
        elif op == "DynamicQuantizeLinear":
            r = list(_dql(x[0]))
        elif op == "MatMulInteger":
            A = x[0].astype(np.float64) - (x[2].astype(np.float64) if len(x) > 2 and x[2] is not None else 0)
            B = x[1].astype(np.float64) - (x[3].astype(np.float64) if len(x) > 3 and x[3] is not None else 0)
            r = [np.matmul(A, B).astype(np.int32)]
        else:
            raise NotImplementedError(f"operator {op} is not supported by onnx_numpy")
        for name, val in zip(n.output, r):
            env[name] = val
    return {o.name: env[o.name] for o in g.output}
