package io.headstream.topology;

/**
 * The knobs the topology reads, taken from the configuration by the app.
 *
 * @param applicationId stamped on dead letters so a shared dead-letter topic says who wrote them
 * @param maxBatchSize events per forward pass, at most
 * @param maxBatchDelayMs wall-clock time a partly filled batch may wait for more events
 * @param maxQuestionChars longer questions are dead-lettered
 * @param maxContextChars longer contexts are dead-lettered
 */
public record TopologySettings(
        String applicationId, int maxBatchSize, long maxBatchDelayMs, int maxQuestionChars, int maxContextChars) {
    public TopologySettings {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1");
        }
        if (maxBatchDelayMs < 0) {
            throw new IllegalArgumentException("maxBatchDelayMs must be >= 0");
        }
    }
}
