package io.headstream.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Submission} to the {@link SharedInferenceExecutor}: a latch counted down as each of its
 * requests completes (they may run in different passes), decoded once on the reading thread.
 */
final class ExecutorSubmission implements Submission {

    private final SharedInferenceExecutor executor;
    private final List<InferenceRequest> requests = new ArrayList<>();
    private CountDownLatch latch;
    private List<Outcome> outcomes;
    private volatile boolean cancelled;

    ExecutorSubmission(SharedInferenceExecutor executor) {
        this.executor = executor;
    }

    void add(InferenceRequest request) {
        requests.add(request);
    }

    List<InferenceRequest> requests() {
        return requests;
    }

    /** Arms the latch for the requests that still have to run (the others failed while encoding). */
    void arm(int toRun) {
        latch = new CountDownLatch(toRun);
    }

    void completed() {
        latch.countDown();
    }

    boolean cancelled() {
        return cancelled;
    }

    @Override
    public boolean await(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? latch.getCount() == 0 : latch.await(left, TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean isDone() {
        return latch.getCount() == 0;
    }

    @Override
    public synchronized List<Outcome> outcomes() {
        if (!isDone()) {
            throw new IllegalStateException("submission is not done yet");
        }
        if (outcomes == null) {
            long t0 = System.nanoTime();
            List<Outcome> out = new ArrayList<>(requests.size());
            for (InferenceRequest r : requests) {
                out.add(outcome(r));
            }
            executor.stats().addDecode(System.nanoTime() - t0);
            outcomes = List.copyOf(out);
        }
        return outcomes;
    }

    private Outcome outcome(InferenceRequest r) {
        if (r.error != null) {
            return Outcome.failed(r.error);
        }
        if (r.abandoned) {
            return Outcome.notRun();
        }
        try {
            return Outcome.ok(executor.stages().decode(r));
        } catch (RuntimeException e) {
            return Outcome.failed(new InferenceException("decoding the heads failed: " + e.getMessage(), e));
        } finally {
            r.raw = null;
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        int removed = executor.queue().removeAll(this);
        if (removed > 0) {
            for (InferenceRequest r : requests) {
                if (r.raw == null && r.error == null) {
                    r.abandoned = true;
                }
            }
            for (int i = 0; i < removed; i++) {
                latch.countDown();
            }
        }
    }
}
