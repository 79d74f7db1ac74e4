package io.headstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headstream.inference.ModelInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Realistic benchmark inputs from SQuAD v1.1 dev: SQuAD-length events (one question of each
 * paragraph, paragraphs taken across articles in file order) and, every {@code longEvery}-th
 * event, a long context (consecutive paragraphs of one article joined until {@code longChars}
 * characters) with a question about one of them. Deterministic.
 */
final class BenchInputs {
    private BenchInputs() {}

    static List<ModelInput> load(Path squadGz, int count, int longEvery, int longChars) {
        JsonNode root;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(squadGz))) {
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + squadGz, e);
        }
        List<ModelInput> shortOnes = new ArrayList<>();
        List<ModelInput> longOnes = new ArrayList<>();
        for (JsonNode article : root.path("data")) {
            JsonNode paragraphs = article.path("paragraphs");
            for (JsonNode p : paragraphs) {
                JsonNode qas = p.path("qas");
                if (qas.size() > 0) {
                    shortOnes.add(new ModelInput(qas.get(0).path("question").asText(), p.path("context").asText()));
                }
            }
            StringBuilder joined = new StringBuilder();
            String question = null;
            for (JsonNode p : paragraphs) {
                if (joined.length() >= longChars) {
                    break;
                }
                if (joined.length() > 0) {
                    joined.append("\n\n");
                }
                joined.append(p.path("context").asText());
                if (question == null && joined.length() > longChars / 2 && p.path("qas").size() > 1) {
                    question = p.path("qas").get(1).path("question").asText();
                }
            }
            if (joined.length() >= longChars && question != null) {
                longOnes.add(new ModelInput(question, joined.substring(0, Math.min(joined.length(), longChars * 2))));
            }
        }
        List<ModelInput> out = new ArrayList<>(count);
        int s = 0;
        int l = 0;
        for (int i = 0; i < count; i++) {
            boolean wantLong = longEvery > 0 && i % longEvery == longEvery - 1 && !longOnes.isEmpty();
            // Spread the picks over the file so that the events are from many articles.
            out.add(wantLong ? longOnes.get((l++ * 7) % longOnes.size())
                    : shortOnes.get((s++ * 13) % shortOnes.size()));
        }
        return out;
    }
}
