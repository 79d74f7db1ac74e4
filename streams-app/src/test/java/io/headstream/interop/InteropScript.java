package io.headstream.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One run of a Confluent client script: the command, a hard timeout, and its stdout parsed as
 * one JSON object per line. A non-zero exit, a timeout or a line that is not JSON fails the
 * run with the script's stderr in the message, so a failing interop test says why.
 */
final class InteropScript {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InteropScript() {
    }

    static List<JsonNode> run(List<String> command, Path workDir, Duration timeout) {
        try {
            Path stdout = Files.createTempFile(workDir, "script-", ".out");
            Path stderr = Files.createTempFile(workDir, "script-", ".err");
            Process process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("Timed out after " + timeout + ": " + String.join(" ", command)
                        + "\nstderr:\n" + Files.readString(stderr));
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("Exit code " + process.exitValue() + " from " + String.join(" ", command)
                        + "\nstdout:\n" + Files.readString(stdout) + "\nstderr:\n" + Files.readString(stderr));
            }
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    try {
                        lines.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new AssertionError("Not a JSON line from " + command.get(0) + ": " + line, e);
                    }
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted running " + String.join(" ", command), e);
        }
    }

    /** Whether {@code command} runs and exits 0 within 30 s: used to detect missing clients. */
    static boolean succeeds(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
