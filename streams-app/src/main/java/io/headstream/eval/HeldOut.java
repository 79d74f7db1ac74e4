package io.headstream.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The train/evaluation split of DROP and TAT-QA documents and SQuAD 2.0 dev articles (whose
 * "train" half calibrates the null threshold) and how contexts are built, as
 * {@code training/headstream_train/data.py} defines them ({@code is_train_doc}, {@code drop_doc_id},
 * {@code tatqa_doc_id}, {@code squad2_doc_id}, {@code tatqa_context}, {@code parse_drop}).
 */
final class HeldOut {

    private static final Pattern DROP_LINE = Pattern.compile("^Passage: (.*)\nQuestion: (.*)\nAnswer:$", Pattern.DOTALL);

    private HeldOut() {}

    /** True when the document was trained on: the first 8 hex digits of sha256(id) are even. */
    static boolean isTrainDoc(String docId) {
        String hex = hex("SHA-256", docId);
        return Long.parseLong(hex.substring(0, 8), 16) % 2 == 0;
    }

    static String dropDocId(String passage) {
        return "drop:" + hex("SHA-1", passage);
    }

    static String squad2DocId(String title) {
        return "squad2:" + title;
    }

    static String tatqaDocId(JsonNode doc) {
        return "tatqa:" + doc.path("table").path("uid").asText();
    }

    /** Table rows (non-empty cells joined by " | ") then the paragraphs by their order, one per line. */
    static String tatqaContext(JsonNode doc) {
        List<String> lines = new ArrayList<>();
        for (JsonNode row : doc.path("table").path("table")) {
            List<String> cells = new ArrayList<>();
            for (JsonNode c : row) {
                String s = pyStrip(c.asText());
                if (!s.isEmpty()) {
                    cells.add(s);
                }
            }
            String line = String.join(" | ", cells);
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        List<JsonNode> paras = new ArrayList<>();
        doc.path("paragraphs").forEach(paras::add);
        paras.sort((a, b) -> Integer.compare(a.path("order").asInt(), b.path("order").asInt()));
        for (JsonNode p : paras) {
            lines.add(p.path("text").asText());
        }
        return String.join("\n", lines);
    }

    /** {passage, question} of a simple-evals DROP line. */
    static String[] parseDrop(String context) {
        Matcher m = DROP_LINE.matcher(context);
        if (!m.matches()) {
            throw new IllegalArgumentException("DROP line does not match the simple-evals pattern: "
                    + context.substring(0, Math.min(80, context.length())));
        }
        return new String[] {m.group(1), m.group(2)};
    }

    /** Python's {@code str.strip()}. */
    static String pyStrip(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && PyStrings.isSpace(s.codePointAt(a))) {
            a += Character.charCount(s.codePointAt(a));
        }
        while (b > a && PyStrings.isSpace(s.codePointBefore(b))) {
            b -= Character.charCount(s.codePointBefore(b));
        }
        return s.substring(a, b);
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks " + algorithm, e);
        }
    }
}
