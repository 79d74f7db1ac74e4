"""The multi-task model: one shared encoder, three thin heads over its token states.

Heads (as in "What's in Your Head?", EMNLP 2021): `answer` (start/end logits per token plus a
no-answer logit from [CLS]), `summary` (one salience logit per token), `explanation` (BIO tag
logits per token). Every head reads the same last hidden states, so one forward pass serves all.
"""
import torch
from torch import nn

from .bert import BertConfig, BertEncoder

OUTPUT_NAMES = ["answer_start_logits", "answer_end_logits", "answer_null_logit",
                "summary_token_logits", "explanation_tag_logits"]
INPUT_NAMES = ["input_ids", "attention_mask", "token_type_ids"]
BIO_LABELS = ["O", "B", "I"]


class MultiHeadModel(nn.Module):
    def __init__(self, cfg: BertConfig):
        super().__init__()
        self.cfg = cfg
        self.encoder = BertEncoder(cfg)
        self.answer_span = nn.Linear(cfg.hidden, 2)
        self.answer_null = nn.Linear(cfg.hidden, 1)
        self.summary = nn.Linear(cfg.hidden, 1)
        self.explanation = nn.Linear(cfg.hidden, len(BIO_LABELS))
        for head in (self.answer_span, self.answer_null, self.summary, self.explanation):
            nn.init.normal_(head.weight, std=0.02)
            nn.init.zeros_(head.bias)

    def heads(self, states):
        """Applies every head to encoder states; returns the five outputs in OUTPUT_NAMES order."""
        span = self.answer_span(states)
        start, end = span[..., 0], span[..., 1]
        null = self.answer_null(states[:, 0, :]).squeeze(-1)
        summary = self.summary(states).squeeze(-1)
        tags = self.explanation(states)
        return start, end, null, summary, tags

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.heads(self.encoder(input_ids, attention_mask, token_type_ids))


def save_checkpoint(path, model, extra=None):
    payload = {"config": model.cfg.to_dict(), "model": model.state_dict()}
    if extra:
        payload.update(extra)
    tmp = str(path) + ".tmp"
    torch.save(payload, tmp)
    import os
    os.replace(tmp, path)


def load_model(path, map_location="cpu"):
    """Loads a MultiHeadModel from a checkpoint written by train.py (eval mode)."""
    return model_from_payload(torch.load(path, map_location=map_location))


def model_from_payload(payload):
    """A MultiHeadModel (eval mode) from an already loaded checkpoint dict."""
    model = MultiHeadModel(BertConfig(**payload["config"]))
    model.load_state_dict(payload["model"])
    model.eval()
    return model
