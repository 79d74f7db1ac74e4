package io.headstream.inference;

import static io.headstream.inference.SyntheticWindows.CONTEXT;
import static io.headstream.inference.SyntheticWindows.input;
import static io.headstream.inference.SyntheticWindows.logits;
import static io.headstream.inference.SyntheticWindows.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The span decoder on hand-made logits; the same cases as training/tests/test_decode.py. */
class AnswerDecoderTest {

    private static AnswerResult decode(EncodedInput in, List<WindowLogits> lg, int maxAnswerTokens, boolean allowNull) {
        return new AnswerDecoder("answer", maxAnswerTokens, allowNull, 0.0).decode(in, lg);
    }

    private static AnswerResult decode(EncodedInput in, List<WindowLogits> lg) {
        return decode(in, lg, 30, true);
    }

    @Test
    void theNullThresholdMovesTheNoAnswerDecision() {
        EncodedInput in = input(new int[] {0, 14});
        // span 1 + 1 = 2, null 3: margin 1
        List<WindowLogits> lg = logits(in, map(Map.of(3, 1.0)), map(Map.of(3, 1.0)), (w, win) -> 3, null, null);
        assertThat(new AnswerDecoder("answer", 30, true, 0.0).decode(in, lg).noAnswer()).isTrue();
        assertThat(new AnswerDecoder("answer", 30, true, 0.99).decode(in, lg).noAnswer()).isTrue();
        AnswerResult a = new AnswerDecoder("answer", 30, true, 1.5).decode(in, lg);
        assertThat(a.noAnswer()).isFalse();
        assertThat(a.text()).isEqualTo("Delta");
        // a negative threshold abstains more: margin 1 > -2 already did; margin -1 > -2 now does too
        List<WindowLogits> sure = logits(in, map(Map.of(3, 1.0)), map(Map.of(3, 1.0)), (w, win) -> 1, null, null);
        assertThat(new AnswerDecoder("answer", 30, true, 0.0).decode(in, sure).noAnswer()).isFalse();
        assertThat(new AnswerDecoder("answer", 30, true, -2.0).decode(in, sure).noAnswer()).isTrue();
    }

    @Test
    void bestSpanIsAnExactSubstring() {
        EncodedInput in = input(new int[] {0, 14});
        List<WindowLogits> lg = logits(in, map(Map.of(3, 5.0)), map(Map.of(5, 4.0)), (w, win) -> -20, null, null);
        AnswerResult a = decode(in, lg);
        assertThat(a.noAnswer()).isFalse();
        assertThat(a.text()).isEqualTo("Delta epsilon zeta");
        assertThat(CONTEXT.substring(a.start(), a.end())).isEqualTo(a.text());
        assertThat(a.head()).isEqualTo("answer");
        assertThat(a.spanScore()).isEqualTo(9.0);
        assertThat(a.nullScore()).isEqualTo(-20.0);
        // span 9 against null -20: the sigmoid of the margin
        assertThat(a.score()).isCloseTo(AnswerDecoder.sigmoid(29.0), within(1e-12));
    }

    @Test
    void endBeforeStartAndTooLongSpansAreInvalid() {
        EncodedInput in = input(new int[] {0, 14});
        List<WindowLogits> lg = logits(in, map(Map.of(6, 5.0, 1, 1.0)), map(Map.of(2, 5.0, 13, 4.0)),
                (w, win) -> -20, null, null);
        AnswerResult a = decode(in, lg, 3, true);
        assertThat(a.text()).isEqualTo("beta gamma.");
    }

    @Test
    void questionAndSpecialTokensAreNeverAnswers() {
        EncodedInput in = input(new int[] {0, 14});
        List<WindowLogits> lg = logits(in, map(Map.of(0, 1.0)), map(Map.of(0, 1.0)), (w, win) -> -20, null, null);
        lg.get(0).start()[0] = 100; // [CLS]
        lg.get(0).end()[1] = 100; // a question token
        lg.get(0).end()[lg.get(0).end().length - 1] = 100; // the final [SEP]
        assertThat(decode(in, lg).text()).isEqualTo("Alpha");
    }

    @Test
    void bestSpanIsFoundInALaterWindow() {
        EncodedInput in = input(new int[] {0, 8}, new int[] {5, 14});
        List<WindowLogits> lg = logits(in, map(Map.of(2, 3.0, 9, 6.0)), map(Map.of(2, 3.0, 10, 6.0)),
                (w, win) -> -20, null, null);
        assertThat(decode(in, lg).text()).isEqualTo("kappa lambda.");
    }

    @Test
    void aSpanCannotCrossWindows() {
        EncodedInput in = input(new int[] {0, 8}, new int[] {6, 14});
        // start high only where window 1 sees token 4, end high only on token 12 (window 2 only)
        List<WindowLogits> lg = logits(in, (w, t) -> w == 0 && t == 4 ? 9.0 : null, map(Map.of(12, 9.0)),
                (w, win) -> -50, null, null);
        AnswerResult a = decode(in, lg);
        assertThat(a.text()).isNotEqualTo("epsilon zeta eta. Theta iota kappa lambda. Mu nu.");
        assertThat(a.noAnswer()).isFalse();
    }

    @Test
    void noAnswerWinsWhenTheMinimumNullBeatsTheBestSpan() {
        EncodedInput in = input(new int[] {0, 8}, new int[] {6, 14});
        double[] nulls = {7.0, 4.0};
        List<WindowLogits> lg = logits(in, map(Map.of(3, 1.0)), map(Map.of(3, 1.0)), (w, win) -> nulls[w], null, null);
        AnswerResult a = decode(in, lg);
        assertThat(a.noAnswer()).isTrue();
        assertThat(a.text()).isEmpty();
        assertThat(a.start()).isEqualTo(-1);
        assertThat(a.end()).isEqualTo(-1);
        assertThat(a.score()).isCloseTo(AnswerDecoder.sigmoid(2.0), within(1e-12));
        assertThat(a.nullScore()).isEqualTo(4.0); // the minimum over windows
        assertThat(a.nullMargin()).isCloseTo(2.0, within(1e-12));
        // the same logits with null answers off (SQuAD v1.1) answer the span
        assertThat(decode(in, lg, 30, false).text()).isEqualTo("Delta");
    }

    @Test
    void theSpanWinsATieWithNull() {
        EncodedInput in = input(new int[] {0, 14});
        List<WindowLogits> lg = logits(in, map(Map.of(3, 1.0)), map(Map.of(3, 1.0)), (w, win) -> 2, null, null);
        assertThat(decode(in, lg).noAnswer()).isFalse();
    }

    @Test
    void tiesGoToTheFirstWindowThenTheLowestStart() {
        EncodedInput in = input(new int[] {0, 8}, new int[] {4, 14});
        List<WindowLogits> lg = logits(in, map(Map.of(5, 2.0, 6, 2.0)), map(Map.of(6, 2.0)), (w, win) -> -20, null, null);
        assertThat(decode(in, lg).text()).isEqualTo("zeta eta.");
    }

    @Test
    void noWindowsMeansNoAnswer() {
        EncodedInput in = new EncodedInput(new ModelInput("q", ""), TokenSpans.EMPTY, List.of(), false);
        AnswerResult a = decode(in, List.of());
        assertThat(a.noAnswer()).isTrue();
        assertThat(a.score()).isEqualTo(1.0);
    }
}
