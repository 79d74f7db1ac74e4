package io.headstream.inference;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of a {@link SharedInferenceExecutor}, for meters, the benchmark and tests: passes and
 * the events in them, retried passes, failed events, and the time spent per stage (encode and
 * decode on submitting threads, forward on inference threads).
 */
public final class ExecutorStats {
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong failedPasses = new AtomicLong();
    private final AtomicLong failedEvents = new AtomicLong();
    private final AtomicLong encodeNanos = new AtomicLong();
    private final AtomicLong forwardNanos = new AtomicLong();
    private final AtomicLong decodeNanos = new AtomicLong();

    void addPass(int size, long nanos) {
        passes.incrementAndGet();
        events.addAndGet(size);
        forwardNanos.addAndGet(nanos);
    }

    void addFailedPass() {
        failedPasses.incrementAndGet();
    }

    void addFailedEvent() {
        failedEvents.incrementAndGet();
    }

    void addEncode(long nanos) {
        encodeNanos.addAndGet(nanos);
    }

    void addDecode(long nanos) {
        decodeNanos.addAndGet(nanos);
    }

    /** Passes run, retries of single events included. */
    public long passes() {
        return passes.get();
    }

    /** Events run in passes (an event retried alone counts twice). */
    public long events() {
        return events.get();
    }

    /** Passes that failed as a whole (multi-event ones are then retried event by event). */
    public long failedPasses() {
        return failedPasses.get();
    }

    /** Events that failed alone. */
    public long failedEvents() {
        return failedEvents.get();
    }

    public long encodeNanos() {
        return encodeNanos.get();
    }

    public long forwardNanos() {
        return forwardNanos.get();
    }

    public long decodeNanos() {
        return decodeNanos.get();
    }

    /** Mean events per pass so far, 0 before the first. */
    public double meanPassEvents() {
        long p = passes.get();
        return p == 0 ? 0 : (double) events.get() / p;
    }
}
