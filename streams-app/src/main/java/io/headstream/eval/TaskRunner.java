package io.headstream.eval;

import io.headstream.inference.AnswerResult;
import io.headstream.inference.FillerText;
import io.headstream.inference.HeadPredictor;
import io.headstream.inference.ModelInput;
import io.headstream.inference.ModelOutput;
import io.headstream.inference.ScoredText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs one task's examples through a predictor in batches and scores them as
 * {@code training/headstream_train/evaluate.py} does ({@code run_<task>}), emitting one record per
 * example and returning the aggregate metrics. Summary tasks live in {@link SummaryScoring}.
 * Character offsets in records are Python (code point) indices, so records compare directly.
 */
final class TaskRunner {

    private final HeadPredictor predictor;
    private final int batchSize;
    private final Consumer<Map<String, Object>> emit;
    private final Progress progress;
    private final double nullThreshold;
    private int windows;
    private int capped;
    private int spans;
    private int fillerSpans;
    private int units;
    private int fillerUnits;

    /** {@code nullThreshold}: the bundle's answer-head null threshold, for SQuAD 2.0's null decision. */
    TaskRunner(HeadPredictor predictor, int batchSize, Consumer<Map<String, Object>> emit, Progress progress,
            double nullThreshold) {
        this.predictor = predictor;
        this.nullThreshold = nullThreshold;
        this.batchSize = batchSize;
        this.emit = emit;
        this.progress = progress;
    }

    int windows() {
        return windows;
    }

    int capped() {
        return capped;
    }

    /** Predicts {@code inputs} in batches of {@code batchSize}; outputs in input order. */
    List<ModelOutput> predict(List<ModelInput> inputs) {
        List<ModelOutput> out = predictor.predict(inputs);
        for (ModelOutput o : out) {
            windows += o.windows();
            capped += o.windowsCapped() ? 1 : 0;
            for (ScoredText span : o.explanation().spans()) {
                spans++;
                fillerSpans += FillerText.isFillerSpan(span.text()) ? 1 : 0;
            }
            for (ScoredText unit : o.summary().sentences()) {
                units++;
                fillerUnits += FillerText.isFillerUnit(unit.text()) ? 1 : 0;
            }
        }
        return out;
    }

    /**
     * The task's metrics, plus the filler shares over every output the runtime produced for it
     * ({@link FillerText}; EVALUATION.md "Filler"): {@code filler_span_share}, the percentage of
     * explanation spans that are only punctuation and function words, and
     * {@code filler_unit_share}, the percentage of selected summary units with fewer than four
     * content words.
     */
    Map<String, Object> run(Task task, List<EvalExample> examples) {
        spans = fillerSpans = units = fillerUnits = 0;
        Map<String, Object> metrics = new LinkedHashMap<>(runTask(task, examples));
        metrics.put("filler_span_share", spans > 0 ? 100.0 * fillerSpans / spans : 0.0);
        metrics.put("filler_unit_share", units > 0 ? 100.0 * fillerUnits / units : 0.0);
        return metrics;
    }

    private Map<String, Object> runTask(Task task, List<EvalExample> examples) {
        progress.start(task.cliName(), examples.size());
        Map<String, Object> metrics = switch (task) {
            case SQUAD, SQUAD2, SQUAD_LONG -> squad(task, examples);
            case QMSUM, SQUALITY -> new SummaryScoring(this, task, emit).run(examples);
            case TATQA -> tatqa(examples);
            case HOTPOTQA -> hotpotqa(examples);
            case DROP -> drop(examples);
        };
        progress.finish();
        return metrics;
    }

    /** Example batches with their outputs (one input per example), the progress bar moved after each. */
    void forEachBatch(List<EvalExample> examples, int inputsPerExample,
            java.util.function.BiConsumer<List<EvalExample>, List<ModelOutput>> body) {
        forEachBatch(examples, inputsPerExample, e -> List.of(new ModelInput(e.question(), e.context())),
                (chunk, outs) -> body.accept(chunk, outs.stream().map(o -> o.get(0)).toList()));
    }

    /**
     * Example batches where each example asks for the inputs {@code inputs} gives (up to
     * {@code maxInputsPerExample}); the body gets each example's outputs in the same order.
     */
    void forEachBatch(List<EvalExample> examples, int maxInputsPerExample,
            java.util.function.Function<EvalExample, List<ModelInput>> inputs,
            java.util.function.BiConsumer<List<EvalExample>, List<List<ModelOutput>>> body) {
        int perBatch = Math.max(1, batchSize / maxInputsPerExample);
        for (int from = 0; from < examples.size(); from += perBatch) {
            List<EvalExample> chunk = examples.subList(from, Math.min(examples.size(), from + perBatch));
            List<ModelInput> flat = new ArrayList<>();
            int[] counts = new int[chunk.size()];
            for (int i = 0; i < chunk.size(); i++) {
                List<ModelInput> own = inputs.apply(chunk.get(i));
                counts[i] = own.size();
                flat.addAll(own);
            }
            List<ModelOutput> outs = predict(flat);
            List<List<ModelOutput>> grouped = new ArrayList<>();
            int k = 0;
            for (int c : counts) {
                grouped.add(outs.subList(k, k + c));
                k += c;
            }
            body.accept(chunk, grouped);
            progress.advance(chunk.size());
        }
    }

    private Map<String, Object> squad(Task task, List<EvalExample> examples) {
        Map<String, String> preds = new LinkedHashMap<>();
        Map<String, String> spanPreds = new LinkedHashMap<>();
        Map<String, List<String>> golds = new LinkedHashMap<>();
        Map<String, Double> margins = new LinkedHashMap<>();
        boolean v2 = task == Task.SQUAD2;
        forEachBatch(examples, 1, (chunk, outs) -> {
            for (int i = 0; i < chunk.size(); i++) {
                EvalExample e = chunk.get(i);
                // The runtime ran with null answers off, so this is the best span; SQuAD 2.0's null
                // decision is the runtime's rule (EVALUATION.md section 2) applied to its scores.
                AnswerResult best = outs.get(i).answer();
                boolean isNull = v2 && (best.noAnswer() || best.nullScore() - best.spanScore() > nullThreshold);
                String text = isNull ? "" : best.text();
                int start = isNull ? -1 : best.start();
                int end = isNull ? -1 : best.end();
                preds.put(e.id(), text);
                spanPreds.put(e.id(), best.text());
                golds.put(e.id(), e.golds());
                Map<String, Object> rec = Records.map("task", task.cliName(), "id", e.id(), "answer", text,
                        "start", Records.pyIndex(e.context(), start), "end", Records.pyIndex(e.context(), end),
                        "span_score", Records.round4(best.spanScore()),
                        "exact", SquadMetrics.maxOverGolds(SquadMetrics::exactMatch, text, e.golds()),
                        "f1", Records.round4(SquadMetrics.maxOverGolds(SquadMetrics::f1, text, e.golds())));
                if (v2) {
                    margins.put(e.id(), best.nullMargin());
                    rec.put("null_score", Records.round4(best.nullScore()));
                    rec.put("is_null", isNull);
                }
                emit.accept(rec);
            }
        });
        return v2 ? SquadMetrics.squad2Scores(preds, golds, margins, spanPreds) : SquadMetrics.squadScores(preds, golds);
    }

    private Map<String, Object> tatqa(List<EvalExample> examples) {
        List<Double> recalls = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        List<Double> spanCounts = new ArrayList<>();
        int[] spansWithArg = {0};
        int[] totalSpans = {0};
        int[] skipped = {0};
        List<Double> answerHits = new ArrayList<>();
        List<Double> chance = new ArrayList<>();
        forEachBatch(examples, 1, (chunk, outs) -> {
            for (int i = 0; i < chunk.size(); i++) {
                EvalExample e = chunk.get(i);
                String answer = outs.get(i).answer().text();
                List<String> texts = Records.texts(outs.get(i).explanation().spans());
                String derivation = e.golds().get(0);
                List<String> deriv = Numbers.extract(derivation);
                Set<String> ctxNums = new HashSet<>(Numbers.extract(e.context()));
                Double r = Numbers.argumentRecall(deriv, ctxNums, texts);
                Double c = Numbers.argumentChance(deriv, ctxNums);
                if (c != null) {
                    chance.add(c);
                }
                Set<String> targets = new HashSet<>(deriv);
                targets.retainAll(ctxNums);
                boolean answerHit = Numbers.extract(answer).stream().anyMatch(targets::contains);
                for (String t : texts) {
                    totalSpans[0]++;
                    if (Numbers.extract(t).stream().anyMatch(targets::contains)) {
                        spansWithArg[0]++;
                    }
                }
                spanCounts.add((double) texts.size());
                if (r == null) {
                    skipped[0]++;
                } else {
                    recalls.add(r);
                    shares.add(Numbers.markedShare(texts, ctxNums));
                    answerHits.add(answerHit ? 1.0 : 0.0);
                }
                emit.accept(Records.map("task", "tatqa", "id", e.id(), "derivation", derivation, "answer", answer,
                        "answer_holds_argument", answerHit, "spans", texts, "argument_recall", r));
            }
        });
        return Records.map(
                "argument_recall", 100.0 * Records.mean(recalls),
                "full_recall_rate", 100.0 * Records.mean(recalls.stream().map(r -> r == 1.0 ? 1.0 : 0.0).toList()),
                "span_precision", totalSpans[0] > 0 ? 100.0 * spansWithArg[0] / totalSpans[0] : 0.0,
                "spans_per_question", Records.mean(spanCounts),
                "marked_number_share", 100.0 * Records.mean(shares),
                "answer_span_argument_rate", 100.0 * Records.mean(answerHits),
                "argument_chance_rate", 100.0 * Records.mean(chance),
                "scored", recalls.size(), "skipped_no_context_number", skipped[0]);
    }

    private Map<String, Object> hotpotqa(List<EvalExample> examples) {
        List<Double> ems = new ArrayList<>();
        List<Double> f1s = new ArrayList<>();
        List<Double> chance = new ArrayList<>();
        List<Double> sfRecall = new ArrayList<>();
        int[] hits = {0};
        int[] total = {0};
        forEachBatch(examples, 1, (chunk, outs) -> {
            for (int i = 0; i < chunk.size(); i++) {
                EvalExample e = chunk.get(i);
                ModelOutput o = outs.get(i);
                String gold = e.golds().get(0);
                double em = SquadMetrics.exactMatch(o.answer().text(), gold);
                double f = SquadMetrics.f1(o.answer().text(), gold);
                ems.add(em);
                f1s.add(f);
                List<ScoredText> spans = o.explanation().spans();
                int h = 0;
                for (ScoredText s : spans) {
                    if (Records.fractionInside(new int[] {s.start(), s.end()}, e.regions()) >= 0.5) {
                        h++;
                    }
                }
                hits[0] += h;
                total[0] += spans.size();
                int sfChars = e.regions().stream().mapToInt(r -> r[1] - r[0]).sum();
                chance.add((double) sfChars / Math.max(1, e.context().length()));
                if (!e.regions().isEmpty()) {
                    double touched = e.regions().stream().filter(r -> spans.stream()
                            .anyMatch(s -> Records.overlap(new int[] {s.start(), s.end()}, r) > 0)).count();
                    sfRecall.add(touched / e.regions().size());
                } else {
                    sfRecall.add(0.0);
                }
                emit.accept(Records.map("task", "hotpotqa", "id", e.id(), "answer", o.answer().text(), "gold", gold,
                        "exact", em, "f1", Records.round4(f), "spans", Records.texts(spans),
                        "spans_in_supporting_facts", h));
            }
        });
        return Records.map(
                "exact_match", 100.0 * Records.mean(ems), "f1", 100.0 * Records.mean(f1s),
                "explanation_sf_precision", total[0] > 0 ? 100.0 * hits[0] / total[0] : 0.0,
                "sf_char_fraction", 100.0 * Records.mean(chance),
                "sf_sentence_recall", 100.0 * Records.mean(sfRecall),
                "spans_per_question", examples.isEmpty() ? 0.0 : (double) total[0] / examples.size());
    }

    private Map<String, Object> drop(List<EvalExample> examples) {
        List<Double> ems = new ArrayList<>();
        List<Double> f1s = new ArrayList<>();
        List<Double> recalls = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        List<Double> answerHits = new ArrayList<>();
        List<Double> chance = new ArrayList<>();
        int[] numeric = {0};
        forEachBatch(examples, 1, (chunk, outs) -> {
            for (int i = 0; i < chunk.size(); i++) {
                EvalExample e = chunk.get(i);
                ModelOutput o = outs.get(i);
                String answer = o.answer().text();
                double em = SquadMetrics.maxOverGolds(SquadMetrics::exactMatch, answer, e.golds());
                double f = SquadMetrics.maxOverGolds(SquadMetrics::f1, answer, e.golds());
                ems.add(em);
                f1s.add(f);
                List<String> texts = Records.texts(o.explanation().spans());
                Map<String, Object> rec = Records.map("task", "drop", "id", e.id(), "answer", answer,
                        "golds", e.golds(), "exact", em, "f1", Records.round4(f), "spans", texts);
                if (isNumberAnswer(e.golds().get(0))) {
                    numeric[0]++;
                    Double r = Numbers.dropNumberRecall(e.golds().get(0), e.context(), texts);
                    rec.put("number_recall", r);
                    Double chanceRate = Numbers.dropArgumentChance(e.golds().get(0), e.context());
                    if (chanceRate != null) {
                        chance.add(chanceRate);
                    }
                    if (r != null) {
                        recalls.add(r);
                        Set<String> answerNumbers = new HashSet<>(Numbers.extract(answer));
                        boolean hit = Numbers.dropCandidates(e.golds().get(0), Numbers.extract(e.context())).stream()
                                .anyMatch(c -> c.stream().anyMatch(answerNumbers::contains));
                        rec.put("answer_holds_argument", hit);
                        answerHits.add(hit ? 1.0 : 0.0);
                        shares.add(Numbers.markedShare(texts, new HashSet<>(Numbers.extract(e.context()))));
                    }
                }
                emit.accept(rec);
            }
        });
        return Records.map(
                "exact_match", 100.0 * Records.mean(ems), "f1", 100.0 * Records.mean(f1s),
                "number_questions", numeric[0], "number_questions_scored", recalls.size(),
                "number_recall", 100.0 * Records.mean(recalls),
                "number_full_recall_rate", 100.0 * Records.mean(recalls.stream().map(r -> r == 1.0 ? 1.0 : 0.0).toList()),
                "marked_number_share", 100.0 * Records.mean(shares),
                "answer_span_argument_rate", 100.0 * Records.mean(answerHits),
                "argument_chance_rate", 100.0 * Records.mean(chance));
    }

    static boolean isNumberAnswer(String s) {
        return HeldOut.pyStrip(s).matches("-?\\$?\\s*\\d[\\d,]*(\\.\\d+)?%?");
    }
}
