package io.headstream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaddingSplitTest {

    private static Window window(int length) {
        return new Window(0, new long[length], new long[length], 2, 0, length - 3);
    }

    @Test
    void aPassIsCutWhereAWindowIsMoreThanAQuarterLongerThanTheShortestOfItsPass() {
        List<Window> windows = new ArrayList<>();
        for (int len : new int[] {100, 110, 124, 126, 200, 384, 384}) {
            windows.add(window(len));
        }
        List<List<Integer>> planned = List.of(List.of(0, 1, 2, 3, 4, 5, 6));
        assertThat(PaddingSplit.split(planned, windows))
                .containsExactly(List.of(0, 1, 2), List.of(3), List.of(4), List.of(5, 6));
    }

    @Test
    void passesOfSimilarLengthsAreLeftAlone() {
        List<Window> windows = List.of(window(300), window(320), window(370), window(40));
        List<List<Integer>> planned = List.of(List.of(0, 1, 2), List.of(3));
        assertThat(PaddingSplit.split(planned, windows)).containsExactly(List.of(0, 1, 2), List.of(3));
    }
}
