package io.headstream.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SQuAD v1.1 / v2.0 metrics with the official scripts' definitions, as mirrored by
 * {@code training/headstream_train/metrics.py}: answer normalisation (lowercase, ASCII punctuation
 * removed, articles {@code a/an/the} replaced, whitespace collapsed), exact match, token F1 with
 * clipped counts, the max over gold answers (no gold means the gold {@code ""}), and the v2.0
 * aggregates including the official best-threshold sweep.
 */
public final class SquadMetrics {

    private static final String ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);

    private SquadMetrics() {}

    /** The official normalisation. */
    public static String normalizeAnswer(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        StringBuilder noPunct = new StringBuilder(lower.length());
        lower.codePoints().filter(cp -> cp > 127 || ASCII_PUNCTUATION.indexOf(cp) < 0).forEach(noPunct::appendCodePoint);
        String noArticles = ARTICLES.matcher(noPunct).replaceAll(" ");
        return String.join(" ", PyStrings.split(noArticles));
    }

    static List<String> tokens(String s) {
        return s.isEmpty() ? List.of() : PyStrings.split(normalizeAnswer(s));
    }

    public static double exactMatch(String prediction, String gold) {
        return normalizeAnswer(prediction).equals(normalizeAnswer(gold)) ? 1.0 : 0.0;
    }

    /** Token F1 as in SQuAD v2.0 (as v1.1, except that empty against empty scores 1). */
    public static double f1(String prediction, String gold) {
        List<String> pred = tokens(prediction);
        List<String> ref = tokens(gold);
        if (pred.isEmpty() || ref.isEmpty()) {
            return pred.equals(ref) ? 1.0 : 0.0;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String t : ref) {
            counts.merge(t, 1, Integer::sum);
        }
        int same = 0;
        for (String t : pred) {
            Integer c = counts.get(t);
            if (c != null && c > 0) {
                same++;
                counts.put(t, c - 1);
            }
        }
        if (same == 0) {
            return 0.0;
        }
        double precision = (double) same / pred.size();
        double recall = (double) same / ref.size();
        return 2 * precision * recall / (precision + recall);
    }

    /** A metric's maximum over the golds; no golds means "no answer", i.e. the gold {@code ""}. */
    public static double maxOverGolds(java.util.function.ToDoubleBiFunction<String, String> metric, String prediction,
            List<String> golds) {
        List<String> gs = golds.isEmpty() ? List.of("") : golds;
        double best = Double.NEGATIVE_INFINITY;
        for (String g : gs) {
            best = Math.max(best, metric.applyAsDouble(prediction, g));
        }
        return best;
    }

    /** SQuAD v1.1 aggregate over the questions in {@code golds}: exact_match, f1 (percent), total. */
    public static Map<String, Object> squadScores(Map<String, String> predictions, Map<String, List<String>> golds) {
        double em = 0;
        double f = 0;
        for (Map.Entry<String, List<String>> e : golds.entrySet()) {
            String p = predictions.get(e.getKey());
            if (p == null) {
                continue;
            }
            em += maxOverGolds(SquadMetrics::exactMatch, p, e.getValue());
            f += maxOverGolds(SquadMetrics::f1, p, e.getValue());
        }
        int n = golds.size();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("exact_match", n > 0 ? 100.0 * em / n : 0.0);
        out.put("f1", n > 0 ? 100.0 * f / n : 0.0);
        out.put("total", n);
        return out;
    }

    /** {@link #squad2Scores(Map, Map, Map, Map)} with the predictions as the sweep's spans. */
    public static Map<String, Object> squad2Scores(Map<String, String> predictions, Map<String, List<String>> golds,
            Map<String, Double> nullMargins) {
        return squad2Scores(predictions, golds, nullMargins, null);
    }

    /**
     * SQuAD v2.0 aggregate (official semantics) plus no-answer accuracy; with {@code nullMargins}
     * (null score minus best span score per question) also the official oracle {@code best_*},
     * swept over {@code spanPredictions} (the best non-null span of every question, so that an
     * abstention can be switched on; null: the predictions themselves, as the official script).
     */
    public static Map<String, Object> squad2Scores(Map<String, String> predictions, Map<String, List<String>> golds,
            Map<String, Double> nullMargins, Map<String, String> spanPredictions) {
        Map<String, Double> exact = new LinkedHashMap<>();
        Map<String, Double> f1 = new LinkedHashMap<>();
        List<String> has = new ArrayList<>();
        List<String> no = new ArrayList<>();
        int correctDecision = 0;
        for (Map.Entry<String, List<String>> e : golds.entrySet()) {
            String p = predictions.getOrDefault(e.getKey(), "");
            exact.put(e.getKey(), maxOverGolds(SquadMetrics::exactMatch, p, e.getValue()));
            f1.put(e.getKey(), maxOverGolds(SquadMetrics::f1, p, e.getValue()));
            (e.getValue().isEmpty() ? no : has).add(e.getKey());
            if (p.isEmpty() == e.getValue().isEmpty()) {
                correctDecision++;
            }
        }
        int n = golds.size();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("exact", avg(exact, golds.keySet()));
        out.put("f1", avg(f1, golds.keySet()));
        out.put("total", n);
        out.put("HasAns_total", has.size());
        out.put("HasAns_exact", avg(exact, has));
        out.put("HasAns_f1", avg(f1, has));
        out.put("NoAns_total", no.size());
        out.put("NoAns_exact", avg(exact, no));
        out.put("NoAns_f1", avg(f1, no));
        out.put("no_answer_accuracy", n > 0 ? 100.0 * correctDecision / n : 0.0);
        if (nullMargins != null) {
            Map<String, String> sp = spanPredictions != null ? spanPredictions : predictions;
            Map<String, Double> exactSp = new LinkedHashMap<>();
            Map<String, Double> f1Sp = new LinkedHashMap<>();
            golds.forEach((q, g) -> {
                exactSp.put(q, maxOverGolds(SquadMetrics::exactMatch, sp.getOrDefault(q, ""), g));
                f1Sp.put(q, maxOverGolds(SquadMetrics::f1, sp.getOrDefault(q, ""), g));
            });
            double[] be = bestThreshold(sp, exactSp, nullMargins, golds);
            double[] bf = bestThreshold(sp, f1Sp, nullMargins, golds);
            out.put("best_exact", be[0]);
            out.put("best_exact_thresh", be[1]);
            out.put("best_f1", bf[0]);
            out.put("best_f1_thresh", bf[1]);
        }
        return out;
    }

    private static double avg(Map<String, Double> values, Iterable<String> ids) {
        double sum = 0;
        int n = 0;
        for (String id : ids) {
            sum += values.get(id);
            n++;
        }
        return n > 0 ? 100.0 * sum / n : 0.0;
    }

    /** The official {@code find_best_thresh}: sweep the no-answer threshold over the observed margins. */
    static double[] bestThreshold(Map<String, String> predictions, Map<String, Double> scores,
            Map<String, Double> nullMargins, Map<String, List<String>> golds) {
        long noAnswers = golds.values().stream().filter(List::isEmpty).count();
        double current = noAnswers;
        double best = noAnswers;
        double bestThreshold = 0.0;
        // Python's sorted() is stable: equal margins keep the dict's insertion order.
        List<String> order = new ArrayList<>(nullMargins.keySet());
        order.sort((a, b) -> Double.compare(nullMargins.get(a), nullMargins.get(b)));
        for (String qid : order) {
            if (!scores.containsKey(qid)) {
                continue;
            }
            double diff;
            if (!golds.get(qid).isEmpty()) {
                diff = scores.get(qid);
            } else if (!predictions.getOrDefault(qid, "").isEmpty()) {
                diff = -1;
            } else {
                diff = 0;
            }
            current += diff;
            if (current > best) {
                best = current;
                bestThreshold = nullMargins.get(qid);
            }
        }
        return new double[] {100.0 * best / scores.size(), bestThreshold};
    }
}
