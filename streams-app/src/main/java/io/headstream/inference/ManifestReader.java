package io.headstream.inference;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;

/** Typed, strict field access on a parsed manifest; every failure names the manifest file. */
final class ManifestReader {

    private final Path file;
    private final JsonNode root;

    ManifestReader(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
        if (root == null || !root.isObject()) {
            throw fail("must be a JSON object");
        }
    }

    InferenceException fail(String problem) {
        return new InferenceException(file + ": " + problem);
    }

    String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw fail("\"" + key + "\" must be a non-empty string" + where(node) + ", is " + v);
        }
        return v.asText();
    }

    int integer(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw fail("\"" + key + "\" must be an integer" + where(node) + ", is " + v);
        }
        return v.asInt();
    }

    /** A file named by {@code key}, inside {@code dir}, that exists. */
    Path file(Path dir, String key) {
        String name = text(root, key);
        Path p = dir.resolve(name).normalize();
        if (!p.startsWith(dir.normalize())) {
            throw fail("\"" + key + "\" points outside the bundle: " + name);
        }
        if (!Files.isRegularFile(p)) {
            throw fail("\"" + key + "\" names " + name + " but " + p + " does not exist");
        }
        return p;
    }

    private String where(JsonNode node) {
        if (node == root) {
            return "";
        }
        JsonNode name = node.get("name");
        return name != null ? " (in \"" + name.asText() + "\")" : "";
    }
}
