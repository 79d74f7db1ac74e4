"""Answer and explanation metrics (SQuAD v1.1/v2.0, argument-number recall, supporting-fact precision).

Definitions follow the official SQuAD evaluation scripts (v1.1 ``evaluate-v1.1.py`` and v2.0
``evaluate-v2.0.py``); everything else is specified in ``training/EVALUATION.md`` so that the
Java runtime's ``evaluate`` command can reproduce the same numbers.
"""

from __future__ import annotations

import collections
import math
import re
import string
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

_PUNCT = set(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b", re.UNICODE)


# --------------------------------------------------------------------------- SQuAD


def normalize_answer(s: str) -> str:
    """Official SQuAD normalisation: lowercase, drop ASCII punctuation, articles, extra whitespace."""
    s = s.lower()
    s = "".join(ch for ch in s if ch not in _PUNCT)
    s = _ARTICLES.sub(" ", s)
    return " ".join(s.split())


def get_tokens(s: str) -> List[str]:
    if not s:
        return []
    return normalize_answer(s).split()


def exact_match(prediction: str, gold: str) -> float:
    return float(normalize_answer(prediction) == normalize_answer(gold))


def f1(prediction: str, gold: str) -> float:
    """Token F1 as in SQuAD v2.0 (identical to v1.1 except that empty vs empty scores 1)."""
    pred_toks = get_tokens(prediction)
    gold_toks = get_tokens(gold)
    if not pred_toks or not gold_toks:
        return float(pred_toks == gold_toks)
    common = collections.Counter(pred_toks) & collections.Counter(gold_toks)
    num_same = sum(common.values())
    if num_same == 0:
        return 0.0
    precision = num_same / len(pred_toks)
    recall = num_same / len(gold_toks)
    return 2 * precision * recall / (precision + recall)


def max_over_golds(metric, prediction: str, golds: Sequence[str]) -> float:
    """Max of ``metric`` over gold answers; an empty gold list means "no answer" (gold = "")."""
    if not golds:
        golds = [""]
    return max(metric(prediction, g) for g in golds)


def squad_scores(predictions: Dict[str, str], golds: Dict[str, List[str]]) -> Dict[str, float]:
    """SQuAD v1.1 aggregate: ``exact_match`` and ``f1`` in percent over the questions in ``golds``.

    A question without a prediction counts as wrong (as in the official script, which also warns).
    """
    em = f = 0.0
    for qid, gs in golds.items():
        if qid not in predictions:
            continue
        em += max_over_golds(exact_match, predictions[qid], gs)
        f += max_over_golds(f1, predictions[qid], gs)
    n = len(golds)
    return {"exact_match": 100.0 * em / n if n else 0.0, "f1": 100.0 * f / n if n else 0.0, "total": n}


def squad2_scores(
    predictions: Dict[str, str],
    golds: Dict[str, List[str]],
    na_scores: Optional[Dict[str, float]] = None,
    span_predictions: Optional[Dict[str, str]] = None,
) -> Dict[str, float]:
    """SQuAD v2.0 aggregate (official script semantics), plus no-answer accuracy.

    ``golds[qid] == []`` marks an unanswerable question; a prediction of ``""`` means "no answer".
    ``na_scores[qid]`` (optional) is the no-answer margin (null score minus best span score): when
    given, the official ``best_exact``/``best_f1`` (threshold tuned on the same data, an oracle
    figure) are added. The sweep switches answers on and off by threshold, so it should see the
    best non-null span of every question: pass those as ``span_predictions`` (default:
    ``predictions``, as the official script does with its already-thresholded file).
    """
    exact_raw: Dict[str, float] = {}
    f1_raw: Dict[str, float] = {}
    for qid, gs in golds.items():
        pred = predictions.get(qid, "")
        exact_raw[qid] = max_over_golds(exact_match, pred, gs)
        f1_raw[qid] = max_over_golds(f1, pred, gs)
    has = [q for q, g in golds.items() if g]
    no = [q for q, g in golds.items() if not g]
    n = len(golds)

    def avg(vals: Dict[str, float], ids: Iterable[str]) -> float:
        ids = list(ids)
        return 100.0 * sum(vals[i] for i in ids) / len(ids) if ids else 0.0

    correct_decision = sum(
        1 for q, g in golds.items() if (predictions.get(q, "") == "") == (not g)
    )
    out = {
        "exact": avg(exact_raw, golds),
        "f1": avg(f1_raw, golds),
        "total": n,
        "HasAns_total": len(has),
        "HasAns_exact": avg(exact_raw, has),
        "HasAns_f1": avg(f1_raw, has),
        "NoAns_total": len(no),
        "NoAns_exact": avg(exact_raw, no),
        "NoAns_f1": avg(f1_raw, no),
        "no_answer_accuracy": 100.0 * correct_decision / n if n else 0.0,
    }
    if na_scores is not None:
        sp = span_predictions if span_predictions is not None else predictions
        exact_sp = {q: max_over_golds(exact_match, sp.get(q, ""), g) for q, g in golds.items()}
        f1_sp = {q: max_over_golds(f1, sp.get(q, ""), g) for q, g in golds.items()}
        be, bt = _find_best_thresh(sp, exact_sp, na_scores, golds)
        bf, bft = _find_best_thresh(sp, f1_sp, na_scores, golds)
        out.update({"best_exact": be, "best_exact_thresh": bt, "best_f1": bf, "best_f1_thresh": bft})
    return out


def _find_best_thresh(preds, scores, na_probs, golds) -> Tuple[float, float]:
    """Official v2.0 ``find_best_thresh``: sweep the no-answer threshold over the observed scores."""
    num_no_ans = sum(1 for g in golds.values() if not g)
    cur_score = best_score = float(num_no_ans)
    best_thresh = 0.0
    qid_list = sorted(na_probs, key=lambda k: na_probs[k])
    for qid in qid_list:
        if qid not in scores:
            continue
        if golds[qid]:
            diff = scores[qid]
        elif preds.get(qid, ""):
            diff = -1
        else:
            diff = 0
        cur_score += diff
        if cur_score > best_score:
            best_score = cur_score
            best_thresh = na_probs[qid]
    return 100.0 * best_score / len(scores), best_thresh


# --------------------------------------------------------------------------- numbers

#: A number as written in text: digits, optional thousands groups ",ddd", optional decimals.
#: Signs, "$", "%" and accounting parentheses are outside the match on purpose (see below).
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def normalize_number(raw: str) -> Optional[str]:
    """Canonical form of a written number, or ``None`` if it is not one.

    Strips ``$``, ``%``, thousands commas, surrounding parentheses (accounting negatives) and the
    sign, so "(1,234.50)", "-1234.5", "$1,234.5" and "1234.50%" all become "1234.5". Sign is
    dropped on purpose: derivations write "a - b" where the table shows "(b)". The value is
    rendered as text, not via float: leading zeros of the integer part and trailing zeros of the
    decimal part are stripped ("007.50" -> "7.5", "5.0" -> "5", ".5" -> "0.5").
    """
    s = raw.strip().replace("$", "").replace("%", "").replace(",", "").replace(" ", "")
    s = s.strip("()").lstrip("-+")
    if not s or not re.fullmatch(r"\d*\.?\d+|\d+\.", s):
        return None
    if "." in s:
        intpart, frac = s.split(".", 1)
        frac = frac.rstrip("0")
    else:
        intpart, frac = s, ""
    intpart = intpart.lstrip("0") or "0"
    return intpart + ("." + frac if frac else "")


def extract_numbers(text: str) -> List[str]:
    """All numbers in ``text``, normalised (see :func:`normalize_number`), in order."""
    out = []
    for m in _NUMBER.finditer(text):
        v = normalize_number(m.group(0))
        if v is not None:
            out.append(v)
    return out


def argument_number_recall(
    derivation_numbers: Iterable[str], context_numbers: Set[str], span_texts: Sequence[str]
) -> Optional[float]:
    """TAT-QA argument recall for one question.

    Denominator: the distinct derivation numbers that also occur in the context (constants such
    as the 100 of a percentage are not markable unless the context has them). Numerator: those
    that occur among the numbers of some explanation span. ``None`` when the denominator is empty.
    """
    targets = {n for n in derivation_numbers if n in context_numbers}
    if not targets:
        return None
    marked: Set[str] = set()
    for t in span_texts:
        marked.update(extract_numbers(t))
    return len(targets & marked) / len(targets)


def _num_value(n: str) -> float:
    return float(n)


def drop_candidate_argument_sets(answer: str, passage_numbers: Sequence[str]) -> List[Set[str]]:
    """Numbers of the passage that explain a numeric DROP answer.

    Candidates: ``{answer}`` if the answer number occurs in the passage; every pair ``{a, b}`` of
    distinct passage numbers with ``a + b == answer`` or ``|a - b| == answer`` (to 1e-6). Empty when
    the answer is not a number or no candidate is found.
    """
    ans = normalize_number(answer)
    if ans is None:
        return []
    av = _num_value(ans)
    uniq = sorted(set(passage_numbers), key=lambda x: (_num_value(x), x))
    cands: List[Set[str]] = []
    if ans in uniq:
        cands.append({ans})
    vals = [(_num_value(x), x) for x in uniq]
    for i in range(len(vals)):
        for j in range(i + 1, len(vals)):
            a, b = vals[i][0], vals[j][0]
            if math.isclose(a + b, av, abs_tol=1e-6) or math.isclose(abs(a - b), av, abs_tol=1e-6):
                cands.append({vals[i][1], vals[j][1]})
    return cands


def drop_number_recall(answer: str, passage: str, span_texts: Sequence[str]) -> Optional[float]:
    """Recall of the answer's argument numbers for one DROP question: max over candidate sets of
    the fraction of the set found among explanation-span numbers; ``None`` if no candidate set."""
    cands = drop_candidate_argument_sets(answer, extract_numbers(passage))
    if not cands:
        return None
    marked: Set[str] = set()
    for t in span_texts:
        marked.update(extract_numbers(t))
    return max(len(c & marked) / len(c) for c in cands)


# --------------------------------------------------------------------------- char-range helpers


def overlap_chars(a: Tuple[int, int], b: Tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def fraction_inside(span: Tuple[int, int], regions: Sequence[Tuple[int, int]]) -> float:
    """Fraction of ``span``'s characters that lie inside the (non-overlapping) ``regions``."""
    length = span[1] - span[0]
    if length <= 0:
        return 0.0
    return sum(overlap_chars(span, r) for r in regions) / length


def supporting_fact_precision(
    spans: Sequence[Tuple[int, int]], sf_regions: Sequence[Tuple[int, int]]
) -> Tuple[int, int]:
    """HotpotQA: ``(hits, total)`` where a span is a hit when at least half of its characters lie
    inside supporting-fact sentences."""
    hits = sum(1 for s in spans if fraction_inside(s, sf_regions) >= 0.5)
    return hits, len(spans)
