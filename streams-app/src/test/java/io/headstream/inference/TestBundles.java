package io.headstream.inference;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates bundles for tests through the {@code headstream.repo.root} system property (surefire
 * sets it to the repository root) and shares one loaded fixture model per test JVM, as production
 * shares one model per JVM.
 */
final class TestBundles {

    private static OnnxMultiHeadModel fixtureModel;

    private TestBundles() {}

    static Path repoRoot() {
        String root = System.getProperty("headstream.repo.root");
        return root != null ? Paths.get(root) : Paths.get("").toAbsolutePath().getParent();
    }

    /** {@code models/fixture}, which is committed: its absence is a failure, not a skip. */
    static Path fixture() {
        Path dir = repoRoot().resolve("models/fixture");
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            fail(dir + " is missing: the fixture bundle is committed (generate it with "
                    + "/usr/bin/python3 training/make_fixture.py)");
        }
        return dir;
    }

    /**
     * Copies the fixture bundle into {@code dir} and rewrites the copy's manifest through
     * {@code editManifest} (the model file is unchanged, so its sha256 still matches).
     */
    static Path fixtureCopy(Path dir, Consumer<ObjectNode> editManifest) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(fixture())) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(dir.resolve("manifest.json").toFile());
        editManifest.accept(manifest);
        json.writeValue(dir.resolve("manifest.json").toFile(), manifest);
        return dir;
    }

    /** {@code models/default}; tests on it are skipped, with this message, until it is trained. */
    static Path defaultBundle() {
        Path dir = repoRoot().resolve("models/default");
        Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("model.onnx")),
                dir + "/model.onnx is absent: the trained bundle has not been produced yet, so the tests"
                        + " on the real model are skipped");
        return dir;
    }

    /** The fixture loaded once with default options (closed at JVM exit). */
    static synchronized OnnxMultiHeadModel fixtureModel() {
        if (fixtureModel == null) {
            fixtureModel = OnnxMultiHeadModel.load(fixture(), RuntimeOptions.defaults());
            Runtime.getRuntime().addShutdownHook(new Thread(fixtureModel::close));
        }
        return fixtureModel;
    }
}
