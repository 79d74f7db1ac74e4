package io.headstream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading and validating bundles: each broken bundle fails with one message naming file and problem. */
class ModelBundleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A copy of the fixture whose manifest {@code edit} changed. */
    private Path brokenCopy(Consumer<ObjectNode> edit) throws IOException {
        return TestBundles.fixtureCopy(tmp.resolve("bundle"), edit);
    }

    private static ObjectNode head(ObjectNode manifest, int i) {
        return (ObjectNode) ((ArrayNode) manifest.get("heads")).get(i);
    }

    @Test
    void theFixtureLoadsWithItsIdentityHeadsAndWindowSizes() {
        ModelBundle bundle = ModelBundle.load(TestBundles.fixture());
        assertThat(bundle.identity().name()).isEqualTo("headstream-fixture");
        assertThat(bundle.identity().sha256()).isEqualTo(ModelBundle.sha256(bundle.modelFile())).hasSize(64);
        assertThat(bundle.heads().keySet()).containsExactly("answer", "summary", "explanation");
        assertThat(bundle.defaultTargetHead()).isEqualTo("answer");
        assertThat(bundle.windows().maxSeqLen()).isPositive();
    }

    @Test
    void aMissingFolderOrManifestIsNamed() {
        assertThatThrownBy(() -> ModelBundle.load(tmp.resolve("nope")))
                .isInstanceOf(InferenceException.class).hasMessageContaining("nope").hasMessageContaining("not a directory");
        assertThatThrownBy(() -> ModelBundle.load(tmp))
                .hasMessageContaining("manifest.json").hasMessageContaining("missing");
    }

    @Test
    void invalidJsonIsNamed() throws IOException {
        Path dir = brokenCopy(m -> { });
        Files.writeString(dir.resolve("manifest.json"), "{\"format\": 1,", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("manifest.json: not valid JSON");
    }

    @Test
    void anotherFormatIsRefused() throws IOException {
        Path dir = brokenCopy(m -> m.put("format", 2));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessageContaining("manifest.json").hasMessageContaining("format is 2, this runtime reads format 1");
    }

    @Test
    void aShaMismatchIsRefused() throws IOException {
        Path dir = brokenCopy(m -> m.put("model_sha256", "00".repeat(32)));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessageContaining("model_sha256 is " + "00".repeat(32)).hasMessageContaining("model.onnx hashes to");
    }

    @Test
    void aMissingModelFileIsNamed() throws IOException {
        Path dir = brokenCopy(m -> m.put("model_file", "other.onnx"));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("\"model_file\" names other.onnx");
    }

    @Test
    void anUnknownHeadKindIsRefused() throws IOException {
        Path dir = brokenCopy(m -> head(m, 1).put("kind", "generative"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessageContaining("head \"summary\" has unknown kind \"generative\"");
    }

    @Test
    void aTaskTargetingAnUnknownHeadIsRefused() throws IOException {
        Path dir = brokenCopy(m -> ((ObjectNode) m.get("tasks").get("summarization")).put("target", "summarizer"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessageContaining("task \"summarization\" targets head \"summarizer\" which is not declared");
    }

    @Test
    void aHeadLackingARoleIsRefused() throws IOException {
        Path dir = brokenCopy(m -> ((ObjectNode) head(m, 0).get("outputs")).remove("null_logit"));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("declares no \"null_logit\" output");
    }

    @Test
    void aDeclaredOutputMissingFromTheGraphIsRefusedAtModelLoad() throws IOException {
        Path dir = brokenCopy(m -> ((ObjectNode) head(m, 1).get("outputs")).put("token_logits", "salience_logits"));
        assertThatThrownBy(() -> OnnxMultiHeadModel.load(dir, RuntimeOptions.defaults()))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("manifest.json: head \"summary\" declares output token_logits=\"salience_logits\"")
                .hasMessageContaining("model.onnx has no such output")
                .hasMessageContaining("summary_token_logits");
    }

    @Test
    void aGraphOnnxRuntimeCannotReadIsNamed() throws IOException {
        Path dir = brokenCopy(m -> { });
        Files.write(dir.resolve("model.onnx"), "not a protobuf".getBytes(StandardCharsets.UTF_8));
        ObjectNode manifest = (ObjectNode) JSON.readTree(dir.resolve("manifest.json").toFile());
        manifest.put("model_sha256", ModelBundle.sha256(dir.resolve("model.onnx")));
        JSON.writeValue(dir.resolve("manifest.json").toFile(), manifest);
        assertThatThrownBy(() -> OnnxMultiHeadModel.load(dir, RuntimeOptions.defaults()))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("model.onnx: ONNX Runtime cannot load the graph");
    }

    @Test
    void withoutDecodeObjectsTheDefaultsApply() {
        assertThat(ModelBundle.load(TestBundles.fixture()).decode()).isEqualTo(DecodeSettings.DEFAULTS);
    }

    @Test
    void decodeSettingsAreReadFromTheirHeads() throws IOException {
        Path dir = brokenCopy(m -> {
            head(m, 0).putObject("decode").put("null_threshold", -1.25);
            head(m, 2).putObject("decode").put("span_threshold", 0.2).put("whole_words", true);
        });
        DecodeSettings d = ModelBundle.load(dir).decode();
        assertThat(d.spanThreshold()).hasValue(0.2);
        assertThat(d.wholeWords()).isTrue();
        assertThat(d.nullThreshold()).isEqualTo(-1.25);
    }

    @Test
    void aSpanThresholdOutsideZeroToOneIsRefusedNamingTheKey() throws IOException {
        for (double bad : new double[] {0.0, -0.1, 1.5}) {
            Path dir = brokenCopy(m -> head(m, 2).putObject("decode").put("span_threshold", bad));
            assertThatThrownBy(() -> ModelBundle.load(dir)).isInstanceOf(InferenceException.class)
                    .hasMessageContaining("manifest.json")
                    .hasMessageContaining("\"decode.span_threshold\" must be in (0, 1] (in \"explanation\"), is " + bad);
            deleteCopy(dir);
        }
    }

    @Test
    void nonNumericOrNonBooleanDecodeValuesAreRefused() throws IOException {
        Path text = brokenCopy(m -> head(m, 2).putObject("decode").put("span_threshold", "0.2"));
        assertThatThrownBy(() -> ModelBundle.load(text))
                .hasMessageContaining("\"decode.span_threshold\" must be a finite number (in \"explanation\"), is \"0.2\"");
        deleteCopy(text);
        Path flag = brokenCopy(m -> head(m, 2).putObject("decode").put("whole_words", 1));
        assertThatThrownBy(() -> ModelBundle.load(flag))
                .hasMessageContaining("\"decode.whole_words\" must be true or false (in \"explanation\"), is 1");
        deleteCopy(flag);
        Path nul = brokenCopy(m -> head(m, 0).putObject("decode").put("null_threshold", "high"));
        assertThatThrownBy(() -> ModelBundle.load(nul))
                .hasMessageContaining("\"decode.null_threshold\" must be a finite number (in \"answer\")");
        deleteCopy(nul);
        Path notObject = brokenCopy(m -> head(m, 0).put("decode", 3));
        assertThatThrownBy(() -> ModelBundle.load(notObject))
                .hasMessageContaining("\"decode\" must be an object (in \"answer\"), is 3");
    }

    private static void deleteCopy(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Test
    void theModelDecodesWithTheManifestThresholds() throws IOException {
        String context = "Revenue was 1,452.40 dollars in 2019 and 1,300.5 in 2018.";
        ModelInput input = new ModelInput("What was the revenue?", context);
        Path dir = brokenCopy(m -> {
            head(m, 0).putObject("decode").put("null_threshold", -1.0e6);
            head(m, 2).putObject("decode").put("span_threshold", 1.0e-9).put("whole_words", true);
        });
        try (OnnxMultiHeadModel model = OnnxMultiHeadModel.load(dir, RuntimeOptions.defaults());
                HeadPredictor p = model.newPredictor()) {
            ModelOutput out = p.predict(List.of(input)).get(0);
            // every margin exceeds -1e6: always "no answer"
            assertThat(out.answer().noAnswer()).isTrue();
            // every context token is inside a span, whole numbers kept
            String marked = String.join("|", out.explanation().spans().stream().map(ScoredText::text).toList());
            assertThat(out.explanation().spans()).isNotEmpty();
            assertThat(marked).contains("1,452.40").contains("1,300.5");
            int covered = out.explanation().spans().stream().mapToInt(s -> s.end() - s.start()).sum();
            assertThat(covered).isGreaterThanOrEqualTo(context.replace(" ", "").length());
        }
    }

    @Test
    void inconsistentWindowSizesAreRefused() throws IOException {
        Path dir = brokenCopy(m -> m.put("doc_stride", 0));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("doc_stride 0 must be between 1");
    }

    @Test
    void gpuWithoutCudaFailsWithAClearMessage() {
        // The default (cpu) build carries the CPU-only ONNX Runtime jar, which has no CUDA provider;
        // on a -Pgpu build with a GPU this loads instead, so only check the failure message shape.
        try (OnnxMultiHeadModel m = OnnxMultiHeadModel.load(TestBundles.fixture(), RuntimeOptions.defaults().withDevice("gpu"))) {
            assertThat(m.options().gpu()).isTrue();
        } catch (InferenceException e) {
            assertThat(e).hasMessageContaining("device=gpu but ONNX Runtime's CUDA execution provider is not available");
        }
    }
}
