package io.headstream.inference;

/**
 * One input travelling through the {@link SharedInferenceExecutor}: encoded on the submitting
 * thread, run on an inference thread (in a pass with other requests), decoded back on the
 * submitting thread. The size fields feed the token budget of the pass it joins.
 */
final class InferenceRequest {
    final ModelInput input;
    final ExecutorSubmission owner;
    final long enqueuedNanos;

    /** Stage-specific encoding (windows) and result (logits); see {@link BatchStages}. */
    Object encoded;
    volatile Object raw;
    volatile RuntimeException error;
    volatile boolean abandoned;

    /** Windows this input occupies and the longest of them, in tokens. */
    int windows = 1;
    int longest = 1;

    InferenceRequest(ModelInput input, ExecutorSubmission owner, long enqueuedNanos) {
        this.input = input;
        this.owner = owner;
        this.enqueuedNanos = enqueuedNanos;
    }

    long paddedTokens() {
        return (long) windows * longest;
    }
}
