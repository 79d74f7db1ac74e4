"""A pure-Python BERT WordPiece tokenizer driven by a HuggingFace `tokenizer.json`.

Mirrors the `tokenizers` pipeline the Java runtime uses (through DJL): BertNormalizer (clean
text, CJK spacing, strip accents when lowercasing, lowercase), BertPreTokenizer (split on
whitespace, isolate punctuation), greedy longest-match-first WordPiece with `##` continuations
and [UNK] for words over `max_input_chars_per_word` or with no match. Every token carries
character offsets into the ORIGINAL string (Python str indices), also across accent stripping
and lowercasing that change the number of characters.
"""
import unicodedata
from dataclasses import dataclass
from typing import List

from . import tokenizer_json


@dataclass(frozen=True)
class Token:
    id: int
    text: str
    start: int  # offset of the first original character
    end: int    # offset one past the last original character


def _is_control(ch):
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch).startswith("C")


def _is_whitespace(ch):
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def _is_chinese(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def _is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_split_whitespace(ch):
    # Rust's char::is_whitespace (Unicode White_Space) as used by BertPreTokenizer.
    return ch.isspace() or ch in "\u0085\u200e\u200f\u2028\u2029"


class WordPieceTokenizer:
    def __init__(self, tok: dict):
        model = tok["model"]
        if model.get("type") != "WordPiece":
            raise ValueError(f"expected a WordPiece model, got {model.get('type')}")
        norm = tok.get("normalizer") or {}
        if norm.get("type") != "BertNormalizer":
            raise ValueError(f"expected a BertNormalizer, got {norm.get('type')}")
        pre = tok.get("pre_tokenizer") or {}
        if pre.get("type") != "BertPreTokenizer":
            raise ValueError(f"expected a BertPreTokenizer, got {pre.get('type')}")
        self.vocab = model["vocab"]
        self.inv = {i: t for t, i in self.vocab.items()}
        self.unk = model["unk_token"]
        self.prefix = model.get("continuing_subword_prefix", "##")
        self.max_chars = model.get("max_input_chars_per_word", 100)
        self.clean_text = norm.get("clean_text", True)
        self.chinese = norm.get("handle_chinese_chars", True)
        self.lowercase = norm.get("lowercase", True)
        sa = norm.get("strip_accents")
        self.strip_accents = self.lowercase if sa is None else sa
        self.cls_id = self.vocab["[CLS]"]
        self.sep_id = self.vocab["[SEP]"]
        self.pad_id = self.vocab["[PAD]"]
        self.unk_id = self.vocab[self.unk]

    @classmethod
    def from_file(cls, path):
        return cls(tokenizer_json.load(path))

    def normalize(self, text):
        """Returns [(normalized_char, original_index)]."""
        out = []
        for i, ch in enumerate(text):
            cp = ord(ch)
            if self.clean_text:
                if cp == 0 or cp == 0xFFFD or _is_control(ch):
                    continue
                if _is_whitespace(ch):
                    ch = " "
            if self.chinese and _is_chinese(cp):
                out.extend([(" ", i), (ch, i), (" ", i)])
                continue
            pieces = ch
            if self.strip_accents:
                pieces = "".join(c for c in unicodedata.normalize("NFD", pieces)
                                 if unicodedata.category(c) != "Mn")
            if self.lowercase:
                pieces = pieces.lower()
            out.extend((c, i) for c in pieces)
        return out

    def _words(self, norm):
        """BertPreTokenizer: list of words, each a list of (char, original_index)."""
        words, cur = [], []
        for ch, i in norm:
            if _is_split_whitespace(ch):
                if cur:
                    words.append(cur)
                    cur = []
            elif _is_punctuation(ch):
                if cur:
                    words.append(cur)
                    cur = []
                words.append([(ch, i)])
            else:
                cur.append((ch, i))
        if cur:
            words.append(cur)
        return words

    def _wordpiece(self, word):
        chars = "".join(c for c, _ in word)
        if len(chars) > self.max_chars:
            return [Token(self.unk_id, self.unk, word[0][1], word[-1][1] + 1)]
        tokens, start = [], 0
        while start < len(chars):
            end = len(chars)
            found = None
            while start < end:
                sub = chars[start:end]
                if start > 0:
                    sub = self.prefix + sub
                if sub in self.vocab:
                    found = sub
                    break
                end -= 1
            if found is None:
                return [Token(self.unk_id, self.unk, word[0][1], word[-1][1] + 1)]
            tokens.append(Token(self.vocab[found], found, word[start][1], word[end - 1][1] + 1))
            start = end
        return tokens

    def tokenize(self, text) -> List[Token]:
        """Tokens (no special tokens) with offsets into `text`."""
        out = []
        for word in self._words(self.normalize(text)):
            out.extend(self._wordpiece(word))
        return out

    def encode(self, text):
        return [t.id for t in self.tokenize(text)]

    def encode_pair(self, question, context):
        """[CLS] q [SEP] c [SEP] ids and token type ids (no truncation)."""
        q, c = self.encode(question), self.encode(context)
        ids = [self.cls_id] + q + [self.sep_id] + c + [self.sep_id]
        types = [0] * (len(q) + 2) + [1] * (len(c) + 1)
        return ids, types
