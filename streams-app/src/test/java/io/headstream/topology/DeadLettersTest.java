package io.headstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.schema.DeadLetter;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
    private final DeadLetters letters = new DeadLetters("app");

    @Test
    void keepsTheOriginalBytesWhenTheyFit() {
        SourceRecordRef source = new SourceRecordRef("q", 2, 7, 0, "k".getBytes(), new byte[10_000]);
        DeadLetter d = letters.bounded(source, DeadLetterReason.OUTPUT_TOO_LARGE, "too big", null, 900_000);
        assertThat(d.getOriginalValue().remaining()).isEqualTo(10_000);
        assertThat(d.getErrorMessage()).isEqualTo("too big");
    }

    @Test
    void leavesOutAValueThatWouldNotFitAndSaysWhereItIs() {
        SourceRecordRef source = new SourceRecordRef("q", 2, 7, 0, "k".getBytes(), new byte[50_000]);
        DeadLetter d = letters.bounded(source, DeadLetterReason.OUTPUT_TOO_LARGE, "too big", null, 40_000);
        assertThat(d.getOriginalValue()).isNull();
        assertThat(d.getOriginalKey().remaining()).isEqualTo(1);
        assertThat(d.getErrorMessage()).contains("original value (50000 bytes)").contains("q-2@7");
        assertThat(d.getSourceOffset()).isEqualTo(7L);
    }
}
