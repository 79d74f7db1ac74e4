package io.headstream.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers in text and the argument-number metrics of TAT-QA and DROP, as
 * {@code training/headstream_train/metrics.py} defines them: a number is
 * {@code \d+(?:,\d{3})*(?:\.\d+)?}, normalised without sign, {@code $}, {@code %}, commas or
 * accounting parentheses, with leading integer zeros and trailing decimal zeros stripped.
 */
public final class Numbers {

    private static final Pattern NUMBER = Pattern.compile("\\d+(?:,\\d{3})*(?:\\.\\d+)?");
    private static final Pattern PLAIN = Pattern.compile("\\d*\\.?\\d+|\\d+\\.");

    private Numbers() {}

    /** Canonical form of a written number, or null if it is not one. */
    public static String normalize(String raw) {
        String s = raw.strip().replace("$", "").replace("%", "").replace(",", "").replace(" ", "");
        s = stripChars(s, "()");
        int k = 0;
        while (k < s.length() && (s.charAt(k) == '-' || s.charAt(k) == '+')) {
            k++;
        }
        s = s.substring(k);
        if (s.isEmpty() || !PLAIN.matcher(s).matches()) {
            return null;
        }
        String intPart;
        String frac;
        int dot = s.indexOf('.');
        if (dot >= 0) {
            intPart = s.substring(0, dot);
            frac = s.substring(dot + 1).replaceAll("0+$", "");
        } else {
            intPart = s;
            frac = "";
        }
        intPart = intPart.replaceAll("^0+", "");
        if (intPart.isEmpty()) {
            intPart = "0";
        }
        return frac.isEmpty() ? intPart : intPart + "." + frac;
    }

    private static String stripChars(String s, String chars) {
        int a = 0;
        int b = s.length();
        while (a < b && chars.indexOf(s.charAt(a)) >= 0) {
            a++;
        }
        while (b > a && chars.indexOf(s.charAt(b - 1)) >= 0) {
            b--;
        }
        return s.substring(a, b);
    }

    /** Every number in {@code text}, normalised, in order. */
    public static List<String> extract(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            String v = normalize(m.group());
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    static Set<String> marked(Collection<String> spanTexts) {
        Set<String> marked = new HashSet<>();
        for (String t : spanTexts) {
            marked.addAll(extract(t));
        }
        return marked;
    }

    /**
     * TAT-QA argument recall: of the distinct derivation numbers that occur in the context, the
     * fraction found among the explanation spans' numbers; null when no such number exists.
     */
    public static Double argumentRecall(Collection<String> derivationNumbers, Set<String> contextNumbers,
            Collection<String> spanTexts) {
        Set<String> targets = new HashSet<>();
        for (String n : derivationNumbers) {
            if (contextNumbers.contains(n)) {
                targets.add(n);
            }
        }
        if (targets.isEmpty()) {
            return null;
        }
        Set<String> found = marked(spanTexts);
        long hit = targets.stream().filter(found::contains).count();
        return (double) hit / targets.size();
    }

    /**
     * Chance reference for "the answer span holds an argument": the share of the context's
     * distinct numbers that are derivation arguments (one number picked at random hits an
     * argument this often); null when no derivation number occurs in the context.
     */
    public static Double argumentChance(Collection<String> derivationNumbers, Set<String> contextNumbers) {
        long targets = new HashSet<>(derivationNumbers).stream().filter(contextNumbers::contains).count();
        return targets == 0 ? null : (double) targets / contextNumbers.size();
    }

    /**
     * As {@link #argumentChance} for DROP: the share of the passage's distinct numbers that belong
     * to some candidate argument set; null when the answer has no candidate set.
     */
    public static Double dropArgumentChance(String answer, String passage) {
        List<String> numbers = extract(passage);
        Set<String> inSomeSet = new HashSet<>();
        dropCandidates(answer, numbers).forEach(inSomeSet::addAll);
        if (inSomeSet.isEmpty()) {
            return null;
        }
        Set<String> distinct = new HashSet<>(numbers);
        inSomeSet.retainAll(distinct);
        return (double) inSomeSet.size() / distinct.size();
    }

    /** DROP candidate argument sets of a numeric answer (see EVALUATION.md, "Numbers"). */
    static List<Set<String>> dropCandidates(String answer, List<String> passageNumbers) {
        String ans = normalize(answer);
        if (ans == null) {
            return List.of();
        }
        double av = Double.parseDouble(ans);
        TreeSet<String> uniqSet = new TreeSet<>(Comparator.comparingDouble(Double::parseDouble)
                .thenComparing(Comparator.naturalOrder()));
        uniqSet.addAll(passageNumbers);
        List<String> uniq = new ArrayList<>(uniqSet);
        List<Set<String>> cands = new ArrayList<>();
        if (uniqSet.contains(ans)) {
            cands.add(Set.of(ans));
        }
        for (int i = 0; i < uniq.size(); i++) {
            for (int j = i + 1; j < uniq.size(); j++) {
                double a = Double.parseDouble(uniq.get(i));
                double b = Double.parseDouble(uniq.get(j));
                if (isClose(a + b, av) || isClose(Math.abs(a - b), av)) {
                    cands.add(Set.of(uniq.get(i), uniq.get(j)));
                }
            }
        }
        return cands;
    }

    /** Python's {@code math.isclose(x, y, abs_tol=1e-6)} (its default rel_tol is 1e-9). */
    static boolean isClose(double x, double y) {
        return Math.abs(x - y) <= Math.max(1e-9 * Math.max(Math.abs(x), Math.abs(y)), 1e-6);
    }

    /** DROP number recall: max over candidate sets of the share found in the spans; null if none. */
    public static Double dropNumberRecall(String answer, String passage, Collection<String> spanTexts) {
        List<Set<String>> cands = dropCandidates(answer, extract(passage));
        if (cands.isEmpty()) {
            return null;
        }
        Set<String> found = marked(spanTexts);
        double best = 0;
        for (Set<String> c : cands) {
            best = Math.max(best, (double) c.stream().filter(found::contains).count() / c.size());
        }
        return best;
    }

    /** Share of the context's distinct numbers that lie inside explanation spans. */
    public static double markedShare(Collection<String> spanTexts, Set<String> contextNumbers) {
        if (contextNumbers.isEmpty()) {
            return 0.0;
        }
        Set<String> found = marked(spanTexts);
        return (double) contextNumbers.stream().filter(found::contains).count() / contextNumbers.size();
    }
}
