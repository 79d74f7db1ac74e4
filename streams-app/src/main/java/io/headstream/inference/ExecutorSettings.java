package io.headstream.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * Tunables of the {@link SharedInferenceExecutor}; the trade-offs are in the README's
 * Performance section.
 *
 * @param maxBatchEvents most events coalesced into one pass (across all tasks and threads)
 * @param tokenBudget most padded tokens ({@code windows x longest window}) of one pass
 * @param maxQueueDelayMs how long an inference thread waits after a pass's first request for more
 *     to arrive; 0 runs whatever is queued at once
 * @param queueCapacity most events waiting for an inference thread; a full queue blocks submitters
 * @param maxWaitMs longest a submitting thread blocks in one call (for queue space plus results)
 * @param threads inference threads (each runs whole passes; 1 suits a CPU whose cores ONNX Runtime
 *     already uses, more can help a GPU)
 */
public record ExecutorSettings(
        int maxBatchEvents, int tokenBudget, long maxQueueDelayMs, int queueCapacity, long maxWaitMs, int threads) {

    public ExecutorSettings {
        List<String> problems = new ArrayList<>();
        if (maxBatchEvents < 1) {
            problems.add("maxBatchEvents must be >= 1, is " + maxBatchEvents);
        }
        if (tokenBudget < 1) {
            problems.add("tokenBudget must be >= 1, is " + tokenBudget);
        }
        if (maxQueueDelayMs < 0) {
            problems.add("maxQueueDelayMs must be >= 0, is " + maxQueueDelayMs);
        }
        if (queueCapacity < 1) {
            problems.add("queueCapacity must be >= 1, is " + queueCapacity);
        }
        if (maxWaitMs < 1) {
            problems.add("maxWaitMs must be >= 1, is " + maxWaitMs);
        }
        if (threads < 1) {
            problems.add("threads must be >= 1, is " + threads);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid executor settings: " + String.join("; ", problems));
        }
    }

    /** 32 events / 16384 tokens per pass, 2 ms queue delay, 256 queued events, 2 s max wait, 1 thread. */
    public static ExecutorSettings defaults() {
        return new ExecutorSettings(32, 16_384, 2, 256, 2_000, 1);
    }
}
