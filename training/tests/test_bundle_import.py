"""A new training stage starts from the shipped bundle: the weights read back from an exported
(int8) graph must be the base model's exactly where earlier stages kept them frozen, and the
trained ones within the quantization step elsewhere."""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402

from headstream_train import bundle, quantize  # noqa: E402
from headstream_train.bert import BertConfig  # noqa: E402
from headstream_train.bundle_import import read_bundle_state, restore_report  # noqa: E402
from headstream_train.model import MultiHeadModel  # noqa: E402

CFG = BertConfig(vocab_size=1200, hidden=32, layers=2, heads=4, intermediate=64)


class BundleImportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.manual_seed(5)
        cls.base = MultiHeadModel(CFG).eval()
        cls.trained = MultiHeadModel(CFG).eval()
        cls.trained.load_state_dict(cls.base.state_dict())
        with torch.no_grad():  # "training" touched layer 1 and the heads only (layer 0 frozen)
            for p in cls.trained.encoder.layers[1].parameters():
                p.add_(torch.randn_like(p) * 0.05)
            cls.trained.summary.weight.add_(0.3)
        cls.tmp = tempfile.TemporaryDirectory()
        fp32 = os.path.join(cls.tmp.name, "fp32.onnx")
        bundle.export_fused(cls.trained, fp32)
        q, _ = quantize.quantize_model(onnx.load(fp32), min_out=16)
        cls.int8 = os.path.join(cls.tmp.name, "int8.onnx")
        onnx.save(q, cls.int8)
        cls.fp32 = fp32
        cls.base_state = {k[len("encoder."):]: v.numpy() for k, v in cls.base.state_dict().items()
                          if k.startswith("encoder.") and "position_ids" not in k}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_int8_graph_gives_frozen_tensors_exactly_and_trained_ones_within_the_step(self):
        state, report = read_bundle_state(self.int8, self.base_state)
        want = {k: v.numpy() for k, v in self.trained.state_dict().items()}
        self.assertEqual(set(want), set(state))
        self.assertIn("encoder.layers.0.attention.query.weight", report["base"])
        self.assertIn("encoder.word_embeddings.weight", report["base"])
        self.assertIn("encoder.layers.1.intermediate.weight", report["dequantized"])
        self.assertIn("summary.weight", report["exact"])
        for name in report["base"] + report["exact"]:
            np.testing.assert_array_equal(want[name], state[name], err_msg=name)
        for name in report["dequantized"]:
            step = np.abs(want[name]).max(axis=1, keepdims=True) / quantize.WEIGHT_QMAX
            self.assertTrue(np.all(np.abs(want[name] - state[name]) <= step / 2 + 1e-7), name)
        self.assertIn("dequantized from int8", restore_report(report))

    def test_fp32_graph_gives_every_tensor_exactly(self):
        state, report = read_bundle_state(self.fp32, self.base_state)
        self.assertEqual([], report["dequantized"])
        for name, value in self.trained.state_dict().items():
            np.testing.assert_array_equal(value.numpy(), state[name], err_msg=name)


if __name__ == "__main__":
    unittest.main()
