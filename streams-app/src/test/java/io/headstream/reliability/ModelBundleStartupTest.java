package io.headstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.app.HeadstreamCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A broken model bundle stops {@code run} before it touches Kafka: exit code 2 and a message
 * naming the file and the problem. Each case copies the fixture bundle and breaks one thing.
 */
class ModelBundleStartupTest {
    private static final Path FIXTURE = AppProcess.ROOT.resolve("models/fixture");

    @TempDir
    Path dir;

    static Stream<Arguments> brokenBundles() {
        return Stream.of(
                Arguments.of("model.onnx missing", (Consumer<Path>) b -> delete(b.resolve("model.onnx")),
                        new String[] {"model.onnx"}),
                Arguments.of("tokenizer.json missing", (Consumer<Path>) b -> delete(b.resolve("tokenizer.json")),
                        new String[] {"tokenizer.json"}),
                Arguments.of("manifest.json missing", (Consumer<Path>) b -> delete(b.resolve("manifest.json")),
                        new String[] {"manifest.json"}),
                Arguments.of("model.onnx corrupt (bad sha256)", (Consumer<Path>) b -> flipAByte(b.resolve("model.onnx")),
                        new String[] {"model.onnx", "sha256"}),
                Arguments.of("manifest format 2", (Consumer<Path>) b -> editManifest(b, "\"format\": 1", "\"format\": 2"),
                        new String[] {"manifest.json", "format is 2", "format 1"}),
                Arguments.of("manifest not JSON", (Consumer<Path>) b -> write(b.resolve("manifest.json"), "{ not json"),
                        new String[] {"manifest.json"}),
                Arguments.of("output missing from the graph", (Consumer<Path>) b -> editManifest(b,
                        "\"answer_null_logit\"", "\"answer_no_such_logit\""),
                        new String[] {"manifest.json", "answer_no_such_logit", "model.onnx has no such output"}),
                Arguments.of("unknown head kind", (Consumer<Path>) b -> editManifest(b,
                        "\"kind\": \"span_tagging\"", "\"kind\": \"poetry\""),
                        new String[] {"manifest.json", "poetry"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenBundles")
    void aBrokenBundleIsExitTwoNamingTheFileAndTheProblem(String name, Consumer<Path> breakIt, String[] expected)
            throws Exception {
        Path bundle = dir.resolve("bundle");
        Files.createDirectories(bundle);
        try (var files = Files.list(FIXTURE)) {
            for (Path f : files.toList()) {
                Files.copy(f, bundle.resolve(f.getFileName()));
            }
        }
        breakIt.accept(bundle);
        StringWriter err = new StringWriter();
        int code = HeadstreamCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "run",
                "--set", "kafka.bootstrap.servers=127.0.0.1:1", "--set", "headstream.registry.url=mem://bundle-test",
                "--set", "headstream.model.bundle=" + bundle);
        System.out.printf("ModelBundleStartupTest: %s -> exit %d: %s%n", name, code, err.toString().strip());
        assertThat(code).as(name + ": " + err).isEqualTo(2);
        assertThat(err.toString()).as(name).contains(expected);
    }

    private static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void flipAByte(Path p) {
        try {
            byte[] b = Files.readAllBytes(p);
            b[b.length / 2] ^= 0x55;
            Files.write(p, b);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void editManifest(Path bundle, String from, String to) {
        try {
            Path m = bundle.resolve("manifest.json");
            String s = Files.readString(m);
            if (!s.contains(from)) {
                throw new IllegalStateException("fixture manifest has no " + from);
            }
            Files.writeString(m, s.replace(from, to));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
