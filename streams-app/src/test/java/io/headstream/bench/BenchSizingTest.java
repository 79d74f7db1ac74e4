package io.headstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.inference.ModelInput;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How much the benchmark measures: figure 1's pass pairs and the backlog of figures 3 and 4. */
class BenchSizingTest {

    @Test
    void figureOneTakesEnoughPassPairsWhenARoundHasFewPasses() {
        // 48 SQuAD-length events in passes of 16: 3 passes a round, so the default 2 rounds give
        // only 6 pass pairs, far too few against +-10 % per-pass noise.
        assertThat(RawFigures.figureOneRounds(2, 3)).isEqualTo(8);
        assertThat(RawFigures.figureOneRounds(2, 3) * 3).isGreaterThanOrEqualTo(RawFigures.MIN_PASS_PAIRS);
        assertThat(RawFigures.figureOneRounds(2, 5)).isEqualTo(5);
    }

    @Test
    void figureOneKeepsMoreRoundsWhenAskedFor() {
        assertThat(RawFigures.figureOneRounds(30, 3)).isEqualTo(30);
        assertThat(RawFigures.figureOneRounds(2, 100)).isEqualTo(2);
    }

    @Test
    void backlogRepeatsTheInputsInOrder() {
        List<ModelInput> inputs = List.of(new ModelInput("q1?", "c1."), new ModelInput("q2?", "c2."));
        List<ModelInput> backlog = StreamFigures.backlogEvents(inputs, 3);
        assertThat(backlog).hasSize(6);
        assertThat(backlog.subList(4, 6)).isEqualTo(inputs);
        assertThat(StreamFigures.backlogEvents(inputs, 0)).isEqualTo(inputs);
    }
}
