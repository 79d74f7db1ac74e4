"""Evaluation of the multi-task model on held-out sets (rules: ``training/EVALUATION.md``).

The model is reached through two small seams so everything can be tested without weights:

* a ``Featurizer`` turns ``(question, context)`` into :class:`~headstream_train.decode.Window` s
  (token ids plus each token's character span in the context);
* an ``Engine`` turns a list of windows into :class:`~headstream_train.decode.WindowLogits`.

The PyTorch implementations (:class:`TorchEngine`, :class:`BertFeaturizer`) wrap T1's model and
tokenizer; tests use synthetic engines. :class:`Embedder` provides the sentence-embedding baseline
(mean-pooled, L2-normalised all-MiniLM-L6-v2 ORIGINAL pretrained encoder).

Each ``run_<task>`` function yields one record per example (a JSON-able dict) and returns the
aggregate metrics through :class:`TaskResult`.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Protocol, Sequence, Tuple

import numpy as np

from headstream_train import decode as dec
from headstream_train import metrics as met
from headstream_train import paths
from headstream_train.data import clean_turn  # one rendering of QMSum turns for training and evaluation
from headstream_train.rouge import rouge_scores
from headstream_train.sentences import split_sentences

DATA_DIR = paths.DATA_DIR  # $HEADSTREAM_DATA or ../shared/data beside the checkout

TASKS = ("squad", "squad2", "qmsum", "squality", "tatqa", "hotpotqa", "drop")

#: Default number of examples per task for ``--all`` (None = the whole set): about 2,300 windows,
#: the limits of the model card's run (~25 minutes on 2 CPU cores shared with other builds). The
#: card states these.
DEFAULT_LIMITS: Dict[str, Optional[int]] = {
    "squad": 500,
    "squad2": 500,
    "qmsum": 20,
    "squality": 5,
    "tatqa": 100,
    "hotpotqa": 30,
    "drop": 200,
}

#: Summary budgets for the ROUGE evaluation: about the mean reference length of each set
#: (QMSum specific-query answers ~390 chars, SQuALITY responses ~1,280 chars).
SUMMARY_BUDGETS = {
    "qmsum": dec.SummaryBudget(max_sentences=None, max_chars=400),
    "squality": dec.SummaryBudget(max_sentences=None, max_chars=1200),
}

#: QMSum: words of relevant turns kept, and of the whole context (see ``qmsum_context``).
QMSUM_RELEVANT_WORDS = 500
QMSUM_CONTEXT_WORDS = 1000


# =========================================================================== seams


class Featurizer(Protocol):
    max_answer_tokens: int

    def windows(self, question: str, context: str) -> List[dec.Window]: ...


class Engine(Protocol):
    def logits(self, windows: Sequence[dec.Window]) -> List[dec.WindowLogits]: ...


class SentenceEmbedder(Protocol):
    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class Predictor:
    """Featurizer + engine, with a small cache keyed by (question, context)."""

    def __init__(self, featurizer: Featurizer, engine: Engine, cache_size: int = 64,
                 settings: dec.DecodeSettings = dec.DecodeSettings()):
        self.featurizer = featurizer
        self.engine = engine
        self.settings = settings  # the bundle's decode settings (thresholds); defaults = format 1
        self._cache: Dict[Tuple[str, str], Tuple[List[dec.Window], List[dec.WindowLogits]]] = {}
        self._cache_size = cache_size
        self.windows_run = 0

    def predict(self, question: str, context: str):
        key = (question, context)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        ws = self.featurizer.windows(question, context)
        lg = self.engine.logits(ws)
        self.windows_run += len(ws)
        if len(self._cache) >= self._cache_size:
            self._cache.pop(next(iter(self._cache)))
        self._cache[key] = (ws, lg)
        return ws, lg

    def predict_many(self, pairs: Sequence[Tuple[str, str]]):
        """Batch the windows of several pairs into shared forward passes (no caching)."""
        all_ws: List[dec.Window] = []
        bounds = []
        for q, c in pairs:
            ws = self.featurizer.windows(q, c)
            bounds.append((len(all_ws), len(all_ws) + len(ws)))
            all_ws.extend(ws)
        lg = self.engine.logits(all_ws)
        self.windows_run += len(all_ws)
        return [(all_ws[a:b], lg[a:b]) for a, b in bounds]


# =========================================================================== PyTorch seams


class BertFeaturizer:
    """Windows exactly as ``headstream_train.data`` builds them for training: question ids cut to
    ``max_question_tokens``, context chunks of ``max_seq_len - len(q) - 3`` tokens whose starts are
    ``doc_stride`` tokens apart; optionally at most ``max_windows`` windows (the first ones)."""

    def __init__(self, tokenizer, max_seq_len=384, doc_stride=128, max_question_tokens=64,
                 max_answer_tokens=30, max_windows: Optional[int] = None):
        self.tok = tokenizer
        self.max_seq_len = max_seq_len
        self.doc_stride = doc_stride
        self.max_question_tokens = max_question_tokens
        self.max_answer_tokens = max_answer_tokens
        self.max_windows = max_windows
        self._ctx_cache: Dict[str, list] = {}

    def _context_tokens(self, context: str):
        toks = self._ctx_cache.get(context)
        if toks is None:
            if len(self._ctx_cache) > 256:
                self._ctx_cache.clear()
            toks = self.tok.tokenize(context)
            self._ctx_cache[context] = toks
        return toks

    def windows(self, question: str, context: str) -> List[dec.Window]:
        from headstream_train import data

        q_ids = self.tok.encode(question) if question else []
        c_toks = self._context_tokens(context)
        c_ids = [t.id for t in c_toks]
        ranges = data.windows(self.tok, q_ids, len(c_ids), self.max_seq_len, self.doc_stride,
                              self.max_question_tokens)
        if self.max_windows is not None:
            ranges = ranges[: self.max_windows]
        out = []
        for cs, ce in ranges:
            w = data.make_window(self.tok, q_ids, c_ids, cs, ce, self.max_question_tokens)
            offs: List[dec.Offset] = [None] * len(w.input_ids)
            for i in range(cs, ce):
                offs[w.ctx_offset + i - cs] = (c_toks[i].start, c_toks[i].end)
            out.append(dec.Window(w.input_ids, w.token_type_ids, offs))
        return out


class TorchEngine:
    """Runs ``MultiHeadModel`` on CPU in length-sorted, padded batches."""

    def __init__(self, model, pad_id: int = 0, batch_size: int = 16):
        self.model = model
        self.pad_id = pad_id
        self.batch_size = batch_size

    def logits(self, windows: Sequence[dec.Window]) -> List[dec.WindowLogits]:
        import torch

        out: List[Optional[dec.WindowLogits]] = [None] * len(windows)
        order = sorted(range(len(windows)), key=lambda i: len(windows[i].input_ids))
        with torch.no_grad():
            for b in range(0, len(order), self.batch_size):
                idx = order[b : b + self.batch_size]
                seq = max(len(windows[i].input_ids) for i in idx)
                ids = torch.full((len(idx), seq), self.pad_id, dtype=torch.long)
                types = torch.zeros((len(idx), seq), dtype=torch.long)
                mask = torch.zeros((len(idx), seq), dtype=torch.long)
                for r, i in enumerate(idx):
                    n = len(windows[i].input_ids)
                    ids[r, :n] = torch.tensor(windows[i].input_ids)
                    types[r, :n] = torch.tensor(windows[i].token_type_ids)
                    mask[r, :n] = 1
                start, end, null, summ, tags = self.model(ids, mask, types)
                for r, i in enumerate(idx):
                    n = len(windows[i].input_ids)
                    out[i] = dec.WindowLogits(
                        start[r, :n].numpy().copy(), end[r, :n].numpy().copy(), float(null[r]),
                        summ[r, :n].numpy().copy(), tags[r, :n].numpy().copy(),
                    )
        return out  # type: ignore[return-value]


class Embedder:
    """Sentence embeddings as sentence-transformers computes them for all-MiniLM-L6-v2:
    ``[CLS] text [SEP]`` (at most 256 tokens), mean over non-padding token states, L2-normalised."""

    def __init__(self, encoder, tokenizer, max_len: int = 256, batch_size: int = 64):
        self.encoder = encoder.eval()
        self.tok = tokenizer
        self.max_len = max_len
        self.batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        import torch

        seqs = [[self.tok.cls_id] + self.tok.encode(t)[: self.max_len - 2] + [self.tok.sep_id] for t in texts]
        out = np.zeros((len(texts), self.encoder.cfg.hidden), dtype=np.float32)
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        with torch.no_grad():
            for b in range(0, len(order), self.batch_size):
                idx = order[b : b + self.batch_size]
                seq = max(len(seqs[i]) for i in idx)
                ids = torch.full((len(idx), seq), self.tok.pad_id, dtype=torch.long)
                mask = torch.zeros((len(idx), seq), dtype=torch.long)
                for r, i in enumerate(idx):
                    ids[r, : len(seqs[i])] = torch.tensor(seqs[i])
                    mask[r, : len(seqs[i])] = 1
                states = self.encoder(ids, mask, torch.zeros_like(ids))
                m = mask.unsqueeze(-1).to(states.dtype)
                pooled = (states * m).sum(1) / m.sum(1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
                for r, i in enumerate(idx):
                    out[i] = pooled[r].numpy()
        return out


# =========================================================================== data


def _read_json_gz(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def _read_jsonl_gz(path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def _path(*parts: str) -> str:
    p = os.path.join(DATA_DIR, *parts)
    if not os.path.exists(p):
        raise FileNotFoundError(f"evaluation set not found: {p} (set HEADSTREAM_DATA to the data folder)")
    return p


def squad_examples(path: str) -> Iterator[dict]:
    """SQuAD questions in file order: id, question, context, golds (empty list = unanswerable),
    and the article title."""
    for art in _read_json_gz(path)["data"]:
        for para in art["paragraphs"]:
            for qa in para["qas"]:
                golds = [a["text"] for a in qa["answers"]]
                yield {"id": qa["id"], "question": qa["question"], "context": para["context"], "golds": golds,
                       "title": art["title"]}


def squad2_examples(calibration: bool = False) -> Iterator[dict]:
    """SQuAD 2.0 dev questions of the held-out articles (``calibration=False``: the ``squad2``
    evaluation set) or of the other half (``calibration=True``: where ``training/calibrate.py``
    picks the null threshold); the split is ``is_train_doc(squad2_doc_id(title))``."""
    from headstream_train.data import squad2_doc_id

    for e in squad_examples(_path("squad", "squad20_dev_a.json.gz")):
        if _heldout(squad2_doc_id(e["title"])) != calibration:
            yield e


def qmsum_context(turns: Sequence[dict], relevant: Sequence[Tuple[int, int]],
                  cap_words: int = QMSUM_CONTEXT_WORDS, cap_relevant_words: int = QMSUM_RELEVANT_WORDS):
    """Context for one QMSum specific query, plus the char ranges of its relevant turns.

    Turns are rendered ``"<speaker>: <cleaned content>"`` (turns empty after cleaning are
    skipped) and joined with ``"\\n"``; words are counted on the cleaned content. Selection:
    (1) the relevant turns (``relevant_text_span``, inclusive ranges) in transcript order while
    their words stay within ``cap_relevant_words`` (the first one always); (2) neighbours of the
    turns chosen in (1), by growing distance d = 1, 2, ... (at each d in transcript order), each
    added only if the total stays within ``cap_words``, until the total reaches ``cap_words`` or
    no turn is left. About half of a full context is thus relevant, the rest nearby discussion.
    """
    texts = [clean_turn(t["content"]) for t in turns]
    words = [len(t.split()) for t in texts]
    rel = sorted({i for a, b in relevant for i in range(a, b + 1) if 0 <= i < len(turns) and texts[i]})
    chosen: List[int] = []
    total = 0
    for i in rel:
        if chosen and total + words[i] > cap_relevant_words:
            break
        chosen.append(i)
        total += words[i]
    core = list(chosen)
    chosen_set = set(chosen)
    for dist in range(1, len(turns)):
        if total >= cap_words:
            break
        ring = sorted({j for i in core for j in (i - dist, i + dist) if 0 <= j < len(turns)} - chosen_set)
        for j in ring:
            if texts[j] and total + words[j] <= cap_words:
                chosen_set.add(j)
                total += words[j]
    rel_set = set(rel)
    parts, regions, pos = [], [], 0
    for i in sorted(chosen_set):
        line = f"{turns[i]['speaker']}: {texts[i]}"
        if parts:
            pos += 1
        if i in rel_set:
            regions.append((pos, pos + len(line)))
        parts.append(line)
        pos += len(line)
    return "\n".join(parts), regions


def hotpot_context(row: dict):
    """HotpotQA context: per paragraph ``title + "\\n" + "".join(sentences)``, paragraphs joined
    by ``"\\n\\n"``; returns it with the char ranges of the supporting-fact sentences."""
    sf = {(t, int(i)) for t, i in row["supporting_facts"]}
    parts, regions, pos = [], [], 0
    for title, sents in row["context"]:
        if parts:
            pos += 2
        para = title + "\n"
        p0 = pos + len(para)
        for k, s in enumerate(sents):
            if (title, k) in sf:
                # the sentence without its leading/trailing whitespace
                lead = len(s) - len(s.lstrip())
                regions.append((p0 + lead, p0 + len(s.rstrip())))
            p0 += len(s)
            para += s
        parts.append(para)
        pos += len(para)
    return "\n\n".join(parts), regions


def _is_number_answer(s: str) -> bool:
    return re.fullmatch(r"-?\$?\s*\d[\d,]*(\.\d+)?%?", s.strip()) is not None


# =========================================================================== results


@dataclass
class TaskResult:
    task: str
    metrics: Dict[str, float]
    examples: int
    windows: int
    seconds: float = 0.0
    notes: List[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"kind": "aggregate", "task": self.task, "examples": self.examples, "windows": self.windows,
                "seconds": round(self.seconds, 1), "metrics": {k: round(v, 4) if isinstance(v, float) else v
                                                               for k, v in self.metrics.items()},
                "notes": self.notes}


Emit = Callable[[dict], None]


def _limited(it: Iterable[dict], limit: Optional[int]) -> List[dict]:
    out = []
    for x in it:
        if limit is not None and len(out) >= limit:
            break
        out.append(x)
    return out


def _chunks(xs: Sequence, n: int):
    for i in range(0, len(xs), n):
        yield xs[i : i + n]


# =========================================================================== tasks


def run_squad(pred: Predictor, limit: Optional[int], emit: Emit, version2: bool = False,
              examples: Optional[Iterable[dict]] = None) -> TaskResult:
    """SQuAD v1.1 / v2.0 (``examples``: other questions than the evaluation set, for calibration)."""
    if examples is not None:
        exs = _limited(examples, limit)
    elif version2:
        exs = _limited(squad2_examples(), limit)
    else:
        exs = _limited(squad_examples(_path("squad", "squad11_dev_a.json.gz")), limit)
    preds: Dict[str, str] = {}
    span_preds: Dict[str, str] = {}
    na: Dict[str, float] = {}
    golds = {e["id"]: e["golds"] for e in exs}
    mat = pred.featurizer.max_answer_tokens
    for chunk in _chunks(exs, 32):
        for e, (ws, lg) in zip(chunk, pred.predict_many([(e["question"], e["context"]) for e in chunk])):
            a = dec.decode_answer(e["context"], ws, lg, mat, allow_null=version2,
                                  null_threshold=pred.settings.null_threshold)
            preds[e["id"]] = a.text
            rec = {"task": "squad2" if version2 else "squad", "id": e["id"], "answer": a.text,
                   "start": a.start, "end": a.end, "span_score": round(a.span_score, 4),
                   "exact": met.max_over_golds(met.exact_match, a.text, e["golds"]),
                   "f1": round(met.max_over_golds(met.f1, a.text, e["golds"]), 4)}
            if version2:
                na[e["id"]] = a.null_margin
                span_preds[e["id"]] = a.text if not a.is_null else \
                    dec.decode_answer(e["context"], ws, lg, mat, allow_null=False).text
                rec["null_score"] = round(a.null_score, 4)
                rec["is_null"] = a.is_null
            emit(rec)
    if version2:
        m = met.squad2_scores(preds, golds, na, span_preds)
    else:
        m = met.squad_scores(preds, golds)
    return TaskResult("squad2" if version2 else "squad", m, len(exs), 0)


_EMB_CACHE: Dict[str, object] = {}


def _summary_systems(question: str, context: str, sentences, pred: Predictor, embedder: Optional[SentenceEmbedder],
                     budget: dec.SummaryBudget) -> Dict[str, dec.Summary]:
    ws, lg = pred.predict(question, context)
    with_q = dec.decode_summary(context, ws, lg, budget, sentences)
    ws0, lg0 = pred.predict("", context)
    no_q = dec.decode_summary(context, ws0, lg0, budget, sentences)
    lead = dec.summary_from_scores(context, sentences, [-float(i) for i in range(len(sentences))], budget)
    out = {"with_question": with_q, "without_question": no_q, "lead": lead}
    if embedder is not None:
        key = (id(embedder), context, tuple(sentences))
        if _EMB_CACHE.get("key") != key:
            _EMB_CACHE["key"] = key
            _EMB_CACHE["vecs"] = embedder.embed([context[s:e] for s, e in sentences])
        q = embedder.embed([question])[0]
        sims = (_EMB_CACHE["vecs"] @ q).astype(np.float64)
        out["embedding"] = dec.summary_from_scores(context, sentences, [float(x) for x in sims], budget)
    return out


def _summary_aggregate(task: str, per: List[Dict[str, Dict[str, float]]], extra: Dict[str, List[float]]):
    m: Dict[str, float] = {}
    if per:
        for system in per[0]:
            for k in ("rouge1", "rouge2", "rougeL"):
                m[f"{system}.{k}"] = 100.0 * float(np.mean([p[system][k] for p in per]))
    for k, vals in extra.items():
        if vals:
            m[k] = float(np.mean(vals))
    return m


def _relevant_fraction(summary: dec.Summary, regions) -> float:
    chars = sum(s.end - s.start for s in summary.sentences)
    if not chars:
        return 0.0
    return sum(met.overlap_chars((s.start, s.end), r) for s in summary.sentences for r in regions) / chars


def run_qmsum(pred: Predictor, limit: Optional[int], emit: Emit, embedder=None) -> TaskResult:
    exs = []
    for row in _read_jsonl_gz(_path("qmsum", "qmsum_val.jsonl.gz")):
        for k, q in enumerate(row["specific_query_list"]):
            spans = [(int(a), int(b)) for a, b in q["relevant_text_span"]]
            exs.append({"id": f"{row['meeting_id']}#{k}", "question": q["query"], "answer": q["answer"],
                        "turns": row["meeting_transcripts"], "spans": spans})
    exs = exs[:limit] if limit is not None else exs
    budget = SUMMARY_BUDGETS["qmsum"]
    per, extra = [], {"relevant_fraction.with_question": [], "relevant_fraction.without_question": [],
                      "relevant_fraction.lead": [], "relevant_fraction.embedding": [],
                      "relevant_fraction.context": []}
    for e in exs:
        context, regions = qmsum_context(e["turns"], e["spans"])
        sents = split_sentences(context)
        systems = _summary_systems(e["question"], context, sents, pred, embedder, budget)
        scores = {name: rouge_scores(s.text, [e["answer"]]) for name, s in systems.items()}
        per.append(scores)
        for name, s in systems.items():
            extra[f"relevant_fraction.{name}"].append(100.0 * _relevant_fraction(s, regions))
        extra["relevant_fraction.context"].append(
            100.0 * sum(b - a for a, b in regions) / max(1, len(context)))
        emit({"task": "qmsum", "id": e["id"], "summary": systems["with_question"].text,
              "summary_without_question": systems["without_question"].text,
              "rouge": {n: {k: round(v, 4) for k, v in sc.items()} for n, sc in scores.items()}})
    return TaskResult("qmsum", _summary_aggregate("qmsum", per, extra), len(exs), 0)


def run_squality(pred: Predictor, limit: Optional[int], emit: Emit, embedder=None) -> TaskResult:
    exs = []
    for row in _read_jsonl_gz(_path("squality", "squality_v1.3_dev.jsonl.gz")):
        for q in row["questions"]:
            exs.append({"id": f"{row['metadata']['passage_id']}#{q['question_number']}",
                        "question": q["question_text"], "context": row["document"],
                        "refs": [r["response_text"] for r in q["responses"]]})
    exs = exs[:limit] if limit is not None else exs
    budget = SUMMARY_BUDGETS["squality"]
    per = []
    sent_cache: Dict[str, list] = {}
    for e in exs:
        sents = sent_cache.setdefault(e["context"], split_sentences(e["context"]))
        systems = _summary_systems(e["question"], e["context"], sents, pred, embedder, budget)
        scores = {name: rouge_scores(s.text, e["refs"]) for name, s in systems.items()}
        per.append(scores)
        emit({"task": "squality", "id": e["id"], "summary": systems["with_question"].text,
              "rouge": {n: {k: round(v, 4) for k, v in sc.items()} for n, sc in scores.items()}})
    return TaskResult("squality", _summary_aggregate("squality", per, {}), len(exs), 0)


def _heldout(doc_id: str) -> bool:
    from headstream_train.data import is_train_doc

    return not is_train_doc(doc_id)


def tatqa_arithmetic_examples(calibration: bool = False) -> Iterator[dict]:
    """Arithmetic questions of the held-out TAT-QA dev documents (``calibration=True``: of the
    other, trained-on half, where ``training/calibrate.py`` picks the span threshold)."""
    from headstream_train.data import tatqa_context, tatqa_doc_id

    for doc in _read_json_gz(_path("tatqa", "tatqa_dataset_dev.json.gz")):
        did = tatqa_doc_id(doc)
        if _heldout(did) == calibration:
            continue
        context = tatqa_context(doc)
        for q in doc["questions"]:
            if q["answer_type"] == "arithmetic" and q.get("derivation"):
                yield {"id": q["uid"], "doc": did, "question": q["question"], "context": context,
                       "derivation": q["derivation"]}


def _marked_share(span_texts: Sequence[str], context_numbers: set) -> float:
    """Share of the context's distinct numbers that lie inside explanation spans (how
    indiscriminate the marking is: marking every number gives recall 1 and share 1)."""
    if not context_numbers:
        return 0.0
    marked = {n for t in span_texts for n in met.extract_numbers(t)}
    return len(marked & context_numbers) / len(context_numbers)


def tatqa_chance_rate(e: dict) -> Optional[float]:
    """Model-free reference for ``answer_span_argument_rate``: the share of the context's distinct
    numbers that are derivation arguments (the hit chance of one number picked at random)."""
    ctx_nums = set(met.extract_numbers(e["context"]))
    targets = {n for n in met.extract_numbers(e["derivation"]) if n in ctx_nums}
    return len(targets) / len(ctx_nums) if targets else None


def drop_chance_rate(e: dict) -> Optional[float]:
    """As :func:`tatqa_chance_rate` for DROP: share of the passage's distinct numbers that belong
    to some candidate argument set (``None`` when the question is not scored)."""
    nums = met.extract_numbers(e["context"])
    cands = met.drop_candidate_argument_sets(e["golds"][0], nums)
    if not cands:
        return None
    return len(set().union(*cands) & set(nums)) / len(set(nums))


def run_tatqa(pred: Predictor, limit: Optional[int], emit: Emit,
              examples: Optional[Iterable[dict]] = None) -> TaskResult:
    exs = _limited(tatqa_arithmetic_examples() if examples is None else examples, limit)
    recalls, n_spans, spans_with_arg, total_spans, skipped, shares, answer_hits = [], [], 0, 0, 0, [], []
    for chunk in _chunks(exs, 16):
        for e, (ws, lg) in zip(chunk, pred.predict_many([(e["question"], e["context"]) for e in chunk])):
            a = dec.decode_answer(e["context"], ws, lg, pred.featurizer.max_answer_tokens, allow_null=False)
            spans = dec.decode_explanations(e["context"], ws, lg, a, pred.settings)
            texts = [s.text for s in spans]
            deriv = met.extract_numbers(e["derivation"])
            ctx_nums = set(met.extract_numbers(e["context"]))
            r = met.argument_number_recall(deriv, ctx_nums, texts)
            targets = {n for n in deriv if n in ctx_nums}
            answer_hit = bool(targets & set(met.extract_numbers(a.text)))
            for t in texts:
                total_spans += 1
                if targets & set(met.extract_numbers(t)):
                    spans_with_arg += 1
            n_spans.append(len(spans))
            if r is None:
                skipped += 1
            else:
                recalls.append(r)
                shares.append(_marked_share(texts, ctx_nums))
                answer_hits.append(answer_hit)
            emit({"task": "tatqa", "id": e["id"], "derivation": e["derivation"], "answer": a.text,
                  "answer_holds_argument": answer_hit, "spans": texts, "argument_recall": r})
    m = {"argument_recall": 100.0 * float(np.mean(recalls)) if recalls else 0.0,
         "full_recall_rate": 100.0 * float(np.mean([r == 1.0 for r in recalls])) if recalls else 0.0,
         "span_precision": 100.0 * spans_with_arg / total_spans if total_spans else 0.0,
         "spans_per_question": float(np.mean(n_spans)) if n_spans else 0.0,
         "marked_number_share": 100.0 * float(np.mean(shares)) if shares else 0.0,
         "answer_span_argument_rate": 100.0 * float(np.mean(answer_hits)) if answer_hits else 0.0,
         "argument_chance_rate": 100.0 * float(np.mean([c for c in map(tatqa_chance_rate, exs) if c is not None] or [0.0])),
         "scored": len(recalls), "skipped_no_context_number": skipped}
    return TaskResult("tatqa", m, len(exs), 0)


def run_hotpotqa(pred: Predictor, limit: Optional[int], emit: Emit) -> TaskResult:
    exs = _limited(_read_jsonl_gz(_path("hotpotqa", "hotpotqa_dev_a.jsonl.gz")), limit)
    ems, f1s, hits, total, chance, sf_recall = [], [], 0, 0, [], []
    mat = pred.featurizer.max_answer_tokens
    for row in exs:
        context, regions = hotpot_context(row)
        ws, lg = pred.predict(row["question"], context)
        a = dec.decode_answer(context, ws, lg, mat, allow_null=False)
        spans = dec.decode_explanations(context, ws, lg, a, pred.settings)
        em = met.exact_match(a.text, row["answer"])
        f = met.f1(a.text, row["answer"])
        ems.append(em)
        f1s.append(f)
        h, t = met.supporting_fact_precision([(s.start, s.end) for s in spans], regions)
        hits += h
        total += t
        chance.append(sum(b - a_ for a_, b in regions) / max(1, len(context)))
        sf_recall.append(float(np.mean([any(met.overlap_chars((s.start, s.end), r) for s in spans)
                                        for r in regions])) if regions else 0.0)
        emit({"task": "hotpotqa", "id": row["_id"], "answer": a.text, "gold": row["answer"], "exact": em,
              "f1": round(f, 4), "spans": [s.text for s in spans], "spans_in_supporting_facts": h})
    m = {"exact_match": 100.0 * float(np.mean(ems)) if ems else 0.0,
         "f1": 100.0 * float(np.mean(f1s)) if f1s else 0.0,
         "explanation_sf_precision": 100.0 * hits / total if total else 0.0,
         "sf_char_fraction": 100.0 * float(np.mean(chance)) if chance else 0.0,
         "sf_sentence_recall": 100.0 * float(np.mean(sf_recall)) if sf_recall else 0.0,
         "spans_per_question": total / len(exs) if exs else 0.0}
    return TaskResult("hotpotqa", m, len(exs), 0)


def drop_heldout_examples() -> Iterator[dict]:
    from headstream_train.data import drop_doc_id, parse_drop

    for k, row in enumerate(_read_jsonl_gz(_path("drop", "drop_dev_a.jsonl.gz"))):
        passage, question, answers = parse_drop(row)
        if _heldout(drop_doc_id(passage)):
            yield {"id": f"drop#{k}", "question": question, "context": passage, "golds": answers}


def run_drop(pred: Predictor, limit: Optional[int], emit: Emit) -> TaskResult:
    exs = _limited(drop_heldout_examples(), limit)
    ems, f1s, recalls, numeric, no_cands, shares, answer_hits = [], [], [], 0, 0, [], []
    mat = pred.featurizer.max_answer_tokens
    for chunk in _chunks(exs, 16):
        for e, (ws, lg) in zip(chunk, pred.predict_many([(e["question"], e["context"]) for e in chunk])):
            a = dec.decode_answer(e["context"], ws, lg, mat, allow_null=False)
            spans = dec.decode_explanations(e["context"], ws, lg, a, pred.settings)
            em = met.max_over_golds(met.exact_match, a.text, e["golds"])
            f = met.max_over_golds(met.f1, a.text, e["golds"])
            ems.append(em)
            f1s.append(f)
            rec = {"task": "drop", "id": e["id"], "answer": a.text, "golds": e["golds"], "exact": em,
                   "f1": round(f, 4), "spans": [s.text for s in spans]}
            if _is_number_answer(e["golds"][0]):
                numeric += 1
                r = met.drop_number_recall(e["golds"][0], e["context"], [s.text for s in spans])
                rec["number_recall"] = r
                if r is None:
                    no_cands += 1
                else:
                    recalls.append(r)
                    cands = met.drop_candidate_argument_sets(e["golds"][0], met.extract_numbers(e["context"]))
                    ans_nums = set(met.extract_numbers(a.text))
                    rec["answer_holds_argument"] = any(c & ans_nums for c in cands)
                    answer_hits.append(rec["answer_holds_argument"])
                    shares.append(_marked_share([s.text for s in spans], set(met.extract_numbers(e["context"]))))
            emit(rec)
    m = {"exact_match": 100.0 * float(np.mean(ems)) if ems else 0.0,
         "f1": 100.0 * float(np.mean(f1s)) if f1s else 0.0,
         "number_questions": numeric, "number_questions_scored": len(recalls),
         "number_recall": 100.0 * float(np.mean(recalls)) if recalls else 0.0,
         "number_full_recall_rate": 100.0 * float(np.mean([r == 1.0 for r in recalls])) if recalls else 0.0,
         "marked_number_share": 100.0 * float(np.mean(shares)) if shares else 0.0,
         "answer_span_argument_rate": 100.0 * float(np.mean(answer_hits)) if answer_hits else 0.0,
         "argument_chance_rate": 100.0 * float(np.mean([c for c in (drop_chance_rate(e) for e in exs if _is_number_answer(e["golds"][0])) if c is not None] or [0.0]))}
    return TaskResult("drop", m, len(exs), 0)


def run_task(task: str, pred: Predictor, limit: Optional[int], emit: Emit, embedder=None) -> TaskResult:
    import time

    t0 = time.time()
    w0 = pred.windows_run
    if task == "squad":
        r = run_squad(pred, limit, emit)
    elif task == "squad2":
        r = run_squad(pred, limit, emit, version2=True)
    elif task == "qmsum":
        r = run_qmsum(pred, limit, emit, embedder)
    elif task == "squality":
        r = run_squality(pred, limit, emit, embedder)
    elif task == "tatqa":
        r = run_tatqa(pred, limit, emit)
    elif task == "hotpotqa":
        r = run_hotpotqa(pred, limit, emit)
    elif task == "drop":
        r = run_drop(pred, limit, emit)
    else:
        raise ValueError(f"unknown task {task!r}; expected one of {', '.join(TASKS)}")
    r.seconds = time.time() - t0
    r.windows = pred.windows_run - w0
    return r


# =========================================================================== markdown


def markdown_table(results: Sequence[TaskResult], limits: Dict[str, Optional[int]]) -> str:
    """The evaluation table for the model card."""
    by = {r.task: r for r in results}
    lines = ["| set (held-out) | examples | metric | value |", "|---|---:|---|---:|"]

    def row(task, label, key, fmt="{:.1f}"):
        if task in by and key in by[task].metrics:
            r = by[task]
            lines.append(f"| {task} | {r.examples} | {label} | {fmt.format(r.metrics[key])} |")

    row("squad", "EM", "exact_match")
    row("squad", "F1", "f1")
    for k, lab in [("exact", "EM"), ("f1", "F1"), ("HasAns_f1", "HasAns F1"), ("NoAns_f1", "NoAns F1 (= NoAns acc.)"),
                   ("no_answer_accuracy", "no-answer decision accuracy"), ("best_f1", "best F1 (oracle null threshold)")]:
        row("squad2", lab, k)
    for task in ("qmsum", "squality"):
        for system, lab in [("with_question", "summary head, with question"),
                            ("without_question", "summary head, empty question"),
                            ("lead", "lead baseline"), ("embedding", "MiniLM question-similarity baseline")]:
            if task in by and f"{system}.rouge1" in by[task].metrics:
                m = by[task].metrics
                lines.append(f"| {task} | {by[task].examples} | ROUGE-1/2/L: {lab} | "
                             f"{m[f'{system}.rouge1']:.1f} / {m[f'{system}.rouge2']:.1f} / {m[f'{system}.rougeL']:.1f} |")
    for system, lab in [("with_question", "with question"), ("without_question", "empty question"),
                        ("lead", "lead"), ("embedding", "MiniLM similarity"), ("context", "whole context (chance)")]:
        row("qmsum", f"% of selected chars in gold-relevant turns: {lab}", f"relevant_fraction.{system}")
    row("tatqa", "argument-number recall (arithmetic)", "argument_recall")
    row("tatqa", "all arguments marked (% of questions)", "full_recall_rate")
    row("tatqa", "spans holding a derivation number (%)", "span_precision")
    row("tatqa", "explanation spans per question", "spans_per_question", "{:.2f}")
    row("tatqa", "share of the context's numbers marked (%)", "marked_number_share")
    row("tatqa", "answer head's span holds a derivation number (%)", "answer_span_argument_rate")
    row("tatqa", "chance: share of context numbers that are arguments (%)", "argument_chance_rate")
    row("hotpotqa", "answer EM", "exact_match")
    row("hotpotqa", "answer F1", "f1")
    row("hotpotqa", "explanation spans in supporting facts (%)", "explanation_sf_precision")
    row("hotpotqa", "supporting-fact share of context chars (chance, %)", "sf_char_fraction")
    row("hotpotqa", "supporting-fact sentences touched (%)", "sf_sentence_recall")
    row("hotpotqa", "explanation spans per question", "spans_per_question", "{:.2f}")
    row("drop", "answer EM (all held-out q)", "exact_match")
    row("drop", "answer F1 (all held-out q)", "f1")
    row("drop", "argument-number recall (number q with located args)", "number_recall")
    row("drop", "all arguments marked (% of scored q)", "number_full_recall_rate")
    row("drop", "share of the passage's numbers marked (%)", "marked_number_share")
    row("drop", "answer head's span holds an argument number (%)", "answer_span_argument_rate")
    row("drop", "chance: share of passage numbers in a candidate set (%)", "argument_chance_rate")
    row("drop", "number q with located args (scored)", "number_questions_scored", "{:.0f}")
    return "\n".join(lines) + "\n"
