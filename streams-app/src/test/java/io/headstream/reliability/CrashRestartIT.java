package io.headstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.schema.QuestionContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built app as its own JVM, killed with SIGKILL at random points of a run of thousands of
 * events (mid-batch included: events wait up to 100 ms in the changelogged buffer) and restarted
 * each time; and, separately, the broker stopped cleanly and restarted on the same data
 * directory and ports while the app runs (the in-process broker cannot be SIGKILLed on its own:
 * it lives in the test's JVM). Afterwards a {@code read_committed} consumer must see, for every
 * input, exactly one answer, summary and explanation, or exactly one dead letter, and nothing
 * else. Sizes: {@code -Dheadstream.crash.events} (default 2000), {@code -Dheadstream.crash.kills}
 * (default 3), {@code -Dheadstream.crash.seed}.
 */
class CrashRestartIT {
    private static final int EVENTS = Integer.getInteger("headstream.crash.events", 2000);
    private static final int KILLS = Integer.getInteger("headstream.crash.kills", 3);
    private static final long SEED = Long.getLong("headstream.crash.seed", System.nanoTime());
    private static final Duration START = Duration.ofSeconds(240);
    private static final Duration FINISH = Duration.ofSeconds(400);

    @TempDir
    Path work;

    /** {@code n} events; every 97th has an empty question and must come out as its dead letter. */
    private static List<QuestionContext> events(int n) {
        List<QuestionContext> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(i % 97 == 50 ? TestEvents.event("e-" + i, " ", "A context.") : TestEvents.valid("e-" + i, i));
        }
        return events;
    }

    @Test
    void sigkillAtRandomPointsLosesAndDuplicatesNothing() throws Exception {
        Random random = new Random(SEED);
        try (Cluster cluster = new Cluster(work)) {
            cluster.createTopics(2, Map.of());
            int port = AppProcess.freePort();
            Path config = AppProcess.writeConfig(work.resolve("app.properties"),
                    cluster.appProperties(work.resolve("state"), port));
            Path log = work.resolve("app.log");
            List<QuestionContext> events = events(EVENTS);
            Set<String> ids = ids(events);
            try (TestEvents producer = new TestEvents(cluster.clientProps(), cluster.registryProps())) {
                producer.send(cluster.input(), events);
            }
            long t0 = System.nanoTime();
            List<String> killedAt = new ArrayList<>();
            try (Ledger ledger = cluster.ledger()) {
                AppProcess app = AppProcess.start(config, log, port);
                try {
                    for (int k = 1; k <= KILLS; k++) {
                        assertThat(app.awaitReady(START)).as("start %d ready; log:\n%s", k, app.logTail()).isTrue();
                        int target = EVENTS * k / (KILLS + 2) + random.nextInt(Math.max(1, EVENTS / 20));
                        assertThat(ledger.readUntilNoDrain(() -> ledger.accounted() >= target, FINISH))
                                .as("progress to %d before kill %d; log:\n%s", target, k, app.logTail()).isTrue();
                        Thread.sleep(random.nextInt(400)); // a random point, not a wait for state
                        app.kill();
                        killedAt.add(ledger.accounted() + " accounted");
                        app = AppProcess.start(config, log, port);
                    }
                    assertThat(app.awaitReady(START)).as("last start ready; log:\n%s", app.logTail()).isTrue();
                    boolean complete = ledger.readUntil(() -> ledger.exactlyOnceProblems(ids).isEmpty(), FINISH);
                    assertThat(app.terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
                    ledger.drainToEnd(Duration.ofSeconds(30));
                    List<String> problems = ledger.exactlyOnceProblems(ids);
                    System.out.printf("CrashRestartIT: %d events, %d SIGKILLs at %s, seed %d, %.1f s, complete=%s, "
                            + "answers=%d dead-letters=%d%n", EVENTS, KILLS, killedAt, SEED,
                            (System.nanoTime() - t0) / 1e9, complete, ledger.count(cluster.answers()),
                            ledger.count(cluster.deadLetters()));
                    assertThat(problems).as("exactly once per input (seed %d); log:\n%s", SEED, app.logTail()).isEmpty();
                    assertThat(ledger.count(cluster.deadLetters())).isEqualTo((int) events.stream()
                            .filter(e -> e.getQuestion().isBlank()).count());
                } finally {
                    app.close();
                }
            }
        }
    }

    @Test
    void aBrokerRestartMidRunLosesAndDuplicatesNothing() throws Exception {
        int n = Math.max(200, EVENTS / 2);
        try (Cluster cluster = new Cluster(work)) {
            cluster.createTopics(2, Map.of());
            int port = AppProcess.freePort();
            Path config = AppProcess.writeConfig(work.resolve("app.properties"),
                    cluster.appProperties(work.resolve("state"), port));
            List<QuestionContext> events = events(n);
            Set<String> ids = ids(events);
            try (TestEvents producer = new TestEvents(cluster.clientProps(), cluster.registryProps())) {
                producer.send(cluster.input(), events);
            }
            long t0 = System.nanoTime();
            try (Ledger ledger = cluster.ledger(); AppProcess app = AppProcess.start(config, work.resolve("app.log"), port)) {
                assertThat(app.awaitReady(START)).as("ready; log:\n%s", app.logTail()).isTrue();
                assertThat(ledger.readUntilNoDrain(() -> ledger.accounted() >= n / 3, FINISH)).isTrue();
                int before = ledger.accounted();
                long down = System.nanoTime();
                cluster.broker.stop();
                Thread.sleep(3000); // the outage itself, not a wait for state
                cluster.broker.start();
                double outage = (System.nanoTime() - down) / 1e9;
                boolean complete = ledger.readUntil(() -> ledger.exactlyOnceProblems(ids).isEmpty(), FINISH);
                assertThat(app.isAlive()).as("the app survives the broker restart; log:\n%s", app.logTail()).isTrue();
                assertThat(app.terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
                ledger.drainToEnd(Duration.ofSeconds(30));
                System.out.printf("CrashRestartIT: %d events, broker down %.1f s after %d accounted, %.1f s in all, "
                        + "complete=%s%n", n, outage, before, (System.nanoTime() - t0) / 1e9, complete);
                assertThat(ledger.exactlyOnceProblems(ids)).as("exactly once per input; log:\n%s", app.logTail()).isEmpty();
            }
        }
    }

    private static Set<String> ids(List<QuestionContext> events) {
        Set<String> ids = new LinkedHashSet<>();
        events.forEach(e -> ids.add(e.getEventId()));
        return ids;
    }
}
