package io.headstream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java runtime against the Python reference with NON-default decode settings (span threshold,
 * whole words, null threshold) on the fixture model: {@code parity/decode_agreement.json}, written
 * by {@code training/make_parity_data.py --decode}, holds the Python answers and explanation spans
 * (code point offsets); the fixture is loaded here with the same settings in its manifest.
 */
class PythonDecodeAgreementTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path fixtureWith(JsonNode decode) throws IOException {
        return TestBundles.fixtureCopy(tmp.resolve("bundle"), manifest -> {
            for (JsonNode h : (ArrayNode) manifest.get("heads")) {
                ObjectNode head = (ObjectNode) h;
                if (head.path("kind").asText().equals(HeadSpec.SPAN)) {
                    head.putObject("decode").put("null_threshold", decode.path("null_threshold").asDouble());
                } else if (head.path("kind").asText().equals(HeadSpec.TAGGING)) {
                    head.putObject("decode").put("span_threshold", decode.path("span_threshold").asDouble())
                            .put("whole_words", decode.path("whole_words").asBoolean());
                }
            }
        });
    }

    @Test
    void calibratedDecodingMatchesThePythonReference() throws IOException {
        JsonNode doc = JSON.readTree(TestBundles.repoRoot()
                .resolve("streams-app/src/test/resources/parity/decode_agreement.json").toFile());
        Path dir = fixtureWith(doc.path("decode"));
        List<ModelInput> inputs = new ArrayList<>();
        doc.path("cases").forEach(c -> inputs.add(new ModelInput(c.path("question").asText(), c.path("context").asText())));
        assertThat(inputs).hasSizeGreaterThanOrEqualTo(3);
        try (OnnxMultiHeadModel model = OnnxMultiHeadModel.load(dir, RuntimeOptions.defaults());
                HeadPredictor p = model.newPredictor()) {
            assertThat(model.bundle().identity().sha256()).isEqualTo(doc.path("model_sha256").asText());
            List<ModelOutput> outs = p.predict(inputs);
            for (int i = 0; i < inputs.size(); i++) {
                JsonNode want = doc.path("cases").get(i);
                ModelOutput o = outs.get(i);
                String ctx = inputs.get(i).context();
                assertThat(o.answer().noAnswer()).as("null decision of case %d", i).isEqualTo(want.path("is_null").asBoolean());
                assertThat(o.answer().text()).as("answer of case %d", i).isEqualTo(want.path("answer").asText());
                List<String> got = new ArrayList<>();
                for (ScoredText s : o.explanation().spans()) {
                    got.add(ctx.codePointCount(0, s.start()) + "-" + ctx.codePointCount(0, s.end()) + " " + s.text());
                }
                List<String> expected = new ArrayList<>();
                for (JsonNode s : want.path("spans")) {
                    expected.add(s.get(0).asInt() + "-" + s.get(1).asInt() + " " + s.get(2).asText());
                }
                assertThat(got).as("spans of case %d", i).isEqualTo(expected);
                for (int k = 0; k < expected.size(); k++) {
                    assertThat(o.explanation().spans().get(k).score()).as("score of span %d, case %d", k, i)
                            .isCloseTo(want.path("spans").get(k).get(3).asDouble(), within(1e-4));
                }
            }
        }
    }
}
