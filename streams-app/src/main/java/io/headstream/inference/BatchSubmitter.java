package io.headstream.inference;

import java.util.List;

/**
 * Where a stream task sends its micro-batches: either the JVM's {@link SharedInferenceExecutor},
 * which coalesces the batches of all tasks and threads into fused forward passes, or
 * {@link CallerRunsSubmitter}, which runs them on the calling thread with its own predictor.
 */
public interface BatchSubmitter extends AutoCloseable {

    /**
     * Hands {@code inputs} over, blocking while the queue is full but never past
     * {@code deadlineNanos}.
     *
     * @return the submission, or null when it could not be accepted before the deadline (the
     *     queue stayed full, or the submitter is closed): the caller keeps the inputs and tries
     *     again later, which is how backpressure reaches the consumer without dropping anything
     */
    Submission submit(List<ModelInput> inputs, long deadlineNanos) throws InterruptedException;

    /** The longest a caller should block in one call (submit plus wait). */
    long maxWaitNanos();

    @Override
    void close();
}
