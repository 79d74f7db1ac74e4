package io.headstream.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code java -jar headstream.jar run --config FILE} as its own JVM, the way operators start it:
 * readiness by polling {@code /health/ready}, SIGKILL and SIGTERM, its log (stdout and stderr
 * appended to one file across restarts) and samples of its {@code /proc} entry.
 */
public final class AppProcess implements AutoCloseable {
    public static final Path ROOT = Path.of(System.getProperty("headstream.repo.root", ".")).toAbsolutePath();
    public static final Path JAR = ROOT.resolve("streams-app/target/headstream.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final int metricsPort;

    private AppProcess(Process process, Path log, int metricsPort) {
        this.process = process;
        this.log = log;
        this.metricsPort = metricsPort;
    }

    /** Writes {@code props} to {@code file} as a properties file (keys in the given order). */
    public static Path writeConfig(Path file, Map<String, String> props) throws IOException {
        Files.writeString(file, props.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().replace("\\", "\\\\"))
                .collect(Collectors.joining("\n", "", "\n")));
        return file;
    }

    /** Starts the app; its output is appended to {@code log}. {@code metricsPort} is the one in the config. */
    public static AppProcess start(Path config, Path log, int metricsPort, String... jvmOptions) throws IOException {
        return start(List.of("run", "--config", config.toString()), Map.of(), log, metricsPort, jvmOptions);
    }

    /**
     * Starts {@code headstream <args>} with {@code env} added to the environment; stdout and
     * stderr are both appended to {@code log}.
     */
    public static AppProcess start(List<String> args, Map<String, String> env, Path log, int metricsPort,
            String... jvmOptions) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-jar", JAR.toString()));
        cmd.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(cmd).directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new AppProcess(builder.start(), log, metricsPort);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Polls {@code /health/ready} until it answers 200; false if the process dies or time runs out. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return awaitStatus("/health/ready", 200, timeout);
    }

    boolean awaitStatus(String path, int status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (get(path).statusCode() == status) {
                    return true;
                }
            } catch (IOException notYetListening) {
                // the endpoint comes up with the app
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** GET on the metrics endpoint. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL: no shutdown hook, no close, no final commit. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pid " + pid() + " survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM, then waits; returns the exit code, or -1 if it did not exit in time (then SIGKILL). */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            return -1;
        }
        return process.exitValue();
    }

    /** Waits for the process to exit by itself; returns its exit code, or -1 on timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    public String logTail() throws IOException {
        String s = log();
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }

    /** Resident memory, threads and open file descriptors of the process, from /proc. */
    public ProcSample sample() throws IOException {
        long rssKb = 0;
        int threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
            }
        }
        int fds;
        try (var s = Files.list(Path.of("/proc", String.valueOf(pid()), "fd"))) {
            fds = (int) s.count();
        }
        return new ProcSample(rssKb, threads, fds);
    }

    /** One /proc sample. */
    public record ProcSample(long rssKb, int threads, int fds) {}

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
