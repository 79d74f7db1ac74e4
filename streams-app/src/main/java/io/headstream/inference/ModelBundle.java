package io.headstream.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A validated model bundle folder ({@code models/<name>/}, contract in {@code models/README.md}):
 * the parsed {@code manifest.json}, the paths of the graph and the tokenizer, and the model's
 * identity. {@link #load(Path)} checks everything that can be checked without starting ONNX
 * Runtime (format, sha256 of the graph, head kinds, task targets, window sizes) and fails with one
 * {@link InferenceException} naming the file and the problem; {@link #checkGraphOutputs} completes
 * the contract once the graph's output names are known.
 */
public final class ModelBundle {

    /** The head kinds this runtime can decode. */
    public static final Set<String> KNOWN_KINDS = Set.of(HeadSpec.SPAN, HeadSpec.SALIENCE, HeadSpec.TAGGING);

    private final Path dir;
    private final Path modelFile;
    private final Path tokenizerFile;
    private final ModelIdentity identity;
    private final WindowSpec windows;
    private final Map<String, HeadSpec> heads;
    private final String defaultTargetHead;
    private final DecodeSettings decode;

    private ModelBundle(Path dir, Path modelFile, Path tokenizerFile, ModelIdentity identity,
            WindowSpec windows, Map<String, HeadSpec> heads, String defaultTargetHead, DecodeSettings decode) {
        this.dir = dir;
        this.modelFile = modelFile;
        this.tokenizerFile = tokenizerFile;
        this.identity = identity;
        this.windows = windows;
        this.heads = heads;
        this.defaultTargetHead = defaultTargetHead;
        this.decode = decode;
    }

    /**
     * Reads and validates the bundle in {@code dir}.
     *
     * @throws InferenceException naming the file and what is wrong with it
     */
    public static ModelBundle load(Path dir) {
        Path manifestFile = dir.resolve("manifest.json");
        if (!Files.isDirectory(dir)) {
            throw new InferenceException("model bundle " + dir + " is not a directory");
        }
        JsonNode m;
        try {
            m = new ObjectMapper().readTree(manifestFile.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new InferenceException(manifestFile + ": missing (every bundle needs a manifest.json)");
        } catch (IOException e) {
            throw new InferenceException(manifestFile + ": not valid JSON: " + e.getMessage(), e);
        }
        ManifestReader r = new ManifestReader(manifestFile, m);
        int format = r.integer(m, "format");
        if (format != 1) {
            throw r.fail("format is " + format + ", this runtime reads format 1");
        }
        String name = r.text(m, "name");
        String version = r.text(m, "version");
        Path modelFile = r.file(dir, "model_file");
        Path tokenizerFile = r.file(dir, "tokenizer_file");
        String declaredSha = r.text(m, "model_sha256").toLowerCase(java.util.Locale.ROOT);
        String actualSha = sha256(modelFile);
        if (!actualSha.equals(declaredSha)) {
            throw new InferenceException(manifestFile + ": model_sha256 is " + declaredSha + " but "
                    + modelFile.getFileName() + " hashes to " + actualSha
                    + " (the graph was changed or replaced after the manifest was written)");
        }
        WindowSpec windows = new WindowSpec(r.integer(m, "max_seq_len"), r.integer(m, "doc_stride"),
                r.integer(m, "max_question_tokens"), r.integer(m, "max_answer_tokens"));
        String windowProblem = windows.problem();
        if (windowProblem != null) {
            throw r.fail(windowProblem);
        }
        Map<String, HeadSpec> heads = readHeads(r, m);
        String defaultTarget = readTasks(r, m, heads);
        return new ModelBundle(dir, modelFile, tokenizerFile, new ModelIdentity(name, version, actualSha),
                windows, heads, defaultTarget, readDecode(r, m));
    }

    /**
     * The optional {@code decode} objects: {@code span_threshold} (in (0, 1]), {@code whole_words}
     * and {@code drop_filler_spans} of the span_tagging head, {@code null_threshold} of the span
     * head, {@code skip_filler_units} of the sentence_salience head.
     */
    private static DecodeSettings readDecode(ManifestReader r, JsonNode m) {
        DecodeSettings d = DecodeSettings.DEFAULTS;
        for (JsonNode h : m.get("heads")) {
            String kind = h.path("kind").asText();
            if (HeadSpec.TAGGING.equals(kind)) {
                OptionalDouble t = r.decodeNumber(h, "span_threshold");
                if (t.isPresent() && !(t.getAsDouble() > 0 && t.getAsDouble() <= 1)) {
                    throw r.fail("\"decode.span_threshold\" must be in (0, 1] (in \"" + h.path("name").asText()
                            + "\"), is " + t.getAsDouble());
                }
                boolean words = r.decodeFlag(h, "whole_words").orElse(false);
                boolean filler = r.decodeFlag(h, "drop_filler_spans").orElse(false);
                d = new DecodeSettings(t.isPresent() ? t : d.spanThreshold(), words, d.nullThreshold(), filler,
                        d.skipFillerUnits());
            } else if (HeadSpec.SPAN.equals(kind)) {
                double nt = r.decodeNumber(h, "null_threshold").orElse(d.nullThreshold());
                d = new DecodeSettings(d.spanThreshold(), d.wholeWords(), nt, d.dropFillerSpans(), d.skipFillerUnits());
            } else if (HeadSpec.SALIENCE.equals(kind)) {
                boolean skip = r.decodeFlag(h, "skip_filler_units").orElse(false);
                d = new DecodeSettings(d.spanThreshold(), d.wholeWords(), d.nullThreshold(), d.dropFillerSpans(), skip);
            }
        }
        return d;
    }

    private static Map<String, HeadSpec> readHeads(ManifestReader r, JsonNode m) {
        JsonNode list = m.get("heads");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw r.fail("\"heads\" must be a non-empty array");
        }
        Map<String, HeadSpec> heads = new LinkedHashMap<>();
        for (JsonNode h : list) {
            String headName = r.text(h, "name");
            String kind = r.text(h, "kind");
            if (!KNOWN_KINDS.contains(kind)) {
                throw r.fail("head \"" + headName + "\" has unknown kind \"" + kind + "\" (known: "
                        + String.join(", ", KNOWN_KINDS.stream().sorted().toList()) + ")");
            }
            JsonNode outs = h.get("outputs");
            if (outs == null || !outs.isObject()) {
                throw r.fail("head \"" + headName + "\" has no \"outputs\" object");
            }
            Map<String, String> outputs = new LinkedHashMap<>();
            outs.fields().forEachRemaining(e -> outputs.put(e.getKey(), e.getValue().asText()));
            List<String> labels = new ArrayList<>();
            JsonNode labelNode = h.get("labels");
            if (labelNode != null) {
                labelNode.forEach(l -> labels.add(l.asText()));
            }
            HeadSpec spec = new HeadSpec(headName, kind, outputs, labels);
            String problem = spec.problem();
            if (problem != null) {
                throw r.fail(problem);
            }
            if (heads.put(headName, spec) != null) {
                throw r.fail("head name \"" + headName + "\" appears twice");
            }
        }
        for (String kind : KNOWN_KINDS) {
            if (heads.values().stream().noneMatch(h -> h.kind().equals(kind))) {
                throw r.fail("no head of kind \"" + kind + "\" (this runtime decodes one of each)");
            }
        }
        return heads;
    }

    private static String readTasks(ManifestReader r, JsonNode m, Map<String, HeadSpec> heads) {
        JsonNode tasks = m.get("tasks");
        if (tasks == null || !tasks.isObject() || tasks.isEmpty()) {
            throw r.fail("\"tasks\" must be a non-empty object");
        }
        Map<String, String> targets = new LinkedHashMap<>();
        tasks.fields().forEachRemaining(e -> {
            String target = r.text(e.getValue(), "target");
            if (!heads.containsKey(target)) {
                throw r.fail("task \"" + e.getKey() + "\" targets head \"" + target
                        + "\" which is not declared (heads: " + String.join(", ", heads.keySet()) + ")");
            }
            targets.put(e.getKey(), target);
        });
        String defaultTask = r.text(m, "default_task");
        String target = targets.get(defaultTask);
        if (target == null) {
            throw r.fail("default_task \"" + defaultTask + "\" is not one of the tasks " + targets.keySet());
        }
        return target;
    }

    /**
     * Checks that every output a head declares exists among the graph's outputs.
     *
     * @throws InferenceException naming the manifest, the head and the missing output
     */
    public void checkGraphOutputs(Collection<String> graphOutputs) {
        for (HeadSpec head : heads.values()) {
            for (Map.Entry<String, String> out : head.outputs().entrySet()) {
                if (!graphOutputs.contains(out.getValue())) {
                    throw new InferenceException(dir.resolve("manifest.json") + ": head \"" + head.name()
                            + "\" declares output " + out.getKey() + "=\"" + out.getValue() + "\" but "
                            + modelFile.getFileName() + " has no such output (graph outputs: "
                            + String.join(", ", graphOutputs) + ")");
                }
            }
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new InferenceException(file + ": cannot be read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path modelFile() {
        return modelFile;
    }

    public Path tokenizerFile() {
        return tokenizerFile;
    }

    public ModelIdentity identity() {
        return identity;
    }

    public WindowSpec windows() {
        return windows;
    }

    /** Heads by name, in manifest order. */
    public Map<String, HeadSpec> heads() {
        return heads;
    }

    /** The (single) head of the given kind. */
    public HeadSpec head(String kind) {
        return heads.values().stream().filter(h -> h.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalStateException("validated bundle lacks kind " + kind));
    }

    public String defaultTargetHead() {
        return defaultTargetHead;
    }

    /** The manifest's decoding parameters (defaults where it declares none). */
    public DecodeSettings decode() {
        return decode;
    }
}
