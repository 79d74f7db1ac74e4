package io.headstream.inference;

import java.util.List;

/**
 * A batch of inputs handed to a {@link BatchSubmitter}, completing later. The submitting thread
 * waits for it with a deadline (never unbounded, so a stream thread keeps polling), then reads
 * the per-input {@link Outcome}s; decoding happens in {@link #outcomes()}, on the reading thread.
 */
public interface Submission {

    /** Waits until every input is done or {@code deadlineNanos} ({@link System#nanoTime()}) passes. */
    boolean await(long deadlineNanos) throws InterruptedException;

    boolean isDone();

    /** One outcome per input, in input order; only once {@link #isDone()}. */
    List<Outcome> outcomes();

    /** Drops the inputs not yet run; their outcomes become {@link Outcome#abandoned()}. */
    void cancel();
}
