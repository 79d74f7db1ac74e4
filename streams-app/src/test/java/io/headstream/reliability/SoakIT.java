package io.headstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A soak run of the built app as its own JVM: events are produced as fast as the app keeps up
 * (at most {@value #MAX_LAG} ahead) for {@code -Dheadstream.soak.seconds} (default 60; the run
 * is bounded by time so that it always yields enough samples, however fast the machine), or until
 * {@code -Dheadstream.soak.events} (default unbounded) are sent, and every few seconds the process is
 * sampled: RSS, threads and open file descriptors from {@code /proc/<pid>}, used heap
 * ({@code jcmd GC.heap_info}) and native memory committed ({@code jcmd VM.native_memory}, the app
 * runs with {@code -XX:NativeMemoryTracking=summary}). After the first third (warm-up) threads
 * and file descriptors must not grow, and RSS and native memory must stay within a quarter of
 * their warm-up peak; every event must come out exactly once. The figures are printed.
 */
class SoakIT {
    private static final int EVENTS = Integer.getInteger("headstream.soak.events", Integer.MAX_VALUE);
    private static final int SECONDS = Integer.getInteger("headstream.soak.seconds", 60);
    private static final int MAX_LAG = 400;
    private static final int CHUNK = 100;
    private static final long SAMPLE_EVERY_MS = Math.max(4000, SECONDS * 1000L / 20);

    @TempDir
    Path work;

    /** One sample of the app process. */
    record Sample(double atSeconds, int accounted, long rssKb, int threads, int fds, long heapUsedKb, long nmtCommittedKb) {}

    @Test
    void memoryThreadsAndFileDescriptorsStayFlatUnderSustainedLoad() throws Exception {
        try (Cluster cluster = new Cluster(work)) {
            cluster.createTopics(2, Map.of());
            int port = AppProcess.freePort();
            Path config = AppProcess.writeConfig(work.resolve("app.properties"),
                    cluster.appProperties(work.resolve("state"), port));
            List<Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
            Set<String> ids = new LinkedHashSet<>();
            try (AppProcess app = AppProcess.start(config, work.resolve("app.log"), port, "-XX:NativeMemoryTracking=summary",
                    // The heap is committed and touched up front: its growth up to -Xmx is bounded
                    // by design and would otherwise look like growth of RSS and native memory.
                    "-Xms512m", "-XX:+AlwaysPreTouch");
                 TestEvents producer = new TestEvents(cluster.clientProps(), cluster.registryProps());
                 Ledger ledger = cluster.ledger()) {
                assertThat(app.awaitReady(Duration.ofSeconds(240))).as("ready; log:\n%s", app.logTail()).isTrue();
                long t0 = System.nanoTime();
                long end = t0 + TimeUnit.SECONDS.toNanos(SECONDS);
                AtomicInteger accounted = new AtomicInteger();
                // Sampling (jcmd takes seconds on a busy machine) runs beside the load, not in its loop.
                ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
                sampler.scheduleWithFixedDelay(() -> {
                    try {
                        samples.add(sample(app, t0, accounted.get()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, 0, SAMPLE_EVERY_MS, TimeUnit.MILLISECONDS);
                int sent = 0;
                try {
                    while (System.nanoTime() < end && sent < EVENTS) {
                        ledger.poll(Duration.ofMillis(100));
                        accounted.set(ledger.accounted());
                        if (sent - ledger.accounted() < MAX_LAG) {
                            int n = Math.min(CHUNK, EVENTS - sent);
                            var chunk = TestEvents.valid("soak-", sent, n);
                            producer.send(cluster.input(), chunk);
                            chunk.forEach(e -> ids.add(e.getEventId()));
                            sent += n;
                        }
                    }
                } finally {
                    sampler.shutdown();
                    sampler.awaitTermination(120, TimeUnit.SECONDS);
                }
                assertThat(ledger.readUntil(() -> ledger.exactlyOnceProblems(ids).isEmpty(), Duration.ofSeconds(300)))
                        .as("all %d events out; log:\n%s", ids.size(), app.logTail()).isTrue();
                samples.add(sample(app, t0, ledger.accounted()));
                double seconds = (System.nanoTime() - t0) / 1e9;
                List<Sample> copy = new ArrayList<>(samples);
                report(copy, ids.size(), seconds);
                assertThat(ledger.exactlyOnceProblems(ids)).isEmpty();
                assertFlat(copy);
                assertThat(app.terminate(Duration.ofSeconds(60))).isZero();
            }
        }
    }

    private static Sample sample(AppProcess app, long t0, int accounted) throws Exception {
        AppProcess.ProcSample p = app.sample();
        String heap = jcmd(app.pid(), "GC.heap_info");
        String nmt = jcmd(app.pid(), "VM.native_memory", "summary");
        return new Sample((System.nanoTime() - t0) / 1e9, accounted, p.rssKb(), p.threads(), p.fds(),
                firstKb(heap, "used (\\d+)K"), firstKb(nmt, "Total: reserved=\\d+KB, committed=(\\d+)KB"));
    }

    private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    private static long firstKb(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void report(List<Sample> samples, int events, double seconds) {
        StringBuilder sb = new StringBuilder(String.format(
                "SoakIT: %d events in %.0f s (%.0f events/s), %d samples%n", events, seconds, events / seconds, samples.size()));
        sb.append("  t(s)  accounted  rss(MiB)  heap(MiB)  nmt(MiB)  threads  fds\n");
        for (Sample s : samples) {
            sb.append(String.format("  %5.0f  %9d  %8d  %9d  %8d  %7d  %3d%n", s.atSeconds(), s.accounted(),
                    s.rssKb() >> 10, s.heapUsedKb() >> 10, s.nmtCommittedKb() >> 10, s.threads(), s.fds()));
        }
        System.out.print(sb);
    }

    /** After the warm-up third: no thread or fd growth; RSS and native memory within 25% of the warm-up peak. */
    private static void assertFlat(List<Sample> samples) {
        assertThat(samples.size()).as("enough samples").isGreaterThanOrEqualTo(6);
        int warm = samples.size() / 3;
        List<Sample> warmUp = samples.subList(0, warm + 1);
        List<Sample> after = samples.subList(warm, samples.size());
        Sample last = samples.get(samples.size() - 1);
        int threadPeak = warmUp.stream().mapToInt(Sample::threads).max().orElseThrow();
        int fdPeak = warmUp.stream().mapToInt(Sample::fds).max().orElseThrow();
        long rssPeak = warmUp.stream().mapToLong(Sample::rssKb).max().orElseThrow();
        long nmtPeak = warmUp.stream().mapToLong(Sample::nmtCommittedKb).max().orElseThrow();
        assertThat(after.stream().mapToInt(Sample::threads).max().orElseThrow()).as("threads after warm-up")
                .isLessThanOrEqualTo(threadPeak + 2);
        assertThat(after.stream().mapToInt(Sample::fds).max().orElseThrow()).as("file descriptors after warm-up")
                .isLessThanOrEqualTo(fdPeak + 8);
        assertThat(last.rssKb()).as("RSS at the end vs warm-up peak").isLessThanOrEqualTo(rssPeak * 5 / 4);
        if (nmtPeak > 0) {
            assertThat(last.nmtCommittedKb()).as("native memory committed at the end vs warm-up peak")
                    .isLessThanOrEqualTo(nmtPeak * 5 / 4);
        }
    }
}
