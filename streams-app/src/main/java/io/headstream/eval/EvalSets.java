package io.headstream.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads the evaluation sets (EVALUATION.md section 7) into {@link EvalExample}s, in file order
 * after the task's filters, at most {@code limit} of them: the same examples, ids and contexts as
 * {@code training/headstream_train/evaluate.py}.
 */
final class EvalSets {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EvalSets() {}

    /** The file a task reads by default, relative to the data folder. */
    static String defaultFile(Task task) {
        return switch (task) {
            case SQUAD -> "squad/squad11_dev_a.json.gz";
            case SQUAD2 -> "squad/squad20_dev_a.json.gz";
            case SQUAD_LONG -> "squad/squad11_dev_a.json.gz";
            case QMSUM -> "qmsum/qmsum_val.jsonl.gz";
            case SQUALITY -> "squality/squality_v1.3_dev.jsonl.gz";
            case TATQA -> "tatqa/tatqa_dataset_dev.json.gz";
            case HOTPOTQA -> "hotpotqa/hotpotqa_dev_a.jsonl.gz";
            case DROP -> "drop/drop_dev_a.jsonl.gz";
        };
    }

    static List<EvalExample> read(Task task, Path file, int limit) throws IOException {
        List<EvalExample> out = new ArrayList<>();
        Sink sink = new Sink(out, limit <= 0 ? Integer.MAX_VALUE : limit);
        switch (task) {
            case SQUAD -> squad(file, sink, false);
            case SQUAD2 -> squad(file, sink, true);
            case SQUAD_LONG -> squadLong(file, sink);
            case QMSUM -> qmsum(file, sink);
            case SQUALITY -> squality(file, sink);
            case TATQA -> tatqa(file, sink);
            case HOTPOTQA -> hotpotqa(file, sink);
            case DROP -> drop(file, sink);
        }
        return out;
    }

    /** Collects examples until the limit, then says "stop". */
    private record Sink(List<EvalExample> out, int limit) {
        boolean add(EvalExample e) {
            if (out.size() < limit) {
                out.add(e);
            }
            return out.size() < limit;
        }
    }

    /** Paragraphs of the same article joined with the answer paragraph, at most. */
    static final int LONG_CONTEXT_PARAGRAPHS = 4;

    /**
     * Long multi-paragraph contexts from SQuAD v1.1 (the {@code squad_long} task): each question's
     * paragraph joined ({@code "\n\n"}) with up to three other paragraphs of its article that do
     * not contain any gold answer, the answer paragraph at a random position. The choice is seeded
     * by the question id ({@code String.hashCode}), so every run and machine builds the same
     * contexts. Questions whose article has no other usable paragraph are skipped.
     */
    private static void squadLong(Path file, Sink sink) throws IOException {
        for (JsonNode article : readJson(file).path("data")) {
            List<String> paragraphs = new ArrayList<>();
            article.path("paragraphs").forEach(p -> paragraphs.add(p.path("context").asText()));
            for (JsonNode para : article.path("paragraphs")) {
                String own = para.path("context").asText();
                for (JsonNode qa : para.path("qas")) {
                    List<String> golds = new ArrayList<>();
                    qa.path("answers").forEach(a -> golds.add(a.path("text").asText()));
                    String id = qa.path("id").asText();
                    String context = longContext(id, own, paragraphs, golds);
                    if (context != null && !sink.add(new EvalExample(id, qa.path("question").asText(), context, golds,
                            List.of()))) {
                        return;
                    }
                }
            }
        }
    }

    /** The joined context for one question, or null when no other paragraph can join it. */
    static String longContext(String id, String own, List<String> paragraphs, List<String> golds) {
        List<String> others = new ArrayList<>();
        for (String p : paragraphs) {
            String lower = p.toLowerCase(java.util.Locale.ROOT);
            if (!p.equals(own) && golds.stream().noneMatch(g -> lower.contains(g.toLowerCase(java.util.Locale.ROOT)))) {
                others.add(p);
            }
        }
        if (others.isEmpty()) {
            return null;
        }
        java.util.Random rng = new java.util.Random(id.hashCode());
        java.util.Collections.shuffle(others, rng);
        List<String> parts = new ArrayList<>(others.subList(0, Math.min(LONG_CONTEXT_PARAGRAPHS - 1, others.size())));
        parts.add(rng.nextInt(parts.size() + 1), own);
        return String.join("\n\n", parts);
    }

    /** SQuAD questions in file order; for SQuAD 2.0 only the held-out articles (by title). */
    private static void squad(Path file, Sink sink, boolean heldOutArticlesOnly) throws IOException {
        for (JsonNode article : readJson(file).path("data")) {
            if (heldOutArticlesOnly && HeldOut.isTrainDoc(HeldOut.squad2DocId(article.path("title").asText()))) {
                continue; // the other half calibrates the null threshold (training/calibrate.py)
            }
            for (JsonNode para : article.path("paragraphs")) {
                for (JsonNode qa : para.path("qas")) {
                    List<String> golds = new ArrayList<>();
                    qa.path("answers").forEach(a -> golds.add(a.path("text").asText()));
                    if (!sink.add(new EvalExample(qa.path("id").asText(), qa.path("question").asText(),
                            para.path("context").asText(), golds, List.of()))) {
                        return;
                    }
                }
            }
        }
    }

    private static void qmsum(Path file, Sink sink) throws IOException {
        for (JsonNode row : readJsonLines(file)) {
            int k = 0;
            for (JsonNode q : row.path("specific_query_list")) {
                List<int[]> spans = new ArrayList<>();
                for (JsonNode s : q.path("relevant_text_span")) {
                    spans.add(new int[] {Integer.parseInt(s.get(0).asText()), Integer.parseInt(s.get(1).asText())});
                }
                QmsumContext.Built built = QmsumContext.build(row.path("meeting_transcripts"), spans);
                String id = row.path("meeting_id").asText() + "#" + k++;
                if (!sink.add(new EvalExample(id, q.path("query").asText(), built.context(),
                        List.of(q.path("answer").asText()), built.relevant()))) {
                    return;
                }
            }
        }
    }

    private static void squality(Path file, Sink sink) throws IOException {
        for (JsonNode row : readJsonLines(file)) {
            for (JsonNode q : row.path("questions")) {
                List<String> refs = new ArrayList<>();
                q.path("responses").forEach(r -> refs.add(r.path("response_text").asText()));
                String id = row.path("metadata").path("passage_id").asText() + "#" + q.path("question_number").asText();
                if (!sink.add(new EvalExample(id, q.path("question_text").asText(), row.path("document").asText(),
                        refs, List.of()))) {
                    return;
                }
            }
        }
    }

    private static void tatqa(Path file, Sink sink) throws IOException {
        for (JsonNode doc : readJson(file)) {
            if (HeldOut.isTrainDoc(HeldOut.tatqaDocId(doc))) {
                continue;
            }
            String context = HeldOut.tatqaContext(doc);
            for (JsonNode q : doc.path("questions")) {
                String derivation = q.path("derivation").asText("");
                if ("arithmetic".equals(q.path("answer_type").asText()) && !derivation.isEmpty()) {
                    if (!sink.add(new EvalExample(q.path("uid").asText(), q.path("question").asText(), context,
                            List.of(derivation), List.of()))) {
                        return;
                    }
                }
            }
        }
    }

    private static void hotpotqa(Path file, Sink sink) throws IOException {
        for (JsonNode row : readJsonLines(file)) {
            Set<String> facts = new HashSet<>();
            row.path("supporting_facts").forEach(f -> facts.add(f.get(0).asText() + "\u0000" + f.get(1).asInt()));
            StringBuilder context = new StringBuilder();
            List<int[]> regions = new ArrayList<>();
            for (JsonNode para : row.path("context")) {
                if (context.length() > 0) {
                    context.append("\n\n");
                }
                String title = para.get(0).asText();
                context.append(title).append('\n');
                int k = 0;
                for (JsonNode sentence : para.get(1)) {
                    String s = sentence.asText();
                    if (facts.contains(title + "\u0000" + k)) {
                        // the sentence without its leading/trailing whitespace
                        int lead = s.length() - s.stripLeading().length();
                        regions.add(new int[] {context.length() + lead, context.length() + s.stripTrailing().length()});
                    }
                    context.append(s);
                    k++;
                }
            }
            if (!sink.add(new EvalExample(row.path("_id").asText(), row.path("question").asText(), context.toString(),
                    List.of(row.path("answer").asText()), regions))) {
                return;
            }
        }
    }

    private static void drop(Path file, Sink sink) throws IOException {
        int k = 0;
        for (JsonNode row : readJsonLines(file)) {
            String[] pq = HeldOut.parseDrop(row.path("context").asText());
            int line = k++;
            if (HeldOut.isTrainDoc(HeldOut.dropDocId(pq[0]))) {
                continue;
            }
            List<String> golds = List.of(row.path("ref_text").asText().split("\\|", -1));
            if (!sink.add(new EvalExample("drop#" + line, pq[1], pq[0], golds, List.of()))) {
                return;
            }
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static JsonNode readJson(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return JSON.readTree(in);
        }
    }

    private static List<JsonNode> readJsonLines(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
            int lineNo = 0;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    rows.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new IOException(file + ":" + lineNo + ": not a JSON object: " + e.getMessage(), e);
                }
            }
        }
        return rows;
    }
}
