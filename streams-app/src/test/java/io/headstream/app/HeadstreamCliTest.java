package io.headstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the command line, without a broker. */
class HeadstreamCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return HeadstreamCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void everyBadConfigKeyIsNamedAndTheExitCodeIsTwo() {
        int code = run("run", "--set", "headstream.batch.max.size=lots", "--set", "headstream.topic.inptu=x",
                "--set", "kafka.bootstrap.servers=127.0.0.1:1");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("headstream.batch.max.size=lots")
                .contains("headstream.topic.inptu")
                .contains("headstream.registry.url: required");
    }

    @Test
    void aMissingModelBundleIsAStartupErrorNamingThePath(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-bundle");
        int code = run("run", "--set", "kafka.bootstrap.servers=127.0.0.1:1", "--set", "headstream.registry.url=mem://cli",
                "--set", "headstream.model.bundle=" + missing);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(missing.toString()).contains("headstream.model.bundle");
    }

    @Test
    void aCorruptModelBundleIsAStartupErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path fixture = StreamingPipelineIT.fixtureBundle();
        Path copy = dir.resolve("bundle");
        Files.createDirectories(copy);
        for (String f : new String[] {"manifest.json", "tokenizer.json", "model.onnx"}) {
            Files.copy(fixture.resolve(f), copy.resolve(f));
        }
        byte[] model = Files.readAllBytes(copy.resolve("model.onnx"));
        model[model.length / 2] ^= 0x55;
        Files.write(copy.resolve("model.onnx"), model);
        int code = run("run", "--set", "kafka.bootstrap.servers=127.0.0.1:1", "--set", "headstream.registry.url=mem://cli",
                "--set", "headstream.model.bundle=" + copy);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("model.onnx").containsIgnoringCase("sha256");
    }

    @Test
    void aRegistryUrlWithCredentialsIsExitTwoBeforeTheModelLoadsAndNeverPrinted(@TempDir Path dir) {
        // The bundle does not exist: had the model been loaded first, the error would be about it.
        int code = run("run", "--set", "kafka.bootstrap.servers=127.0.0.1:1",
                "--set", "headstream.registry.url=http://alice:cli-url-secret@127.0.0.1:1",
                "--set", "headstream.model.bundle=" + dir.resolve("no-such-bundle"));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("headstream.registry.url=http://[hidden]@127.0.0.1:1")
                .contains("must not contain credentials").doesNotContain("cli-url-secret").doesNotContain("alice")
                .doesNotContain("no-such-bundle");
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        assertThat(run("run", "--no-such-option")).isEqualTo(2);
    }

    @Test
    void theReadmeConfigurationTableIsCurrent() throws Exception {
        Path readme = Path.of(System.getProperty("headstream.repo.root", ".")).resolve("README.md");
        assertThat(Files.readString(readme)).as("README.md contains the output of `headstream config-doc`")
                .contains(ConfigDocCommand.table());
    }
}
