package io.headstream.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;

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

    /**
     * The number {@code key} of a head's optional {@code decode} object; empty when the object or
     * the key is absent. Fails, naming the head and {@code decode.<key>}, when it is not a finite
     * number.
     */
    OptionalDouble decodeNumber(JsonNode head, String key) {
        JsonNode v = decodeObject(head).get(key);
        if (v == null) {
            return OptionalDouble.empty();
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw fail("\"decode." + key + "\" must be a finite number" + where(head) + ", is " + v);
        }
        return OptionalDouble.of(v.asDouble());
    }

    /** The boolean {@code key} of a head's optional {@code decode} object, empty when absent. */
    Optional<Boolean> decodeFlag(JsonNode head, String key) {
        JsonNode v = decodeObject(head).get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw fail("\"decode." + key + "\" must be true or false" + where(head) + ", is " + v);
        }
        return Optional.of(v.asBoolean());
    }

    private JsonNode decodeObject(JsonNode head) {
        JsonNode d = head.get("decode");
        if (d == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!d.isObject()) {
            throw fail("\"decode\" must be an object" + where(head) + ", is " + d);
        }
        return d;
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
