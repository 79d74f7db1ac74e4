"""ROUGE-1/2/L F-measure, faithful to Google's ``rouge_score`` package (stemming off by default).

``rouge_score`` is not installed here (no PyPI), so this is a re-implementation of its
definitions, checked against hand-computed cases in ``tests/test_metrics_rouge.py``:

* tokenise: lowercase, replace every run of characters outside ``[a-z0-9]`` with a space, split
  on whitespace (``rouge_score.tokenize.tokenize`` with ``stemmer=None``);
* ROUGE-N: clipped n-gram overlap, precision = overlap / candidate n-grams, recall = overlap /
  reference n-grams, F = 2PR / (P + R) (0 when P + R = 0);
* ROUGE-L: longest common subsequence of the two whole token sequences (``rougeL``, not the
  newline-split ``rougeLsum``), P = LCS / candidate length, R = LCS / reference length;
* several references: per metric, the maximum F over references (as ``score_multi``).

Optional Porter stemming is not provided: the default (and the figures in the model card) is off.
"""

from __future__ import annotations

import collections
import re
from typing import Dict, List, Sequence

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def tokenize(text: str) -> List[str]:
    return _NON_ALNUM.sub(" ", text.lower()).split()


def _ngrams(tokens: Sequence[str], n: int) -> collections.Counter:
    return collections.Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _fmeasure(overlap: float, cand: int, ref: int) -> Dict[str, float]:
    p = overlap / cand if cand > 0 else 0.0
    r = overlap / ref if ref > 0 else 0.0
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return {"precision": p, "recall": r, "fmeasure": f}


def rouge_n(candidate: Sequence[str], reference: Sequence[str], n: int) -> Dict[str, float]:
    c = _ngrams(candidate, n)
    r = _ngrams(reference, n)
    overlap = sum((c & r).values())
    return _fmeasure(overlap, sum(c.values()), sum(r.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j, y in enumerate(b, 1):
            cur[j] = prev[j - 1] + 1 if x == y else (prev[j] if prev[j] > cur[j - 1] else cur[j - 1])
        prev = cur
    return prev[-1]


def rouge_l(candidate: Sequence[str], reference: Sequence[str]) -> Dict[str, float]:
    return _fmeasure(lcs_length(candidate, reference), len(candidate), len(reference))


def rouge_scores(candidate: str, references: Sequence[str]) -> Dict[str, float]:
    """ROUGE-1/2/L F-measure of ``candidate`` against one or more references (max over refs)."""
    if not references:
        raise ValueError("rouge_scores needs at least one reference")
    cand = tokenize(candidate)
    best = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    for ref_text in references:
        ref = tokenize(ref_text)
        best["rouge1"] = max(best["rouge1"], rouge_n(cand, ref, 1)["fmeasure"])
        best["rouge2"] = max(best["rouge2"], rouge_n(cand, ref, 2)["fmeasure"])
        best["rougeL"] = max(best["rougeL"], rouge_l(cand, ref)["fmeasure"])
    return best
