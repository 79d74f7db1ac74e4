import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402

import make_fixture  # noqa: E402
from headstream_train import bundle, onnx_numpy, quantize  # noqa: E402
from headstream_train.bert import BertConfig  # noqa: E402
from headstream_train.model import INPUT_NAMES, OUTPUT_NAMES, MultiHeadModel  # noqa: E402
from headstream_train.paths import REPO_ROOT  # noqa: E402

FIXTURE = os.path.join(REPO_ROOT, "models", "fixture")


def feeds(vocab, batch=3, seq=11):
    rng = np.random.default_rng(7)
    ids = rng.integers(5, vocab, size=(batch, seq)).astype(np.int64)
    ids[:, 0] = 2
    mask = np.ones_like(ids)
    mask[1, -4:] = 0
    types = np.zeros_like(ids)
    types[:, 4:] = 1
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


class FixtureBundleTest(unittest.TestCase):
    def test_committed_fixture_is_what_make_fixture_writes(self):
        with tempfile.TemporaryDirectory() as tmp:
            make_fixture.main(["--out", tmp])
            for name in ("model.onnx", "tokenizer.json", "manifest.json"):
                self.assertEqual(bundle.sha256_of(os.path.join(FIXTURE, name)),
                                 bundle.sha256_of(os.path.join(tmp, name)), name)

    def test_fixture_manifest_follows_the_contract(self):
        with open(os.path.join(FIXTURE, "manifest.json")) as f:
            man = json.load(f)
        self.assertEqual(1, man["format"])
        self.assertEqual(bundle.sha256_of(os.path.join(FIXTURE, man["model_file"])),
                         man["model_sha256"])
        graph = onnx.load(os.path.join(FIXTURE, man["model_file"])).graph
        self.assertEqual(INPUT_NAMES, [i.name for i in graph.input])
        self.assertEqual(OUTPUT_NAMES, [o.name for o in graph.output])
        declared = [o for h in man["heads"] for o in h["outputs"].values()]
        self.assertEqual(sorted(OUTPUT_NAMES), sorted(declared))
        ranks = {o.name: len(o.type.tensor_type.shape.dim) for o in graph.output}
        self.assertEqual({"answer_start_logits": 2, "answer_end_logits": 2, "answer_null_logit": 1,
                          "summary_token_logits": 2, "explanation_tag_logits": 3}, ranks)
        with open(os.path.join(FIXTURE, "tokenizer.json")) as f:
            tok = json.load(f)
        for special in ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"):
            self.assertIn(special, tok["model"]["vocab"])
        self.assertEqual(len(tok["model"]["vocab"]), man["encoder"]["vocab_size"])
        self.assertLess(sum(os.path.getsize(os.path.join(FIXTURE, n)) for n in os.listdir(FIXTURE)),
                        2 * 1024 * 1024)


class ExportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.manual_seed(3)
        cls.model = MultiHeadModel(BertConfig(vocab_size=1200, hidden=32, layers=2, heads=4,
                                              intermediate=64)).eval()
        for head in (cls.model.answer_span, cls.model.answer_null, cls.model.summary,
                     cls.model.explanation):
            torch.nn.init.normal_(head.weight, std=0.5)
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.tmp.name, "model.onnx")
        bundle.export_fused(cls.model, cls.path)
        cls.feeds = feeds(1200)
        with torch.no_grad():
            cls.ref = [t.numpy() for t in cls.model(*(torch.from_numpy(cls.feeds[k])
                                                      for k in INPUT_NAMES))]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_exported_graph_matches_pytorch_on_another_batch_and_length(self):
        got = onnx_numpy.run(self.path, self.feeds)
        for name, ref in zip(OUTPUT_NAMES, self.ref):
            self.assertEqual(ref.shape, got[name].shape, name)
            np.testing.assert_allclose(got[name], ref, atol=1e-5, err_msg=name)

    def test_int8_rewrite_stays_close_to_fp32(self):
        q, n = quantize.quantize_model(onnx.load(self.path), min_out=16)
        self.assertEqual(2 * 6, n)  # 6 encoder Linears per layer; heads stay fp32
        ops = {node.op_type for node in q.graph.node}
        self.assertIn("MatMulInteger", ops)
        self.assertIn("DynamicQuantizeLinear", ops)
        got = onnx_numpy.run(q, self.feeds)
        for name, ref in zip(OUTPUT_NAMES, self.ref):
            scale = np.abs(ref).max()
            err = np.abs(got[name] - ref).max()
            self.assertLess(err, 0.1 * scale, name)

    def test_int8_rewrite_can_keep_the_feed_forward_output_in_fp32(self):
        fp32 = onnx.load(self.path)
        ffn_out = [i.name for i in fp32.graph.initializer if list(i.dims) == [64, 32]]
        self.assertEqual(2, len(ffn_out))  # one per layer (intermediate 64 -> hidden 32)
        q, n = quantize.quantize_model(fp32, min_out=16,
                                       keep_fp32=lambda node: node.name.endswith("/output/MatMul"))
        self.assertEqual(2 * 5, n)
        kept = {i.name for i in q.graph.initializer}
        for name in ffn_out:
            self.assertIn(name, kept)
            self.assertNotIn(name + "_int8", kept)
        got = onnx_numpy.run(q, self.feeds)
        for name, ref in zip(OUTPUT_NAMES, self.ref):
            self.assertLess(np.abs(got[name] - ref).max(), 0.1 * np.abs(ref).max(), name)


if __name__ == "__main__":
    unittest.main()
