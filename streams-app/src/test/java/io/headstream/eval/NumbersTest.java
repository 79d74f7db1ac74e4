package io.headstream.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Number metrics on hand-computed cases (training/tests/test_metrics_numbers.py). */
class NumbersTest {

    @Test
    void normalisedForms() {
        for (String raw : List.of("(1,234.50)", "-1234.5", "$1,234.5", "1234.50%", "$ 1,234.5")) {
            assertThat(Numbers.normalize(raw)).as(raw).isEqualTo("1234.5");
        }
        assertThat(Numbers.normalize("007")).isEqualTo("7");
        assertThat(Numbers.normalize("5.0")).isEqualTo("5");
        assertThat(Numbers.normalize(".5")).isEqualTo("0.5");
        assertThat(Numbers.normalize("abc")).isNull();
    }

    @Test
    void extractionKeepsThousandsAndDecimals() {
        assertThat(Numbers.extract("$  1,452.4 and (56.7) in 2019, 2018; 3.5%"))
                .containsExactly("1452.4", "56.7", "2019", "2018", "3.5");
    }

    @Test
    void tatqaArgumentRecallIgnoresConstantsAbsentFromTheContext() {
        List<String> derivation = Numbers.extract("(1,496.5 - 1,202.9) / 1,202.9 * 100");
        Set<String> context = new HashSet<>(Numbers.extract("Total sales $1,496.5 $1,202.9 $1,107.7"));
        assertThat(Numbers.argumentRecall(derivation, context, List.of("$1,496.5"))).isEqualTo(0.5);
        assertThat(Numbers.argumentRecall(derivation, context, List.of("1,496.5", "1,202.9"))).isEqualTo(1.0);
        assertThat(Numbers.argumentRecall(derivation, context, List.of())).isEqualTo(0.0);
        assertThat(Numbers.argumentRecall(List.of("100"), context, List.of("x"))).isNull();
        assertThat(Numbers.markedShare(List.of("1,496.5"), context)).isEqualTo(1.0 / 3);
        // 2 of the context's 3 distinct numbers are arguments; "100" is a constant, not counted.
        assertThat(Numbers.argumentChance(derivation, context)).isEqualTo(2.0 / 3);
        assertThat(Numbers.argumentChance(List.of("100"), context)).isNull();
    }

    @Test
    void dropRecallOnADirectOccurrence() {
        String passage = "He kicked a 47-yard field goal and a 22-yard field goal.";
        assertThat(Numbers.dropNumberRecall("47", passage, List.of("a 47-yard field goal"))).isEqualTo(1.0);
        assertThat(Numbers.dropNumberRecall("47", passage, List.of("22-yard"))).isEqualTo(0.0);
    }

    @Test
    void dropRecallOnADifferencePair() {
        String passage = "Asia had $23.6 billion, the total was 74.2 billion and Europe 22.1 billion.";
        assertThat(Numbers.dropCandidates("50.6", Numbers.extract(passage))).containsExactly(Set.of("23.6", "74.2"));
        assertThat(Numbers.dropNumberRecall("50.6", passage, List.of("74.2 billion"))).isEqualTo(0.5);
        assertThat(Numbers.dropNumberRecall("50.6", passage, List.of("$23.6 billion", "74.2"))).isEqualTo(1.0);
        assertThat(Numbers.dropNumberRecall("999", passage, List.of("74.2"))).isNull();
        assertThat(Numbers.dropNumberRecall("Asia", passage, List.of("74.2"))).isNull();
        // 23.6 and 74.2 form the only candidate set: 2 of the passage's 3 distinct numbers.
        assertThat(Numbers.dropArgumentChance("50.6", passage)).isEqualTo(2.0 / 3);
        assertThat(Numbers.dropArgumentChance("999", passage)).isNull();
    }
}
