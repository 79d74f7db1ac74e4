"""Deterministic rule-based sentence splitter (mirrored by the Java runtime).

The summary head scores tokens; the runtime pools them per sentence, so Python evaluation and the
Java runtime must cut sentences at exactly the same characters. The rule is written down in
``training/EVALUATION.md`` ("Sentence splitting"); keep the two in step.

Rule, in short: a line break always ends a sentence. Inside a line, a run of terminators
(``.``, ``!``, ``?`` and the Arabic ``؟``, ``۔``), optionally followed by closing quotes/brackets
and by invisible format characters (category Cf: right-to-left/left-to-right marks, bidi
controls, zero-width joiners), ends a sentence when it is followed by whitespace and the next
non-space character is not a lowercase letter, unless the run is a single ``.`` closing an
abbreviation (a listed word such as "Dr", a dotted acronym such as "U.S" or "e.g", or a single
letter such as an initial). Decimals ("3.5") never split because a boundary needs whitespace after
the terminator. A run ending with a full-width terminator (``。！？``, written without a following
space in Chinese and Japanese) always ends a sentence.
"""

from __future__ import annotations

import re
import unicodedata
from typing import List, Tuple

#: Lowercased words that, followed by a single ".", do not end a sentence.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft vs etc al approx apr aug dec feb fig figs gen gov hon inc
    jan jul jun lt ltd mar messrs mme mlle no nos nov oct op pp rev sep sept sgt capt col cmdr
    cpl maj adm pres rep sen supt co corp dept est ed eds vol vols ca cf viz
    """.split()
)

TERMINATORS = ".!?\u061f\u06d4\u3002\uff01\uff1f"
FULL_WIDTH_TERMINATORS = "\u3002\uff01\uff1f"
#: Characters allowed between a terminator run and the whitespace that follows it.
CLOSERS = "\"')]}\u201d\u2019\u00bb"
#: Characters stripped from the front of the word before an abbreviation check.
OPENERS = "\"'([{\u201c\u2018\u00ab"

_DOTTED_ACRONYM = re.compile(r"^[A-Za-z](?:\.[A-Za-z])+$")


def _is_space(ch: str) -> bool:
    return ch.isspace()


def _is_boundary_word(word: str) -> bool:
    """True when ``word`` (the text before a single final '.') is NOT an abbreviation."""
    w = word.lstrip(OPENERS)
    if not w:
        return True
    if w.lower() in ABBREVIATIONS:
        return False
    if len(w) == 1 and w.isalpha():
        return False
    if _DOTTED_ACRONYM.match(w):
        return False
    return True


def split_sentences(text: str) -> List[Tuple[int, int]]:
    """Return sentence spans ``(start, end)`` as character offsets into ``text``.

    Spans are non-empty, in text order, non-overlapping, and trimmed of surrounding whitespace;
    ``text[start:end]`` is the sentence.
    """
    spans: List[Tuple[int, int]] = []
    n = len(text)
    start = None  # start of the current sentence (first non-space char)
    i = 0

    def close(end: int) -> None:
        nonlocal start
        if start is not None:
            e = end
            while e > start and _is_space(text[e - 1]):
                e -= 1
            if e > start:
                spans.append((start, e))
        start = None

    while i < n:
        ch = text[i]
        if ch == "\n" or ch == "\r":
            close(i)
            i += 1
            continue
        if _is_space(ch):
            i += 1
            continue
        if start is None:
            start = i
        if ch in TERMINATORS:
            j = i
            while j < n and text[j] in TERMINATORS:
                j += 1
            run_end = j
            while j < n and (text[j] in CLOSERS or unicodedata.category(text[j]) == "Cf"):
                j += 1
            # j is the end of the candidate sentence; a boundary needs whitespace (or text end),
            # except after a full-width terminator.
            if j >= n or text[run_end - 1] in FULL_WIDTH_TERMINATORS:
                close(j)
                i = j
                continue
            if not _is_space(text[j]):
                i = j
                continue
            k = j
            while k < n and _is_space(text[k]) and text[k] not in "\r\n":
                k += 1
            next_ch = text[k] if k < n else ""
            boundary = True
            if next_ch and next_ch not in "\r\n" and next_ch.islower():
                boundary = False
            elif run_end - i == 1 and text[i] == ".":
                # the word: maximal run of non-space chars ending just before the '.'
                w0 = i
                while w0 > 0 and not _is_space(text[w0 - 1]):
                    w0 -= 1
                boundary = _is_boundary_word(text[w0:i])
            if boundary:
                close(j)
            i = j
            continue
        i += 1
    close(n)
    return spans


def sentence_texts(text: str) -> List[str]:
    """Convenience: the sentences of ``text`` as strings."""
    return [text[s:e] for s, e in split_sentences(text)]
