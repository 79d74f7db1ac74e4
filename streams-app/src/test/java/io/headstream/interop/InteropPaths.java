package io.headstream.interop;

import java.nio.file.Path;

/** Where the client scripts live: {@code streams-app/src/test/interop/} under the repository root. */
final class InteropPaths {

    private InteropPaths() {
    }

    static Path interopDir() {
        // Failsafe sets headstream.repo.root; from an IDE the working directory is streams-app/.
        String root = System.getProperty("headstream.repo.root");
        Path base = root != null ? Path.of(root).resolve("streams-app") : Path.of("").toAbsolutePath();
        return base.resolve("src/test/interop");
    }
}
