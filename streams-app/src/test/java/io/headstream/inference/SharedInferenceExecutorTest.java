package io.headstream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shared executor's contract: coalescing across submitters within the event and token bounds,
 * backpressure that blocks (within a deadline) and never drops, per-input failure isolation,
 * bounded waits and a close that abandons rather than fails. The first pass is held at a gate so
 * each test decides exactly what is queued behind it; nothing sleeps for readiness.
 */
class SharedInferenceExecutorTest {

    private SharedInferenceExecutor executor;

    @AfterEach
    void close() {
        if (executor != null) {
            executor.close();
        }
    }

    private static List<ModelInput> inputs(String prefix, int n) {
        List<ModelInput> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ModelInput("q?", prefix + "-" + i));
        }
        return out;
    }

    private static long in(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    private static List<String> answers(Submission s) {
        return s.outcomes().stream().map(o -> o.output().answer().text()).toList();
    }

    @Test
    void submissionsQueuedBehindARunningPassAreCoalescedIntoOnePass() throws Exception {
        GatedFakeModel model = new GatedFakeModel(true);
        executor = SharedInferenceExecutor.start(model, new ExecutorSettings(32, 1 << 20, 0, 256, 5_000, 1));
        Submission first = executor.submit(inputs("a", 1), in(Duration.ofSeconds(5)));
        assertThat(model.firstPassEntered.await(10, TimeUnit.SECONDS)).isTrue();
        Submission fromTaskB = executor.submit(inputs("b", 3), in(Duration.ofSeconds(5)));
        Submission fromTaskC = executor.submit(inputs("c", 4), in(Duration.ofSeconds(5)));
        model.gate.countDown();

        for (Submission s : List.of(first, fromTaskB, fromTaskC)) {
            assertThat(s.await(in(Duration.ofSeconds(10)))).isTrue();
        }
        assertThat(model.passSizes).containsExactly(1, 7);
        assertThat(answers(fromTaskB)).containsExactly("b-0", "b-1", "b-2");
        assertThat(answers(fromTaskC)).containsExactly("c-0", "c-1", "c-2", "c-3");
        assertThat(executor.stats().passes()).isEqualTo(2);
        assertThat(executor.stats().meanPassEvents()).isEqualTo(4.0);
    }

    @Test
    void aPassStaysWithinTheEventCountAndTheTokenBudget() throws Exception {
        GatedFakeModel model = new GatedFakeModel(true);
        // The fake's cost is one window of (question + context chars) / 4 tokens: 100 tokens here.
        String context = "x".repeat(398);
        executor = SharedInferenceExecutor.start(model, new ExecutorSettings(3, 250, 0, 256, 5_000, 1));
        Submission first = executor.submit(List.of(new ModelInput("q?", context)), in(Duration.ofSeconds(5)));
        assertThat(model.firstPassEntered.await(10, TimeUnit.SECONDS)).isTrue();
        List<ModelInput> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(new ModelInput("q?", context));
        }
        Submission rest = executor.submit(five, in(Duration.ofSeconds(5)));
        model.gate.countDown();
        assertThat(first.await(in(Duration.ofSeconds(10)))).isTrue();
        assertThat(rest.await(in(Duration.ofSeconds(10)))).isTrue();
        // 2 x 100 tokens fit 250, a third would not.
        assertThat(model.passSizes).containsExactly(1, 2, 2, 1);

        executor.close();
        GatedFakeModel small = new GatedFakeModel(true);
        executor = SharedInferenceExecutor.start(small, new ExecutorSettings(3, 1 << 20, 0, 256, 5_000, 1));
        Submission one = executor.submit(inputs("s", 1), in(Duration.ofSeconds(5)));
        assertThat(small.firstPassEntered.await(10, TimeUnit.SECONDS)).isTrue();
        Submission seven = executor.submit(inputs("t", 7), in(Duration.ofSeconds(5)));
        small.gate.countDown();
        assertThat(one.await(in(Duration.ofSeconds(10)))).isTrue();
        assertThat(seven.await(in(Duration.ofSeconds(10)))).isTrue();
        assertThat(small.passSizes).containsExactly(1, 3, 3, 1);
        assertThat(answers(seven)).containsExactly("t-0", "t-1", "t-2", "t-3", "t-4", "t-5", "t-6");
    }

    @Test
    void aFullQueueBlocksTheSubmitterUntilThereIsRoomAndNeverDrops() throws Exception {
        GatedFakeModel model = new GatedFakeModel(true);
        executor = SharedInferenceExecutor.start(model, new ExecutorSettings(32, 1 << 20, 0, 4, 5_000, 1));
        Submission running = executor.submit(inputs("r", 1), in(Duration.ofSeconds(5)));
        assertThat(model.firstPassEntered.await(10, TimeUnit.SECONDS)).isTrue();
        Submission fills = executor.submit(inputs("f", 4), in(Duration.ofSeconds(5)));
        assertThat(executor.queued()).isEqualTo(4);

        // Full: a submission that cannot fit before its deadline is refused, not dropped or queued.
        assertThat(executor.submit(inputs("late", 2), in(Duration.ofMillis(50)))).isNull();
        assertThat(executor.queued()).isEqualTo(4);

        Thread[] submitter = new Thread[1];
        CompletableFuture<Submission> blocked = CompletableFuture.supplyAsync(() -> {
            submitter[0] = Thread.currentThread();
            try {
                return executor.submit(inputs("w", 2), in(Duration.ofSeconds(30)));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = in(Duration.ofSeconds(10));
        while ((submitter[0] == null || submitter[0].getState() != Thread.State.TIMED_WAITING)
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(submitter[0].getState()).isEqualTo(Thread.State.TIMED_WAITING);
        assertThat(blocked).isNotDone();

        model.gate.countDown();
        Submission waited = blocked.get(10, TimeUnit.SECONDS);
        assertThat(waited).isNotNull();
        for (Submission s : List.of(running, fills, waited)) {
            assertThat(s.await(in(Duration.ofSeconds(10)))).isTrue();
        }
        assertThat(answers(fills)).containsExactly("f-0", "f-1", "f-2", "f-3");
        assertThat(answers(waited)).containsExactly("w-0", "w-1");
        assertThat(executor.queueHighWater()).isLessThanOrEqualTo(4);
    }

    @Test
    void aFailingPassIsRetriedPerInputSoOnlyThePoisonFails() throws Exception {
        GatedFakeModel model = new GatedFakeModel(false);
        executor = SharedInferenceExecutor.start(model, new ExecutorSettings(32, 1 << 20, 0, 256, 5_000, 1));
        List<ModelInput> batch = new ArrayList<>(inputs("ok", 4));
        batch.add(2, new ModelInput("q?", "bad " + GatedFakeModel.POISON));
        Submission s = executor.submit(batch, in(Duration.ofSeconds(5)));
        assertThat(s.await(in(Duration.ofSeconds(10)))).isTrue();

        List<Outcome> outcomes = s.outcomes();
        assertThat(outcomes).hasSize(5);
        assertThat(outcomes.get(2).succeeded()).isFalse();
        assertThat(outcomes.get(2).abandoned()).isFalse();
        assertThat(outcomes.get(2).error()).hasMessageContaining("poisoned input in a pass of 1");
        assertThat(List.of(0, 1, 3, 4)).allSatisfy(i -> assertThat(outcomes.get(i).succeeded()).isTrue());
        assertThat(outcomes.get(3).output().answer().text()).isEqualTo("ok-2");
        assertThat(model.passSizes).containsExactly(5, 1, 1, 1, 1, 1);
        assertThat(executor.stats().failedPasses()).isEqualTo(1);
        assertThat(executor.stats().failedEvents()).isEqualTo(1);
    }

    @Test
    void waitingIsBoundedAndResultsCanBeCollectedLater() throws Exception {
        GatedFakeModel model = new GatedFakeModel(true);
        executor = SharedInferenceExecutor.start(model, new ExecutorSettings(32, 1 << 20, 0, 256, 5_000, 1));
        Submission s = executor.submit(inputs("slow", 2), in(Duration.ofSeconds(5)));
        assertThat(model.firstPassEntered.await(10, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        assertThat(s.await(in(Duration.ofMillis(30)))).isFalse();
        assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(5).toNanos());
        assertThat(s.isDone()).isFalse();
        model.gate.countDown();
        assertThat(s.await(in(Duration.ofSeconds(10)))).isTrue();
        assertThat(answers(s)).containsExactly("slow-0", "slow-1");
    }

    @Test
    void closingAbandonsQueuedInputsInsteadOfFailingThem() throws Exception {
        GatedFakeModel model = new GatedFakeModel(true);
        executor = SharedInferenceExecutor.start(model, new ExecutorSettings(32, 1 << 20, 0, 256, 50, 1));
        Submission running = executor.submit(inputs("r", 1), in(Duration.ofSeconds(5)));
        assertThat(model.firstPassEntered.await(10, TimeUnit.SECONDS)).isTrue();
        Submission queued = executor.submit(inputs("q", 2), in(Duration.ofSeconds(5)));
        executor.close();
        assertThat(queued.await(in(Duration.ofSeconds(1)))).isTrue();
        assertThat(queued.outcomes()).allSatisfy(o -> assertThat(o.abandoned()).isTrue());
        assertThat(executor.submit(inputs("after", 1), in(Duration.ofMillis(10)))).isNull();
        model.gate.countDown();
        assertThat(running.await(in(Duration.ofSeconds(10)))).isTrue();
        assertThat(answers(running)).containsExactly("r-0");
    }

    @Test
    void theFixtureModelGivesTheSameOutputsThroughTheExecutorAsThroughAPredictor() throws Exception {
        OnnxMultiHeadModel fixture = TestBundles.fixtureModel();
        List<ModelInput> batch = List.of(
                new ModelInput("Who wrote it?", "The report was written by Ada Lovelace in 1843. It was long."),
                new ModelInput("Where?", "Paris is the capital of France. " + "It is large. ".repeat(200)),
                new ModelInput("", "A question-free input still gets a summary. Two sentences."));
        List<ModelOutput> direct;
        try (HeadPredictor p = fixture.newPredictor()) {
            direct = p.predict(batch);
        }
        executor = SharedInferenceExecutor.start(fixture, ExecutorSettings.defaults());
        Submission s = executor.submit(batch, in(Duration.ofSeconds(30)));
        assertThat(s.await(in(Duration.ofSeconds(60)))).isTrue();
        assertThat(s.outcomes()).extracting(Outcome::output).containsExactlyElementsOf(direct);
        assertThat(executor.stats().encodeNanos()).isPositive();
        assertThat(executor.stats().decodeNanos()).isPositive();
    }
}
