package io.headstream.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The context of one QMSum specific query ({@code qmsum_context} in
 * {@code training/headstream_train/evaluate.py}): the relevant turns in transcript order while they
 * total at most 500 words (at least one), then their neighbours at growing distance while the total
 * stays within 1,000 words; turns rendered {@code "<speaker>: <content>"} without
 * {@code {disfmarker}}-style markers, joined by newlines.
 */
final class QmsumContext {

    static final int RELEVANT_WORDS = 500;
    static final int CONTEXT_WORDS = 1000;
    private static final Pattern BRACE_MARKER = Pattern.compile("\\{\\w+\\}", Pattern.UNICODE_CHARACTER_CLASS);

    /** The context and the character ranges of its relevant turns. */
    record Built(String context, List<int[]> relevant) {}

    private QmsumContext() {}

    static String cleanTurn(String content) {
        return String.join(" ", PyStrings.split(BRACE_MARKER.matcher(content).replaceAll(" ")));
    }

    static Built build(JsonNode turns, List<int[]> relevantSpans) {
        int n = turns.size();
        String[] texts = new String[n];
        int[] words = new int[n];
        for (int i = 0; i < n; i++) {
            texts[i] = cleanTurn(turns.get(i).path("content").asText());
            words[i] = PyStrings.split(texts[i]).size();
        }
        TreeSet<Integer> rel = new TreeSet<>();
        for (int[] span : relevantSpans) {
            for (int i = span[0]; i <= span[1]; i++) {
                if (i >= 0 && i < n && !texts[i].isEmpty()) {
                    rel.add(i);
                }
            }
        }
        List<Integer> chosen = new ArrayList<>();
        int total = 0;
        for (int i : rel) {
            if (!chosen.isEmpty() && total + words[i] > RELEVANT_WORDS) {
                break;
            }
            chosen.add(i);
            total += words[i];
        }
        List<Integer> core = List.copyOf(chosen);
        TreeSet<Integer> chosenSet = new TreeSet<>(chosen);
        for (int dist = 1; dist < n; dist++) {
            if (total >= CONTEXT_WORDS) {
                break;
            }
            TreeSet<Integer> ring = new TreeSet<>();
            for (int i : core) {
                for (int j : new int[] {i - dist, i + dist}) {
                    if (j >= 0 && j < n && !chosenSet.contains(j)) {
                        ring.add(j);
                    }
                }
            }
            for (int j : ring) {
                if (!texts[j].isEmpty() && total + words[j] <= CONTEXT_WORDS) {
                    chosenSet.add(j);
                    total += words[j];
                }
            }
        }
        StringBuilder context = new StringBuilder();
        List<int[]> regions = new ArrayList<>();
        for (int i : chosenSet) {
            if (context.length() > 0) {
                context.append('\n');
            }
            String line = turns.get(i).path("speaker").asText() + ": " + texts[i];
            if (rel.contains(i)) {
                regions.add(new int[] {context.length(), context.length() + line.length()});
            }
            context.append(line);
        }
        return new Built(context.toString(), regions);
    }
}
