package io.headstream.inference;

import static io.headstream.inference.SyntheticWindows.input;
import static io.headstream.inference.SyntheticWindows.logits;
import static io.headstream.inference.SyntheticWindows.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The salience decoder on hand-made logits; sentences are 0 = tokens 0-2, 1 = 3-6, 2 = 7-10,
 * 3 = 11-12 ("Mu nu."). Same cases as training/tests/test_decode.py.
 */
class SummaryDecoderTest {

    private static final AnswerResult NO_ANSWER = new AnswerResult("answer", "", -1, -1, 1, true);

    private static SummaryResult decode(EncodedInput in, List<WindowLogits> lg, int maxSentences, int maxChars) {
        return new SummaryDecoder("summary", maxSentences, maxChars).decode(in, lg, NO_ANSWER);
    }

    private static List<Integer> starts(SummaryResult s) {
        return s.sentences().stream().map(ScoredText::start).toList();
    }

    @Test
    void meanSigmoidRanksAndContextOrderIsKept() {
        EncodedInput in = input(new int[] {0, 14});
        List<WindowLogits> lg = logits(in, null, null, (w, win) -> 0,
                map(Map.of(7, 4.0, 8, 4.0, 9, 4.0, 10, 4.0, 0, 2.0, 1, 2.0, 2, 2.0)), null);
        SummaryResult s = decode(in, lg, 2, 0);
        assertThat(s.text()).isEqualTo("Alpha beta gamma. Theta iota kappa lambda.");
        assertThat(s.sentences()).extracting(ScoredText::text)
                .containsExactly("Alpha beta gamma.", "Theta iota kappa lambda.");
        assertThat(s.sentences().get(1).score()).isCloseTo(AnswerDecoder.sigmoid(4.0), within(1e-12));
        assertThat(s.sentences()).allMatch(t -> t.label().equals("sentence") && !t.overlapsAnswer());
        assertThat(s.head()).isEqualTo("summary");
    }

    @Test
    void aTokenSeenTwiceTakesTheMaximumOverWindows() {
        EncodedInput in = input(new int[] {0, 8}, new int[] {5, 14});
        // token 6 ("eta.") is high in window 2 only
        List<WindowLogits> lg = logits(in, null, null, (w, win) -> 0, (w, t) -> t == 6 ? (w == 1 ? 6.0 : -6.0) : null, null);
        SummaryResult s = decode(in, lg, 1, 0);
        assertThat(s.text()).isEqualTo("Delta epsilon zeta eta.");
        double expected = (3 * AnswerDecoder.sigmoid(-5) + AnswerDecoder.sigmoid(6)) / 4;
        assertThat(s.sentences().get(0).score()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void theCharacterBudgetSkipsLongSentencesButKeepsTheFirst() {
        EncodedInput in = input(new int[] {0, 14});
        List<WindowLogits> lg = logits(in, null, null, (w, win) -> 0, map(Map.of(11, 5.0, 12, 5.0, 7, 4.0, 0, 3.0)), null);
        // ranking: 3 "Mu nu." (6 chars), 2 (24), 0 (17), 1
        assertThat(starts(decode(in, lg, 0, 24))).containsExactly(0, 67);
        assertThat(starts(decode(in, lg, 0, 3))).containsExactly(67);
    }

    @Test
    void sentencesNoWindowReadAreNotCandidates() {
        EncodedInput in = input(new int[] {0, 7});
        List<WindowLogits> lg = logits(in, null, null, (w, win) -> 0, null, null);
        assertThat(decode(in, lg, 5, 0).sentences()).extracting(ScoredText::text)
                .containsExactly("Alpha beta gamma.", "Delta epsilon zeta eta.");
    }

    @Test
    void equalScoresPreferTheEarlierSentence() {
        EncodedInput in = input(new int[] {0, 14});
        List<WindowLogits> lg = logits(in, null, null, (w, win) -> 0, null, null);
        assertThat(starts(decode(in, lg, 2, 0))).containsExactly(0, 18);
    }

    @Test
    void sentencesOverlappingTheAnswerAreMarked() {
        EncodedInput in = input(new int[] {0, 14});
        List<WindowLogits> lg = logits(in, null, null, (w, win) -> 0, null, null);
        AnswerResult answer = new AnswerResult("answer", "zeta", 32, 36, 0.9, false);
        SummaryResult s = new SummaryDecoder("summary", 2, 0).decode(in, lg, answer);
        assertThat(s.sentences()).extracting(ScoredText::overlapsAnswer).containsExactly(false, true);
    }

    /** The same cases as ClipSentenceTest in training/tests/test_decode.py. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "word word word word word word word word word word word word word word word word word word word word|30|word word word word word word",
        "汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字|30|汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字汉字",
        "short.|30|short.",
        "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀|10|😀😀😀😀😀😀😀😀😀😀",
        "word word word|0|word word word"})
    void clipCutsAtAWordOrAtTheLimit(String text, int limit, String want) {
        org.assertj.core.api.Assertions.assertThat(text.substring(0, SummaryDecoder.clip(text, 0, text.length(), limit)))
                .isEqualTo(want);
    }
}
