package io.headstream.eval;

import io.headstream.inference.ModelInput;
import io.headstream.inference.ScoredText;
import io.headstream.inference.SentenceSplitter;
import io.headstream.inference.SummaryBudget;
import io.headstream.inference.SummaryResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * QMSum and SQuALITY ({@code run_qmsum}, {@code run_squality}, {@code _summary_systems} in
 * {@code evaluate.py}): the summary head with the question, the same head with an EMPTY question
 * (the gap is the emergent query focus) and the lead baseline, each under the task's budget, scored
 * with ROUGE-1/2/L against the references; for QMSum also the share of selected characters that
 * lie in the query's relevant turns. The MiniLM-similarity baseline needs the original pretrained
 * encoder, which a bundle does not carry: only the Python evaluation reports it.
 */
final class SummaryScoring {

    static final String[] SYSTEMS = {"with_question", "without_question", "lead"};

    private final TaskRunner runner;
    private final Task task;
    private final Consumer<Map<String, Object>> emit;

    SummaryScoring(TaskRunner runner, Task task, Consumer<Map<String, Object>> emit) {
        this.runner = runner;
        this.task = task;
        this.emit = emit;
    }

    /** The ROUGE budget of a task: about the mean reference length of its set. */
    static SummaryBudget budget(Task task) {
        return new SummaryBudget(0, task == Task.QMSUM ? 400 : 1200);
    }

    Map<String, Object> run(List<EvalExample> examples) {
        SummaryBudget budget = budget(task);
        Map<String, List<Double>> sums = new LinkedHashMap<>();
        for (String system : SYSTEMS) {
            for (String k : new String[] {"rouge1", "rouge2", "rougeL"}) {
                sums.put(system + "." + k, new ArrayList<>());
            }
        }
        Map<String, List<Double>> relevant = new LinkedHashMap<>();
        for (String system : SYSTEMS) {
            relevant.put("relevant_fraction." + system, new ArrayList<>());
        }
        relevant.put("relevant_fraction.context", new ArrayList<>());
        // The empty-question summary depends on the context only: examples on a context seen
        // recently (SQuALITY's questions on one story, QMSum queries with the same relevant turns)
        // reuse it, like the Python predictor's 64-entry cache.
        Map<String, SummaryResult> noQuestion = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SummaryResult> eldest) {
                return size() > 64;
            }
        };
        java.util.Set<String> scheduled = new java.util.HashSet<>();
        runner.forEachBatch(examples, 2, e -> {
            if (noQuestion.containsKey(e.context()) || !scheduled.add(e.context())) {
                return List.of(new ModelInput(e.question(), e.context()));
            }
            return List.of(new ModelInput(e.question(), e.context()), new ModelInput("", e.context()));
        }, (chunk, outs) -> {
            for (int i = 0; i < chunk.size(); i++) {
                EvalExample e = chunk.get(i);
                if (outs.get(i).size() == 2) {
                    noQuestion.put(e.context(), outs.get(i).get(1).summary());
                    scheduled.remove(e.context());
                }
                Map<String, SummaryResult> systems = new LinkedHashMap<>();
                systems.put("with_question", outs.get(i).get(0).summary());
                systems.put("without_question", noQuestion.get(e.context()));
                systems.put("lead", lead(e.context(), budget));
                Map<String, Object> rouge = new LinkedHashMap<>();
                for (Map.Entry<String, SummaryResult> s : systems.entrySet()) {
                    Rouge.Scores r = Rouge.scores(s.getValue().text(), e.golds());
                    sums.get(s.getKey() + ".rouge1").add(r.rouge1());
                    sums.get(s.getKey() + ".rouge2").add(r.rouge2());
                    sums.get(s.getKey() + ".rougeL").add(r.rougeL());
                    rouge.put(s.getKey(), Records.rouge(r));
                    if (task == Task.QMSUM) {
                        relevant.get("relevant_fraction." + s.getKey()).add(100.0 * relevantFraction(s.getValue(), e.regions()));
                    }
                }
                if (task == Task.QMSUM) {
                    int rel = e.regions().stream().mapToInt(r -> r[1] - r[0]).sum();
                    relevant.get("relevant_fraction.context").add(100.0 * rel / Math.max(1, e.context().length()));
                }
                Map<String, Object> rec = Records.map("task", task.cliName(), "id", e.id(),
                        "summary", systems.get("with_question").text());
                if (task == Task.QMSUM) {
                    rec.put("summary_without_question", systems.get("without_question").text());
                }
                rec.put("rouge", rouge);
                emit.accept(rec);
            }
        });
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (!examples.isEmpty()) {
            sums.forEach((k, v) -> metrics.put(k, 100.0 * Records.mean(v)));
        }
        relevant.forEach((k, v) -> {
            if (!v.isEmpty()) {
                metrics.put(k, Records.mean(v));
            }
        });
        return metrics;
    }

    /** The lead baseline: the first sentences, in order, under the same budget. */
    static SummaryResult lead(String context, SummaryBudget budget) {
        List<int[]> sentences = SentenceSplitter.split(context);
        double[] scores = new double[sentences.size()];
        for (int k = 0; k < scores.length; k++) {
            scores[k] = -k;
        }
        List<ScoredText> chosen = new ArrayList<>();
        for (int k : budget.select(context, sentences, scores)) {
            int[] s = sentences.get(k);
            chosen.add(new ScoredText(context.substring(s[0], s[1]), s[0], s[1], scores[k], "sentence", false));
        }
        return new SummaryResult("lead", chosen, String.join(" ", Records.texts(chosen)));
    }

    private static double relevantFraction(SummaryResult summary, List<int[]> regions) {
        int chars = 0;
        int inside = 0;
        for (ScoredText s : summary.sentences()) {
            chars += s.end() - s.start();
            for (int[] r : regions) {
                inside += Records.overlap(new int[] {s.start(), s.end()}, r);
            }
        }
        return chars == 0 ? 0.0 : (double) inside / chars;
    }
}
