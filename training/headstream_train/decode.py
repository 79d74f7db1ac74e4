"""Decoding of the three heads' per-window logits into answers, summaries and explanations.

The Java runtime implements the same rules; both follow ``training/EVALUATION.md`` ("Decoding").
Everything here works on *windows*: one model input built from ``[CLS] question [SEP] context-part
[SEP]``, with, for each token, its character span in the original context (``None`` for question,
special and padding tokens). All character offsets are into the original context string, so every
output text is an exact substring of it.

Scores are computed in float64 from the model's float32 logits; ties are broken by order (first
window, then lowest token index, then lowest sentence index), which the rules below make explicit.
"""

from __future__ import annotations

import bisect
import os
import re
import math
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from headstream_train.sentences import split_sentences

Offset = Optional[Tuple[int, int]]

#: BIO label order of ``explanation_tag_logits`` (manifest ``labels``).
TAG_O, TAG_B, TAG_I = 0, 1, 2


@dataclass(frozen=True)
class Window:
    """One model input. ``offsets[t]`` is the context character span of token ``t`` or ``None``."""

    input_ids: Sequence[int]
    token_type_ids: Sequence[int]
    offsets: Sequence[Offset]

    def __post_init__(self) -> None:
        if not (len(self.input_ids) == len(self.token_type_ids) == len(self.offsets)):
            raise ValueError(
                f"window lengths differ: input_ids={len(self.input_ids)} "
                f"token_type_ids={len(self.token_type_ids)} offsets={len(self.offsets)}"
            )


@dataclass
class WindowLogits:
    """The heads' outputs for one window (padding already removed: length == window length)."""

    start: np.ndarray  # [seq]
    end: np.ndarray  # [seq]
    null: float
    summary: np.ndarray  # [seq]
    tags: np.ndarray  # [seq, 3], label order O, B, I


def _check(windows: Sequence[Window], logits: Sequence[WindowLogits]) -> None:
    if len(windows) != len(logits):
        raise ValueError(f"{len(windows)} windows but {len(logits)} logits")
    for i, (w, lg) in enumerate(zip(windows, logits)):
        n = len(w.offsets)
        if lg.start.shape[0] != n or lg.end.shape[0] != n or lg.summary.shape[0] != n or lg.tags.shape[0] != n:
            raise ValueError(f"window {i}: logits length does not match its {n} tokens")


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class DecodeSettings:
    """Per-bundle decoding parameters (manifest ``heads[].decode``, models/README.md).

    ``span_threshold``: ``None`` = argmax tagging (format-1 default); else a context token is in a
    span when ``P(B) + P(I) >= span_threshold``. ``whole_words``: extend explanation spans to
    whole words and numbers (:func:`extend_to_words`). ``null_threshold``: the answer is null when
    ``null_score - span_score`` exceeds it.
    """

    span_threshold: Optional[float] = None
    whole_words: bool = False
    null_threshold: float = 0.0
    drop_filler_spans: bool = False  # explanation head: drop spans of only function words / punctuation
    skip_filler_units: bool = False  # summary head: never select a unit of < 4 content words


# --------------------------------------------------------------------------- filler

def _load_filler_words() -> frozenset:
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "filler_words.txt")
    with open(path, encoding="utf-8") as f:
        return frozenset(w.strip() for w in f if w.strip() and not w.startswith("#"))


#: Words without content of their own (``filler_words.txt``).
FILLER_WORDS = _load_filler_words()
#: Units with fewer content words than this are filler (summary head).
MIN_CONTENT_WORDS = 4
_WORD = re.compile(r"[^\W_]+")
_SPEAKER = re.compile(r"^[^:\n]{1,40}:\s")


def words(text: str) -> List[str]:
    """Lowercased runs of letters and digits (Unicode), the unit of the filler rules."""
    return _WORD.findall(text.lower())


def is_filler_span(text: str) -> bool:
    """An explanation span that is only punctuation/whitespace or only :data:`FILLER_WORDS`
    ("the", ", at", "in"). Numbers and any other word make it content."""
    return all(w in FILLER_WORDS for w in words(text))


def content_words(text: str) -> int:
    """Words of a summary unit outside :data:`FILLER_WORDS`, a leading speaker label
    ("Grad A: ...", as QMSum turns are rendered) not counted."""
    m = _SPEAKER.match(text)
    body = text[m.end():] if m else text
    return sum(1 for w in words(body) if w not in FILLER_WORDS)


def is_filler_unit(text: str) -> bool:
    """A summary unit with fewer than :data:`MIN_CONTENT_WORDS` content words
    ("Grad A: Mm - hmm .", "Yeah . Yeah .", "It was.")."""
    return content_words(text) < MIN_CONTENT_WORDS


def _decode_object(head: dict, where: str) -> dict:
    dec = head.get("decode", {})
    if not isinstance(dec, dict):
        raise ValueError(f"{where}: \"decode\" must be an object, is {dec!r}")
    return dec


def _number(dec: dict, key: str, where: str) -> float:
    v = dec[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise ValueError(f"{where}: \"decode.{key}\" must be a finite number, is {v!r}")
    return float(v)


def settings_from_manifest(manifest: dict, where: str = "manifest.json") -> DecodeSettings:
    """Reads the ``decode`` objects of the span and span_tagging heads; absent keys keep the
    defaults (argmax tagging, no word extension, null threshold 0). Bad values raise ValueError
    naming the head and the key, as the Java ``ModelBundle`` does."""
    out = DecodeSettings()
    for head in manifest.get("heads", []):
        name = f"{where}: head \"{head.get('name')}\""
        dec = _decode_object(head, name)
        for kind, key in (("span_tagging", "drop_filler_spans"), ("sentence_salience", "skip_filler_units")):
            if head.get("kind") == kind and key in dec:
                if not isinstance(dec[key], bool):
                    raise ValueError(f"{name}: \"decode.{key}\" must be true or false, is {dec[key]!r}")
                out = replace(out, **{key: dec[key]})
        if head.get("kind") == "span_tagging":
            if "span_threshold" in dec:
                t = _number(dec, "span_threshold", name)
                if not 0.0 < t <= 1.0:
                    raise ValueError(f"{name}: \"decode.span_threshold\" must be in (0, 1], is {t!r}")
                out = replace(out, span_threshold=t)
            if "whole_words" in dec:
                if not isinstance(dec["whole_words"], bool):
                    raise ValueError(f"{name}: \"decode.whole_words\" must be true or false, is {dec['whole_words']!r}")
                out = replace(out, whole_words=dec["whole_words"])
        elif head.get("kind") == "span" and "null_threshold" in dec:
            out = replace(out, null_threshold=_number(dec, "null_threshold", name))
    return out


# --------------------------------------------------------------------------- answer


@dataclass(frozen=True)
class Answer:
    """Best span (or no answer). ``start``/``end`` are context char offsets (-1 when null)."""

    text: str
    start: int
    end: int
    span_score: float  # best start+end over all windows; -inf when no valid span exists
    null_score: float  # min over windows of the null logit; +inf when null is not allowed
    is_null: bool

    @property
    def null_margin(self) -> float:
        """null_score - span_score: positive favours "no answer" (official v2 ``na_prob`` role)."""
        return self.null_score - self.span_score


def decode_answer(
    context: str,
    windows: Sequence[Window],
    logits: Sequence[WindowLogits],
    max_answer_tokens: int = 30,
    allow_null: bool = True,
    null_threshold: float = 0.0,
) -> Answer:
    """Best span by start+end logit across all windows, against the no-answer score.

    Valid spans: ``i <= j``, both context tokens of the same window, ``j - i + 1 <=
    max_answer_tokens``. Null score: the minimum of ``answer_null_logit`` over windows (the window
    most sure that it holds the answer decides). The answer is null iff ``allow_null`` and
    (no valid span exists or ``null_score - span_score > null_threshold``).
    """
    _check(windows, logits)
    best = -math.inf
    best_span: Optional[Tuple[int, int]] = None
    for w, lg in zip(windows, logits):
        ctx = [t for t, o in enumerate(w.offsets) if o is not None]
        if not ctx:
            continue
        idx = np.asarray(ctx)
        s = lg.start.astype(np.float64)[idx]
        e = lg.end.astype(np.float64)[idx]
        m = s[:, None] + e[None, :]
        ii, jj = np.meshgrid(idx, idx, indexing="ij")
        valid = (jj >= ii) & (jj - ii + 1 <= max_answer_tokens)
        m = np.where(valid, m, -np.inf)
        flat = int(np.argmax(m))  # row-major: lowest start index, then lowest end index, wins ties
        score = float(m.flat[flat])
        if score > best:
            best = score
            a, b = divmod(flat, len(ctx))
            best_span = (w.offsets[ctx[a]][0], w.offsets[ctx[b]][1])
    null_score = min(float(lg.null) for lg in logits) if (allow_null and logits) else math.inf
    if best_span is None or (allow_null and null_score - best > null_threshold):
        return Answer("", -1, -1, best, null_score, True)
    return Answer(context[best_span[0] : best_span[1]], best_span[0], best_span[1], best, null_score, False)


# --------------------------------------------------------------------------- summary


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def token_salience(windows: Sequence[Window], logits: Sequence[WindowLogits]) -> Dict[Tuple[int, int], float]:
    """sigmoid(summary logit) per distinct context token (keyed by char span), max over windows."""
    _check(windows, logits)
    probs: Dict[Tuple[int, int], float] = {}
    for w, lg in zip(windows, logits):
        for t, o in enumerate(w.offsets):
            if o is None:
                continue
            p = _sigmoid(float(lg.summary[t]))
            if p > probs.get(o, -1.0):
                probs[o] = p
    return probs


@dataclass(frozen=True)
class SummaryBudget:
    """How much to select: at most ``max_sentences`` and at most ``max_chars`` (None = no limit)."""

    max_sentences: Optional[int] = 3
    max_chars: Optional[int] = None


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class Summary:
    sentences: List[Sentence]  # selected, in context order
    text: str  # selected sentence texts joined by one space


def sentence_scores(
    context: str, sentences: Sequence[Tuple[int, int]], salience: Dict[Tuple[int, int], float]
) -> List[Optional[float]]:
    """Mean token salience per sentence; a token belongs to the sentence containing its first
    character. ``None`` for a sentence none of whose tokens was seen by any window."""
    starts = [s for s, _ in sentences]
    sums = [0.0] * len(sentences)
    counts = [0] * len(sentences)
    for (ts, _te), p in salience.items():
        k = bisect.bisect_right(starts, ts) - 1
        if k < 0 or ts >= sentences[k][1]:
            continue  # whitespace between sentences cannot hold a token; be safe anyway
        sums[k] += p
        counts[k] += 1
    return [sums[k] / counts[k] if counts[k] else None for k in range(len(sentences))]


def select_sentences(
    sentences: Sequence[Tuple[int, int]], scores: Sequence[Optional[float]], budget: SummaryBudget
) -> List[int]:
    """Indices of the selected sentences, in context order.

    Rank scored sentences by score descending (ties: lower index first). Walk the ranking: stop
    once ``max_sentences`` are chosen; skip a sentence whose length would take the total of the
    chosen sentences' lengths (``end - start``) over ``max_chars``, except that the first chosen
    sentence is always taken, so a non-empty context never yields an empty summary (and
    :func:`clip_sentence` then cuts it to ``max_chars``).
    """
    ranked = sorted((i for i, s in enumerate(scores) if s is not None), key=lambda i: (-scores[i], i))
    chosen: List[int] = []
    total = 0
    for i in ranked:
        if budget.max_sentences is not None and len(chosen) >= budget.max_sentences:
            break
        length = sentences[i][1] - sentences[i][0]
        if budget.max_chars is not None and chosen and total + length > budget.max_chars:
            continue
        chosen.append(i)
        total += length
    return sorted(chosen)


def clip_sentence(context: str, start: int, end: int, max_chars: Optional[int]) -> int:
    """The end of sentence ``[start, end)`` cut to at most ``max_chars`` characters: at the last
    whitespace of the allowed part when that keeps at least half of it, else exactly at the
    limit; trailing whitespace trimmed. A sentence within the limit keeps its end. This is what
    bounds a summary whose first sentence alone is over the budget (the selection always takes
    one sentence), e.g. a context with no sentence boundary at all."""
    if max_chars is None or end - start <= max_chars:
        return end
    cut = start + max_chars
    space = cut
    while space > start + max_chars // 2 and not context[space].isspace():
        space -= 1
    if space > start + max_chars // 2:
        cut = space
    while cut > start + 1 and context[cut - 1].isspace():
        cut -= 1
    return cut


def summary_from_scores(
    context: str,
    sentences: Sequence[Tuple[int, int]],
    scores: Sequence[Optional[float]],
    budget: SummaryBudget,
) -> Summary:
    chosen = select_sentences(sentences, scores, budget)
    sel = [Sentence(i, sentences[i][0],
                    clip_sentence(context, sentences[i][0], sentences[i][1], budget.max_chars),
                    float(scores[i])) for i in chosen]
    return Summary(sel, " ".join(context[s.start : s.end] for s in sel))


def skip_filler(context: str, sentences: Sequence[Tuple[int, int]],
                scores: Sequence[Optional[float]]) -> List[Optional[float]]:
    """Scores with every filler unit (:func:`is_filler_unit`) made unselectable (None), unless
    that would leave nothing to select."""
    kept = [None if s is not None and is_filler_unit(context[a:b]) else s
            for (a, b), s in zip(sentences, scores)]
    return kept if any(s is not None for s in kept) else list(scores)


def decode_summary(
    context: str,
    windows: Sequence[Window],
    logits: Sequence[WindowLogits],
    budget: SummaryBudget = SummaryBudget(),
    sentences: Optional[Sequence[Tuple[int, int]]] = None,
    settings: DecodeSettings = DecodeSettings(),
) -> Summary:
    """Query-based extractive summary: top sentences by mean token salience, in context order;
    with ``settings.skip_filler_units`` filler units are never chosen (:func:`skip_filler`)."""
    if sentences is None:
        sentences = split_sentences(context)
    scores = sentence_scores(context, sentences, token_salience(windows, logits))
    if settings.skip_filler_units:
        scores = skip_filler(context, sentences, scores)
    return summary_from_scores(context, sentences, scores, budget)


# --------------------------------------------------------------------------- explanation


@dataclass(frozen=True)
class ExplanationSpan:
    start: int
    end: int
    score: float
    text: str
    overlaps_answer: bool = False


def _softmax(row: np.ndarray) -> np.ndarray:
    r = row.astype(np.float64)
    r = np.exp(r - r.max())
    return r / r.sum()


def window_bio_spans(
    window: Window, logits: WindowLogits, span_threshold: Optional[float] = None
) -> List[Tuple[int, int, float]]:
    """BIO spans of one window as ``(start_char, end_char, score)``.

    ``span_threshold is None`` (argmax): tag per context token = argmax of the three logits (ties:
    O before B before I); score = mean over the span's tokens of the probability of the tag each
    token got. With a threshold: a token is in a span when ``P(B) + P(I) >= span_threshold``, and
    is then B when ``P(B) >= P(I)`` (the argmax tie order: B before I), else I; score = mean of
    ``P(B) + P(I)``. Then, either way: B opens a new span (closing any open one); I continues the
    open span or, after O or at the start, opens one; O and any non-context token close the open
    span.
    """
    spans: List[Tuple[int, int, float]] = []
    cur: Optional[List] = None  # [start_char, end_char, prob_sum, n]

    def flush() -> None:
        nonlocal cur
        if cur is not None:
            spans.append((cur[0], cur[1], cur[2] / cur[3]))
        cur = None

    for t, o in enumerate(window.offsets):
        if o is None:
            flush()
            continue
        probs = _softmax(logits.tags[t])
        if span_threshold is None:
            tag = int(np.argmax(probs))
            p = float(probs[tag])
        else:
            p = float(probs[TAG_B] + probs[TAG_I])
            if p < span_threshold:
                tag = TAG_O
            else:
                tag = TAG_B if probs[TAG_B] >= probs[TAG_I] else TAG_I
        if tag == TAG_O:
            flush()
        elif tag == TAG_B or cur is None:
            flush()
            cur = [o[0], o[1], p, 1]
        else:
            cur[1] = o[1]
            cur[2] += p
            cur[3] += 1
    flush()
    return spans


#: BERT's CJK ideograph blocks (its basic tokenizer makes each such character a word of its own).
_CJK = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
        (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
_WORD_CATEGORIES = frozenset(("Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Mn", "Mc"))


def _is_word_char(ch: str) -> bool:
    """Letter, decimal digit or combining mark, and not a CJK ideograph."""
    cp = ord(ch)
    if cp < 0x80:
        return ch.isalnum()
    if any(a <= cp <= b for a, b in _CJK):
        return False
    return unicodedata.category(ch) in _WORD_CATEGORIES


def _is_unit_char(text: str, i: int) -> bool:
    """Part of a word or number: a word character, or a ``,``/``.`` between two ASCII digits."""
    ch = text[i]
    if ch in ",.":
        return 0 < i < len(text) - 1 and text[i - 1] in "0123456789" and text[i + 1] in "0123456789"
    return _is_word_char(ch)


def extend_to_words(text: str, start: int, end: int) -> Tuple[int, int]:
    """Widens ``[start, end)`` so that it cuts no word or number in two: while the characters on
    both sides of a boundary are unit characters (:func:`_is_unit_char`), move the boundary
    outwards. So "452" inside "1,452.40" becomes "1,452.40", "##ing" becomes the whole word, and
    punctuation, whitespace, emoji and CJK ideographs are boundaries."""
    while 0 < start < len(text) and _is_unit_char(text, start - 1) and _is_unit_char(text, start):
        start -= 1
    while 0 < end < len(text) and _is_unit_char(text, end - 1) and _is_unit_char(text, end):
        end += 1
    return start, end


def merge_spans(spans: Sequence[Tuple[int, int, float]]) -> List[Tuple[int, int, float]]:
    """Merge spans from all windows: sort by (start, end); a span starting before the end of the
    current merged span joins it (end = max of ends, score = max of scores). Exact duplicates
    therefore collapse into one; spans that only touch (start == previous end) stay separate."""
    out: List[List] = []
    for s, e, sc in sorted(spans, key=lambda x: (x[0], x[1])):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
            out[-1][2] = max(out[-1][2], sc)
        else:
            out.append([s, e, sc])
    return [(s, e, sc) for s, e, sc in out]


def decode_explanations(
    context: str,
    windows: Sequence[Window],
    logits: Sequence[WindowLogits],
    answer: Optional[Answer] = None,
    settings: DecodeSettings = DecodeSettings(),
) -> List[ExplanationSpan]:
    """Explanation spans over the whole context, in context order, each marked when it shares at
    least one character with the (non-null) answer span. With ``settings.whole_words`` every
    window's span is widened by :func:`extend_to_words` before the merge, so spans that now
    overlap merge."""
    _check(windows, logits)
    raw: List[Tuple[int, int, float]] = []
    for w, lg in zip(windows, logits):
        for s, e, sc in window_bio_spans(w, lg, settings.span_threshold):
            if settings.whole_words:
                s, e = extend_to_words(context, s, e)
            raw.append((s, e, sc))
    out = []
    for s, e, sc in merge_spans(raw):
        if settings.drop_filler_spans and is_filler_span(context[s:e]):
            continue
        ov = answer is not None and not answer.is_null and min(e, answer.end) > max(s, answer.start)
        out.append(ExplanationSpan(s, e, sc, context[s:e], ov))
    return out


@dataclass
class Decoded:
    """Everything one forward pass over a (question, context) pair yields."""

    answer: Answer
    summary: Summary
    explanations: List[ExplanationSpan] = field(default_factory=list)


def decode_all(
    context: str,
    windows: Sequence[Window],
    logits: Sequence[WindowLogits],
    max_answer_tokens: int = 30,
    allow_null: bool = True,
    budget: SummaryBudget = SummaryBudget(),
    sentences: Optional[Sequence[Tuple[int, int]]] = None,
    settings: DecodeSettings = DecodeSettings(),
) -> Decoded:
    answer = decode_answer(context, windows, logits, max_answer_tokens, allow_null, settings.null_threshold)
    return Decoded(
        answer,
        decode_summary(context, windows, logits, budget, sentences, settings),
        decode_explanations(context, windows, logits, answer, settings),
    )
