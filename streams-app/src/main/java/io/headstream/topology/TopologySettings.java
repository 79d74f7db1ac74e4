package io.headstream.topology;

/**
 * The knobs the topology reads, taken from the configuration by the app.
 *
 * @param applicationId stamped on dead letters so a shared dead-letter topic says who wrote them
 * @param maxBatchSize events per forward pass, at most
 * @param maxBatchDelayMs wall-clock time a partly filled batch may wait for more events
 * @param maxQuestionChars longer questions are dead-lettered
 * @param maxContextChars longer contexts are dead-lettered
 * @param outputLimits size bounds on every output record
 * @param maxPublishAttempts an event whose publication failed with its transaction this many
 *     times is dead-lettered ({@code repeated_failure}) instead of being published again
 */
public record TopologySettings(String applicationId, int maxBatchSize, long maxBatchDelayMs, int maxQuestionChars,
        int maxContextChars, OutputLimits outputLimits, int maxPublishAttempts) {
    /** The default number of publication attempts: the second one alone, then a dead letter. */
    public static final int DEFAULT_MAX_PUBLISH_ATTEMPTS = 2;

    public TopologySettings {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1");
        }
        if (maxBatchDelayMs < 0) {
            throw new IllegalArgumentException("maxBatchDelayMs must be >= 0");
        }
        if (maxPublishAttempts < 1) {
            throw new IllegalArgumentException("maxPublishAttempts must be >= 1");
        }
    }

    /** With the default output limits and publication attempts. */
    public TopologySettings(String applicationId, int maxBatchSize, long maxBatchDelayMs, int maxQuestionChars,
            int maxContextChars) {
        this(applicationId, maxBatchSize, maxBatchDelayMs, maxQuestionChars, maxContextChars, OutputLimits.DEFAULTS,
                DEFAULT_MAX_PUBLISH_ATTEMPTS);
    }
}
