"""A plain-PyTorch BERT encoder (post-LN, GELU) matching all-MiniLM-L6-v2.

Written out by hand rather than imported from `transformers` (not available here) so that the
weights can be loaded straight from the ONNX file that ships in the langchain4j jar and the
exported graph stays simple: MatMul/Add/LayerNorm/Softmax/Erf only.
"""
import math
from dataclasses import dataclass, asdict

import torch
from torch import nn


@dataclass
class BertConfig:
    vocab_size: int = 30522
    hidden: int = 384
    layers: int = 6
    heads: int = 12
    intermediate: int = 1536
    max_positions: int = 512
    type_vocab: int = 2
    layer_norm_eps: float = 1e-12

    def to_dict(self):
        return asdict(self)


class SelfAttention(nn.Module):
    def __init__(self, cfg: BertConfig):
        super().__init__()
        self.heads = cfg.heads
        self.head_dim = cfg.hidden // cfg.heads
        self.query = nn.Linear(cfg.hidden, cfg.hidden)
        self.key = nn.Linear(cfg.hidden, cfg.hidden)
        self.value = nn.Linear(cfg.hidden, cfg.hidden)
        self.dense = nn.Linear(cfg.hidden, cfg.hidden)
        self.norm = nn.LayerNorm(cfg.hidden, eps=cfg.layer_norm_eps)
        self.dropout = nn.Dropout(0.1)

    def _split(self, x):
        b, s, _ = x.shape
        return x.view(b, s, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, x, additive_mask):
        q, k, v = self._split(self.query(x)), self._split(self.key(x)), self._split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim) + additive_mask
        probs = self.dropout(torch.softmax(scores, dim=-1))
        ctx = torch.matmul(probs, v).transpose(1, 2).reshape(x.shape)
        return self.norm(x + self.dropout(self.dense(ctx)))


class Layer(nn.Module):
    def __init__(self, cfg: BertConfig):
        super().__init__()
        self.attention = SelfAttention(cfg)
        self.intermediate = nn.Linear(cfg.hidden, cfg.intermediate)
        self.output = nn.Linear(cfg.intermediate, cfg.hidden)
        self.norm = nn.LayerNorm(cfg.hidden, eps=cfg.layer_norm_eps)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x, additive_mask):
        x = self.attention(x, additive_mask)
        h = nn.functional.gelu(self.intermediate(x))  # exact (erf) GELU, as in BERT
        return self.norm(x + self.dropout(self.output(h)))


class BertEncoder(nn.Module):
    """Embeddings + N transformer layers; returns the last hidden states [batch, seq, hidden]."""

    def __init__(self, cfg: BertConfig):
        super().__init__()
        self.cfg = cfg
        self.word_embeddings = nn.Embedding(cfg.vocab_size, cfg.hidden)
        self.position_embeddings = nn.Embedding(cfg.max_positions, cfg.hidden)
        self.token_type_embeddings = nn.Embedding(cfg.type_vocab, cfg.hidden)
        self.embed_norm = nn.LayerNorm(cfg.hidden, eps=cfg.layer_norm_eps)
        self.embed_dropout = nn.Dropout(0.1)
        self.layers = nn.ModuleList([Layer(cfg) for _ in range(cfg.layers)])
        self.register_buffer("position_ids", torch.arange(cfg.max_positions).unsqueeze(0),
                             persistent=False)

    def forward(self, input_ids, attention_mask, token_type_ids):
        seq = input_ids.shape[1]
        pos = self.position_ids[:, :seq]
        x = (self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids)
             + self.position_embeddings(pos))
        x = self.embed_dropout(self.embed_norm(x))
        # Same masking constant as the HuggingFace export: padded keys get the float32 minimum.
        mask = attention_mask[:, None, None, :].to(x.dtype)
        additive = (1.0 - mask) * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, additive)
        return x
