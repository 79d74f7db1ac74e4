package io.headstream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the Python training side against the original all-MiniLM-L6-v2 that the bundle derives
 * from: the encoder rebuilt in PyTorch from the ONNX weights must reproduce the ORIGINAL ONNX
 * graph's last hidden states (run here with ONNX Runtime), and the Python WordPiece tokenizer
 * used to build training windows must give the same ids and character offsets as HuggingFace
 * tokenizers (through DJL, as the runtime uses it). It also runs the committed bundles'
 * graphs ({@code models/fixture}, {@code models/default}, int8 included) with ONNX Runtime and
 * compares them with the exporter's own outputs. The reference data is written by
 * {@code training/make_parity_data.py}; the original model and tokenizer come from the
 * langchain4j jar on the test classpath.
 */
class EncoderParityTest {

  private static final String ONNX_RESOURCE = "/all-minilm-l6-v2.onnx";
  private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
  private static final String PARITY_RESOURCE = "/parity/encoder_parity.json";
  private static final String BUNDLE_PARITY_RESOURCE = "/parity/bundle_parity.json";
  private static final double TOLERANCE = 1e-5;
  /** fp32 graphs: only float summation order differs between NumPy and ONNX Runtime. */
  private static final double FP32_BUNDLE_TOLERANCE = 1e-4;
  /**
   * int8 graphs, relative to the output's largest magnitude: ONNX Runtime's integer kernels and
   * the NumPy reading of the ONNX spec that wrote the reference realise the activation rounding
   * differently (measured on the trained bundle: up to 0.44 on end logits within +-4.2, i.e.
   * ~11% of the range, with or without graph optimizations; int8 itself moves such logits by
   * up to ~1.1 against fp32). A broken rewrite (wrong scales, axes or zero points) is off by the
   * whole range, which this still catches. Which of the two roundings is closer to fp32 is not
   * established here: measure the served bundle's accuracy on the Java side.
   */
  private static final double INT8_BUNDLE_RELATIVE_TOLERANCE = 0.15;

  private static JsonNode parity;

  @BeforeAll
  static void readReference() throws IOException {
    // Keeps DJL from probing the EC2 metadata endpoint (tests use loopback only).
    System.setProperty("ai.djl.offline", "true");
    parity = new ObjectMapper().readTree(resourceBytes(PARITY_RESOURCE));
  }

  @Test
  void rebuiltEncoderMatchesOriginalOnnxGraph() throws Exception {
    JsonNode enc = parity.get("encoder");
    long[][] ids = longMatrix(enc.get("input_ids"));
    long[][] mask = longMatrix(enc.get("attention_mask"));
    long[][] types = longMatrix(enc.get("token_type_ids"));
    int batch = ids.length;
    int seq = ids[0].length;
    int hidden = enc.get("shape").get(2).asInt();
    FloatBuffer expected = ByteBuffer
        .wrap(Base64.getDecoder().decode(enc.get("last_hidden_state_f32le_base64").asText()))
        .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    assertThat(expected.remaining()).isEqualTo(batch * seq * hidden);

    // ONNX Runtime allows one environment per JVM and DJL creates it with its own thread pool
    // options; let DJL create it first so this test and the runtime tests can share the JVM.
    ai.djl.engine.Engine.getEngine("OnnxRuntime");
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(resourceBytes(ONNX_RESOURCE));
        OnnxTensor idsT = OnnxTensor.createTensor(env, ids);
        OnnxTensor maskT = OnnxTensor.createTensor(env, mask);
        OnnxTensor typesT = OnnxTensor.createTensor(env, types);
        OrtSession.Result result = session.run(
            Map.of("input_ids", idsT, "attention_mask", maskT, "token_type_ids", typesT))) {
      float[][][] actual = (float[][][]) result.get("last_hidden_state").orElseThrow().getValue();
      double maxDiff = 0;
      int compared = 0;
      for (int b = 0; b < batch; b++) {
        for (int t = 0; t < seq; t++) {
          if (mask[b][t] == 0) {
            continue; // padded positions are never read downstream
          }
          for (int h = 0; h < hidden; h++) {
            float want = expected.get((b * seq + t) * hidden + h);
            maxDiff = Math.max(maxDiff, Math.abs(actual[b][t][h] - want));
            compared++;
          }
        }
      }
      System.out.printf("EncoderParityTest: %d values compared, max abs diff %.3g%n",
          compared, maxDiff);
      assertThat(compared).isGreaterThan(hidden * batch);
      assertThat(maxDiff).isLessThan(TOLERANCE);
    }
  }

  @Test
  void pythonTokenizerMatchesHuggingFaceTokenizers() throws IOException {
    try (InputStream json = EncoderParityTest.class.getResourceAsStream(TOKENIZER_RESOURCE);
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(json,
            Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"))) {
      int cases = 0;
      for (JsonNode c : parity.get("tokenizer")) {
        String text = c.get("text").asText();
        Encoding encoding = tokenizer.encode(text, false, false);
        long[] want = new ObjectMapper().convertValue(c.get("ids"), long[].class);
        assertThat(encoding.getIds()).as("ids of %s", text).containsExactly(want);
        CharSpan[] spans = encoding.getCharTokenSpans();
        for (int i = 0; i < spans.length; i++) {
          JsonNode off = c.get("offsets").get(i);
          assertThat(new int[] {spans[i].getStart(), spans[i].getEnd()})
              .as("offsets of token %d (%s) in %s", i, encoding.getTokens()[i], text)
              .containsExactly(off.get(0).asInt(), off.get(1).asInt());
        }
        cases++;
      }
      assertThat(cases).isGreaterThanOrEqualTo(5);
    }
  }

  @Test
  void committedBundlesComputeInOnnxRuntimeWhatTheExporterComputed() throws Exception {
    JsonNode doc = new ObjectMapper().readTree(resourceBytes(BUNDLE_PARITY_RESOURCE));
    Path repoRoot = Path.of("").toAbsolutePath().getParent();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int checked = 0;
    for (JsonNode ref : doc.get("bundles")) {
      Path bundle = repoRoot.resolve(ref.get("bundle").asText());
      JsonNode manifest = new ObjectMapper().readTree(bundle.resolve("manifest.json").toFile());
      assertThat(manifest.get("model_sha256").asText())
          .as("%s changed since bundle_parity.json was written; rerun "
              + "training/make_parity_data.py --bundles", bundle)
          .isEqualTo(ref.get("model_sha256").asText());
      boolean int8 = "int8".equals(ref.get("precision").asText());
      long[][] mask = longMatrix(ref.get("attention_mask"));
      try (OrtSession session = env.createSession(
              bundle.resolve(manifest.get("model_file").asText()).toString());
          OnnxTensor ids = OnnxTensor.createTensor(env, longMatrix(ref.get("input_ids")));
          OnnxTensor maskT = OnnxTensor.createTensor(env, mask);
          OnnxTensor types = OnnxTensor.createTensor(env, longMatrix(ref.get("token_type_ids")));
          OrtSession.Result result = session.run(
              Map.of("input_ids", ids, "attention_mask", maskT, "token_type_ids", types))) {
        Iterator<Map.Entry<String, JsonNode>> outputs = ref.get("outputs").fields();
        while (outputs.hasNext()) {
          Map.Entry<String, JsonNode> out = outputs.next();
          FloatBuffer want = ByteBuffer
              .wrap(Base64.getDecoder().decode(out.getValue().get("f32le_base64").asText()))
              .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
          OnnxTensor got = (OnnxTensor) result.get(out.getKey()).orElseThrow();
          long[] shape = got.getInfo().getShape();
          assertThat(shape).as("shape of %s in %s", out.getKey(), bundle)
              .containsExactly(new ObjectMapper().convertValue(out.getValue().get("shape"),
                  long[].class));
          FloatBuffer actual = got.getFloatBuffer();
          int perRow = want.remaining() / mask.length;
          int perToken = shape.length == 1 ? perRow : perRow / mask[0].length;
          double maxDiff = 0;
          double maxAbs = 0;
          for (int i = 0; i < want.remaining(); i++) {
            int row = i / perRow;
            int token = shape.length == 1 ? 0 : (i % perRow) / perToken;
            if (mask[row][token] == 1) {
              maxDiff = Math.max(maxDiff, Math.abs(actual.get(i) - want.get(i)));
              maxAbs = Math.max(maxAbs, Math.abs(want.get(i)));
            }
          }
          double tolerance = int8
              ? INT8_BUNDLE_RELATIVE_TOLERANCE * Math.max(1.0, maxAbs) : FP32_BUNDLE_TOLERANCE;
          System.out.printf("EncoderParityTest: %s %s max abs diff %.3g (largest |value| %.3g)%n",
              ref.get("bundle").asText(), out.getKey(), maxDiff, maxAbs);
          assertThat(maxDiff).as("%s of %s", out.getKey(), bundle).isLessThan(tolerance);
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(5);
  }

  private static long[][] longMatrix(JsonNode rows) {
    long[][] out = new long[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      out[i] = new long[rows.get(i).size()];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = rows.get(i).get(j).asLong();
      }
    }
    return out;
  }

  private static byte[] resourceBytes(String name) throws IOException {
    try (InputStream in = EncoderParityTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name
            + " (the langchain4j all-MiniLM-L6-v2 jar or training/make_parity_data.py output)");
      }
      return in.readAllBytes();
    }
  }
}
