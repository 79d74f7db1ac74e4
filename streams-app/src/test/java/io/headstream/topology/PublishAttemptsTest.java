package io.headstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublishAttemptsTest {
    private static SourceRecordRef at(String topic, int partition, long offset) {
        return new SourceRecordRef(topic, partition, offset, 0, null, null);
    }

    @Test
    void countsPerTopicPartitionAndOffset() {
        PublishAttempts attempts = new PublishAttempts();
        assertThat(attempts.count(at("q", 0, 5))).isZero();
        assertThat(attempts.begin(at("q", 0, 5))).isEqualTo(1);
        assertThat(attempts.begin(at("q", 0, 5))).isEqualTo(2);
        assertThat(attempts.count(at("q", 1, 5))).isZero();
        assertThat(attempts.count(at("r", 0, 5))).isZero();
    }

    @Test
    void forgetsTheOldestBeyondItsCapacityButNotARecentRetry() {
        PublishAttempts attempts = new PublishAttempts(3);
        attempts.begin(at("q", 0, 1));
        attempts.begin(at("q", 0, 2));
        attempts.begin(at("q", 0, 3));
        attempts.begin(at("q", 0, 1)); // retried: now the newest
        attempts.begin(at("q", 0, 4));
        assertThat(attempts.size()).isEqualTo(3);
        assertThat(attempts.count(at("q", 0, 2))).as("oldest forgotten").isZero();
        assertThat(attempts.count(at("q", 0, 1))).isEqualTo(2);
    }
}
