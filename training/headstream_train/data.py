"""Turns the shared datasets into seeded, windowed training examples for the three heads.

Every example is one window `[CLS] question [SEP] context [SEP]` (token types 0 then 1) with
labels for exactly one head; the others' losses ignore it:

- answer (SQuAD v1.1 train): start/end token of the answer inside the window, or 0/0 (the null
  slot) when the window does not contain the whole answer.
- summary (generic summarization): 1 for every token of an oracle sentence, 0 for other context
  tokens; the question is EMPTY, so this head never learns from queries. Sources: SciTLDR-A
  train (its own oracle labels) and, optionally, the query-free references of QMSum train
  ("Summarize the whole meeting") and SQuALITY train ("What is the plot of the story?"), whose
  oracle turns/sentences are chosen greedily by ROUGE (`greedy_oracle`).
- explanation (BIO multi-span tagging): SQuAD answers (one span) plus the span answers of the
  TRAIN half of DROP dev and TAT-QA dev (split by passage, see `is_train_doc`).

Label value -100 means "not scored" (question, special and padding positions).
"""
import collections
import gzip
import hashlib
import json
import os
import random
import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

from .paths import DATA_DIR
from .rouge import tokenize as rouge_tokenize
from .sentences import split_sentences

IGNORE = -100
TASK_ANSWER, TASK_SUMMARY, TASK_EXPLANATION = 0, 1, 2
TASK_NAMES = ["answer", "summary", "explanation"]
BIO_O, BIO_B, BIO_I = 0, 1, 2
EMPTY_WINDOW_KEEP = 4  # keep 1 in 4 explanation windows that contain no answer span
LONG_SUMMARY_EMPTY_KEEP = 8  # meetings/stories: keep 1 in 8 windows without an oracle unit


# ---------------------------------------------------------------------------------------------
# The train/eval split of DROP dev and TAT-QA dev (both are also evaluation sets).

def is_train_doc(doc_id: str) -> bool:
    """True when a DROP passage / TAT-QA document belongs to the TRAIN half.

    The rule: the first 8 hex digits of sha256(doc_id as UTF-8) read as an integer, even = train.
    Evaluation must use only documents for which this is False. Doc ids: `drop_doc_id` and
    `tatqa_doc_id` below."""
    return int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:8], 16) % 2 == 0


_DROP_RE = re.compile(r"^Passage: (.*)\nQuestion: (.*)\nAnswer:$", re.S)


def parse_drop(row):
    """(passage, question, answers) of one simple-evals DROP line; answers = ref_text alternatives."""
    m = _DROP_RE.match(row["context"])
    if not m:
        raise ValueError(f"DROP line does not match the simple-evals pattern: {row['context'][:80]!r}")
    return m.group(1), m.group(2), row["ref_text"].split("|")


def drop_doc_id(passage: str) -> str:
    """DROP simple-evals lines carry no passage id; the passage text's sha1 stands in for it."""
    return "drop:" + hashlib.sha1(passage.encode("utf-8")).hexdigest()


def tatqa_doc_id(doc) -> str:
    return "tatqa:" + doc["table"]["uid"]


def squad2_doc_id(title: str) -> str:
    """SQuAD 2.0 dev articles: the "train" half (``is_train_doc``) calibrates the null threshold
    (training/calibrate.py), the other half is the ``squad2`` evaluation set."""
    return "squad2:" + title


def tatqa_context(doc) -> str:
    """TAT-QA table (one line per row, cells joined by ' | ') followed by the paragraphs."""
    rows = [" | ".join(c.strip() for c in row if c.strip()) for row in doc["table"]["table"]]
    paras = [p["text"] for p in sorted(doc["paragraphs"], key=lambda p: p["order"])]
    return "\n".join([r for r in rows if r] + paras)


# ---------------------------------------------------------------------------------------------
# Loading

def _read_json_gz(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def _read_jsonl_gz(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _find_span(context, answer):
    """Char offset of `answer` in `context` (exact, then case-insensitive), or -1."""
    i = context.find(answer)
    if i < 0:
        i = context.lower().find(answer.lower())
    return i


def drop_span_questions(path=None, train=True):
    """DROP questions whose gold answer is one or more literal, non-numeric passage spans.

    A gold string that occurs verbatim is one span; otherwise, if it splits on ' and ' into
    parts that each occur, those parts are the spans (simple-evals joins multi-span answers with
    ' and '). Purely numeric answers are skipped: they are usually computed, not copied."""
    path = path or os.path.join(DATA_DIR, "drop", "drop_dev_a.jsonl.gz")
    out = []
    for row in _read_jsonl_gz(path):
        passage, question, answers = parse_drop(row)
        doc = drop_doc_id(passage)
        if is_train_doc(doc) != train:
            continue
        gold = answers[0].strip()
        if not gold or re.fullmatch(r"[\d.,\s%$-]+", gold):
            continue
        parts = [gold] if _find_span(passage, gold) >= 0 else [p.strip() for p in gold.split(" and ")]
        spans = []
        for p in parts:
            i = _find_span(passage, p) if p else -1
            if i < 0:
                spans = []
                break
            spans.append((i, i + len(p)))
        if spans:
            out.append({"doc": doc, "question": question, "context": passage, "spans": spans})
    return out


def tatqa_span_questions(path=None, train=True):
    """TAT-QA span / multi-span questions whose answers occur in `tatqa_context`."""
    path = path or os.path.join(DATA_DIR, "tatqa", "tatqa_dataset_dev.json.gz")
    out = []
    for doc in _read_json_gz(path):
        did = tatqa_doc_id(doc)
        if is_train_doc(did) != train:
            continue
        context = tatqa_context(doc)
        for q in doc["questions"]:
            if q["answer_type"] not in ("span", "multi-span"):
                continue
            spans = []
            for a in q["answer"]:
                a = str(a).strip()
                i = _find_span(context, a) if a else -1
                if i < 0:
                    spans = []
                    break
                spans.append((i, i + len(a)))
            if spans:
                out.append({"doc": did, "question": q["question"], "context": context,
                            "spans": spans})
    return out


def squad_questions(path=None):
    path = path or os.path.join(DATA_DIR, "squad", "squad11_train.json.gz")
    out = []
    for art in _read_json_gz(path)["data"]:
        for pi, para in enumerate(art["paragraphs"]):
            for qa in para["qas"]:
                a = qa["answers"][0]
                s = a["answer_start"]
                if para["context"][s:s + len(a["text"])] != a["text"]:
                    raise ValueError(f"SQuAD answer offset mismatch in {qa['id']}")
                out.append({"doc": f"{art['title']}#{pi}", "question": qa["question"],
                            "context": para["context"], "spans": [(s, s + len(a["text"]))]})
    return out


def _other_paragraphs(paragraphs):
    """A function giving, for a question, the other paragraphs of its article (sorted by doc id)
    that do not contain its answer text (case-insensitive)."""
    by_article = {}
    for q in paragraphs:
        by_article.setdefault(q["doc"].rsplit("#", 1)[0], {}).setdefault(q["doc"], q["context"])

    def others(q):
        s, e = q["spans"][0]
        answer = q["context"][s:e].lower()
        return [c for d, c in sorted(by_article[q["doc"].rsplit("#", 1)[0]].items())
                if d != q["doc"] and answer not in c.lower()]
    return others


def squad_negatives(questions, n, rng, paragraphs=None):
    """Unanswerable pairs built from SQuAD v1.1 train: each of the first `n` questions with a
    different paragraph of the same article (same topic, no answer), so the answer head's null
    slot learns "not in this context" and not only "not in this window". Paragraphs come from
    `paragraphs` (default: `questions`); one that contains the answer text is never chosen, and
    questions whose article has no other paragraph are skipped."""
    others_of = _other_paragraphs(paragraphs if paragraphs is not None else questions)
    out = []
    for q in questions[:n]:
        others = others_of(q)
        if others:
            out.append({"doc": q["doc"] + ":negative", "question": q["question"],
                        "context": rng.choice(others), "spans": []})
    return out


def long_contexts(questions, paragraphs, n, rng, min_paragraphs=2, max_paragraphs=4):
    """Multi-paragraph contexts for the answer head (shared normalization across windows):
    each of the first `n` questions gets its own paragraph joined with 1..`max_paragraphs`-1
    other paragraphs of the same article (never one containing the answer text, so the gold
    span stays the only occurrence), the answer paragraph at a random position. The span is
    shifted to its place in the joined text; items carry `long: True`. Questions whose article
    has fewer than `min_paragraphs` usable paragraphs are skipped."""
    others_of = _other_paragraphs(paragraphs)
    out = []
    for q in questions[:n]:
        s, e = q["spans"][0]
        others = others_of(q)
        if len(others) + 1 < min_paragraphs:
            continue
        k = rng.randint(min_paragraphs, min(max_paragraphs, len(others) + 1))
        parts = rng.sample(others, k - 1)
        at = rng.randint(0, k - 1)
        parts.insert(at, q["context"])
        offset = sum(len(p) + 2 for p in parts[:at])
        out.append({"doc": q["doc"] + ":long", "question": q["question"],
                    "context": "\n\n".join(parts), "spans": [(s + offset, e + offset)],
                    "long": True})
    return out


def cyclic_slice(items, start, n):
    """`n` items from `start` on, wrapping around the end (a later stage's SQuAD slices)."""
    if not items:
        return []
    return [items[(start + i) % len(items)] for i in range(n)]


def scitldr_documents(path=None):
    """SciTLDR-A abstracts: (context, [(char_start, char_end)] of oracle sentences)."""
    path = path or os.path.join(DATA_DIR, "scitldr", "scitldr_A_train.jsonl.gz")
    out = []
    for row in _read_jsonl_gz(path):
        context, spans, pos = "", [], 0
        for sent, label in zip(row["source"], row["source_labels"]):
            if context:
                context += " "
            start = len(context)
            context += sent
            if label:
                spans.append((start, len(context)))
        if spans:
            out.append({"doc": row["paper_id"], "context": context, "spans": spans})
    return out


def _bigrams(tokens):
    return list(zip(tokens, tokens[1:]))


def greedy_oracle(units: List[str], references: List[str], max_units: int = 30,
                  min_tokens: int = 4) -> List[int]:
    """Indices (ascending) of the units whose union best matches the references.

    The usual extractive-oracle construction: starting from nothing, repeatedly add the unit
    that most raises the mean over references of ROUGE-1 F + ROUGE-2 F (tokenised as
    `rouge.tokenize`), and stop when no unit raises it or `max_units` are chosen. Units of
    fewer than `min_tokens` tokens ("Right .", "Like") are never chosen."""
    toks = [rouge_tokenize(u) for u in units]
    grams = [(collections.Counter(t), collections.Counter(_bigrams(t))) for t in toks]
    refs = []
    for r in references:
        rt = rouge_tokenize(r)
        if rt:
            refs.append((collections.Counter(rt), collections.Counter(_bigrams(rt)), len(rt),
                         max(1, len(rt) - 1)))
    if not refs:
        return []
    sel1, sel2 = collections.Counter(), collections.Counter()
    n1 = n2 = 0
    over = [[0, 0] for _ in refs]  # clipped overlaps of the selection, per reference

    def clipped_gain(selected, cand, ref):
        return sum(min(selected[g] + v, ref[g]) - min(selected[g], ref[g]) for g, v in cand.items() if g in ref)

    def gains(i):
        """Per reference, how much unit i would add to the selection's clipped overlaps."""
        c1, c2 = grams[i]
        return [(clipped_gain(sel1, c1, r1), clipped_gain(sel2, c2, r2)) for r1, r2, _, _ in refs]

    def f(o, c, r):
        return 0.0 if o == 0 else 2 * o / (c + r)

    def score_with(i):
        total = 0.0
        for (o1, o2), (g1, g2), (_, _, l1, l2) in zip(over, gains(i), refs):
            total += f(o1 + g1, n1 + len(toks[i]), l1) + f(o2 + g2, n2 + max(0, len(toks[i]) - 1), l2)
        return total / len(refs)

    chosen, best = [], 0.0
    candidates = [i for i, t in enumerate(toks) if len(t) >= min_tokens]
    while len(chosen) < max_units and candidates:
        s, neg_i = max((score_with(i), -i) for i in candidates)
        if s <= best:
            break
        i = -neg_i
        best = s
        for k, (g1, g2) in enumerate(gains(i)):
            over[k][0] += g1
            over[k][1] += g2
        sel1.update(grams[i][0])
        sel2.update(grams[i][1])
        n1 += len(toks[i])
        n2 += max(0, len(toks[i]) - 1)
        chosen.append(i)
        candidates.remove(i)
    return sorted(chosen)


_BRACE_MARKER = re.compile(r"\{\w+\}")


def clean_turn(content: str) -> str:
    """QMSum turn text without ``{disfmarker}``-style markers, whitespace collapsed."""
    return " ".join(_BRACE_MARKER.sub(" ", content).split())


def qmsum_general_documents(path=None):
    """QMSum train meetings with their query-free summary ("Summarize the whole meeting" and the
    like; the specific, query-focused pairs are NOT used). Context: the turns rendered
    ``"<speaker>: <cleaned content>"`` joined with newlines (as the evaluation renders them);
    oracle units: whole turns."""
    path = path or os.path.join(DATA_DIR, "qmsum", "qmsum_train.jsonl.gz")
    out = []
    for row in _read_jsonl_gz(path):
        refs = [q["answer"] for q in row["general_query_list"]]
        turns = [(t["speaker"], clean_turn(t["content"])) for t in row["meeting_transcripts"]]
        turns = [(who, text) for who, text in turns if text]
        lines = [f"{who}: {text}" for who, text in turns]
        starts, pos = [], 0
        for line in lines:
            starts.append(pos)
            pos += len(line) + 1
        picked = greedy_oracle([text for _, text in turns], refs)  # speaker names not scored
        if picked:
            out.append({"doc": "qmsum:" + row["meeting_id"], "context": "\n".join(lines),
                        "spans": [(starts[i], starts[i] + len(lines[i])) for i in picked]})
    return out


def squality_plot_documents(path=None):
    """SQuALITY train stories with the references of their generic first question ("What is the
    plot of the story?"); the story-specific questions are NOT used. Oracle units: sentences
    (`sentences.split_sentences`, as the runtime splits them)."""
    path = path or os.path.join(DATA_DIR, "squality", "squality_v1.3_train.jsonl.gz")
    out = []
    for row in _read_jsonl_gz(path):
        generic = [q for q in row["questions"] if q["question_text"].strip() == "What is the plot of the story?"]
        if not generic:
            continue
        refs = [r["response_text"] for r in generic[0]["responses"]]
        context = row["document"]
        sents = split_sentences(context)
        picked = greedy_oracle([context[a:b] for a, b in sents], refs)
        if picked:
            out.append({"doc": "squality:" + row["metadata"]["passage_id"], "context": context,
                        "spans": [sents[i] for i in picked]})
    return out


# ---------------------------------------------------------------------------------------------
# Windows

@dataclass
class Window:
    input_ids: List[int]
    token_type_ids: List[int]
    ctx_offset: int          # window position of the first context token
    ctx_start: int           # context token index of that first token
    ctx_end: int             # one past the last context token in the window


def windows(tok, q_ids, n_ctx, max_seq_len, doc_stride, max_question_tokens):
    """(ctx_start, ctx_end) token ranges of the context windows, `doc_stride` tokens apart."""
    q_len = min(len(q_ids), max_question_tokens)
    room = max_seq_len - q_len - 3
    if room <= 0:
        raise ValueError("max_seq_len leaves no room for the context")
    out, start = [], 0
    while True:
        end = min(start + room, n_ctx)
        out.append((start, end))
        if end >= n_ctx:
            return out
        start += doc_stride


def make_window(tok, q_ids, c_ids, ctx_start, ctx_end, max_question_tokens):
    q = q_ids[:max_question_tokens]
    ids = [tok.cls_id] + q + [tok.sep_id] + c_ids[ctx_start:ctx_end] + [tok.sep_id]
    types = [0] * (len(q) + 2) + [1] * (ctx_end - ctx_start + 1)
    return Window(ids, types, len(q) + 2, ctx_start, ctx_end)


def char_span_to_tokens(tokens, start, end) -> Optional[Tuple[int, int]]:
    """Inclusive (first, last) token indices covering chars [start, end), or None."""
    first = last = None
    for i, t in enumerate(tokens):
        if t.end > start and t.start < end:
            if first is None:
                first = i
            last = i
    return None if first is None else (first, last)


def answer_examples(tok, item, max_seq_len, doc_stride, max_question_tokens):
    q_ids = tok.encode(item["question"])
    c_toks = tok.tokenize(item["context"])
    c_ids = [t.id for t in c_toks]
    span = char_span_to_tokens(c_toks, *item["spans"][0]) if item["spans"] else None
    out = []
    for cs, ce in windows(tok, q_ids, len(c_ids), max_seq_len, doc_stride, max_question_tokens):
        w = make_window(tok, q_ids, c_ids, cs, ce, max_question_tokens)
        start = end = 0
        if span and cs <= span[0] and span[1] < ce:
            start, end = span[0] - cs + w.ctx_offset, span[1] - cs + w.ctx_offset
        out.append({"task": TASK_ANSWER, "input_ids": w.input_ids,
                    "token_type_ids": w.token_type_ids, "start": start, "end": end})
    return out


def _token_labels(tok, question, context, spans, bio, max_seq_len, doc_stride, max_question_tokens,
                  task, keep_empty=None):
    q_ids = tok.encode(question) if question else []
    c_toks = tok.tokenize(context)
    c_ids = [t.id for t in c_toks]
    labels = [BIO_O] * len(c_toks)
    for s, e in spans:
        r = char_span_to_tokens(c_toks, s, e)
        if r is None:
            continue
        for i in range(r[0], r[1] + 1):
            labels[i] = (BIO_B if i == r[0] else BIO_I) if bio else 1
    out = []
    for cs, ce in windows(tok, q_ids, len(c_ids), max_seq_len, doc_stride, max_question_tokens):
        w = make_window(tok, q_ids, c_ids, cs, ce, max_question_tokens)
        lab = [IGNORE] * len(w.input_ids)
        for i in range(cs, ce):
            lab[w.ctx_offset + i - cs] = labels[i]
        if bio and cs > 0 and lab[w.ctx_offset] == BIO_I:
            lab[w.ctx_offset] = BIO_B  # a span cut by the window edge restarts with B
        if keep_empty is not None and not any(x in (BIO_B, BIO_I) for x in lab):
            # Windows of long passages without any span (BIO B/I, or summary label 1 == BIO_B)
            # are many and teach little; keep a deterministic 1 in `keep_empty` of them (by
            # hash) so "nothing here" is still seen.
            # Summary windows have no question, so their key names the document instead.
            key = f"{question}|{cs}" if bio else f"{question}|{context[:64]}|{cs}"
            h = hashlib.sha1(key.encode("utf-8")).digest()[0]
            if h % keep_empty != 0:
                continue
        out.append({"task": task, "input_ids": w.input_ids, "token_type_ids": w.token_type_ids,
                    "labels": lab})
    return out


def summary_examples(tok, item, max_seq_len, doc_stride, max_question_tokens):
    """Generic summarization: the question is always empty."""
    return _token_labels(tok, "", item["context"], item["spans"], False, max_seq_len,
                         doc_stride, max_question_tokens, TASK_SUMMARY)


def long_summary_examples(tok, item, max_seq_len, doc_stride, max_question_tokens):
    """Generic summarization of a long document (meeting, story): windows without an oracle
    unit are thinned to 1 in `LONG_SUMMARY_EMPTY_KEEP`."""
    return _token_labels(tok, "", item["context"], item["spans"], False, max_seq_len,
                         doc_stride, max_question_tokens, TASK_SUMMARY,
                         keep_empty=LONG_SUMMARY_EMPTY_KEEP)


def explanation_examples(tok, item, max_seq_len, doc_stride, max_question_tokens):
    return _token_labels(tok, item["question"], item["context"], item["spans"], True,
                         max_seq_len, doc_stride, max_question_tokens, TASK_EXPLANATION,
                         keep_empty=EMPTY_WINDOW_KEEP)


# ---------------------------------------------------------------------------------------------
# The training set

def build_training_set(tok, seed=13, n_squad_answer=9000, n_squad_explanation=1500,
                       n_summary_docs=1991, multi_span_repeat=2, max_seq_len=256, doc_stride=128,
                       max_question_tokens=64, log=print, squad_offset=0, long_summaries=False,
                       n_squad_negatives=0, n_squad_long=0, group_answers=False):
    """Seeded list of examples for all three heads, shuffled; plus a summary of counts.

    `squad_offset` skips that many questions of the seeded SQuAD order (a continuation run
    takes questions the first run did not see); `long_summaries` adds the QMSum train /
    SQuALITY train generic summaries to the summary head's data; `n_squad_negatives` adds that
    many unanswerable answer-head examples (`squad_negatives`, from the answer questions);
    `n_squad_long` adds multi-paragraph answer contexts (`long_contexts`, from the questions
    after the explanation ones). SQuAD slices wrap around the end of the seeded order, so a
    later stage can take a second pass. With `group_answers` every answer example carries a
    `group` id shared by the windows of its question (shared normalization in train.py)."""
    rng = random.Random(seed)
    squad = squad_questions()
    rng.shuffle(squad)
    args = (max_seq_len, doc_stride, max_question_tokens)
    examples, counts = [], {}

    group = [0]

    def add(name, items, fn, multi_repeat=1):
        n = 0
        for item in items:
            ex = fn(tok, item, *args)
            if group_answers and fn is answer_examples:
                for e in ex:
                    e["group"] = group[0]
                group[0] += 1
            # Multi-span questions are rare; repeating them gives the B-after-O pattern weight.
            for _ in range(multi_repeat if len(item["spans"]) > 1 else 1):
                examples.extend(ex)
                n += len(ex)
        counts[name] = {"items": len(items), "windows": n}
        log(f"data: {name}: {len(items)} items -> {n} windows")

    squad_all = squad
    answer_items = cyclic_slice(squad_all, squad_offset, n_squad_answer)
    add("squad_answer", answer_items, answer_examples)
    add("squad_explanation",
        cyclic_slice(squad_all, squad_offset + n_squad_answer, n_squad_explanation),
        explanation_examples)
    add("drop_train_half_explanation", drop_span_questions(train=True), explanation_examples,
        multi_span_repeat)
    add("tatqa_train_half_explanation", tatqa_span_questions(train=True), explanation_examples,
        multi_span_repeat)
    docs = scitldr_documents()
    rng.shuffle(docs)
    add("scitldr_summary", docs[:n_summary_docs], summary_examples)
    if long_summaries:
        add("qmsum_train_general_summary", qmsum_general_documents(), long_summary_examples)
        add("squality_train_plot_summary", squality_plot_documents(), long_summary_examples)
    if n_squad_negatives:
        add("squad_negative_answer",
            squad_negatives(answer_items, n_squad_negatives, rng, squad_all[squad_offset:]),
            answer_examples)
    if n_squad_long:
        long_from = cyclic_slice(squad_all, squad_offset + n_squad_answer + n_squad_explanation,
                                 n_squad_long)
        add("squad_long_context_answer", long_contexts(long_from, squad_all, n_squad_long, rng),
            answer_examples)
    rng.shuffle(examples)
    return examples, counts
