package io.headstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.inference.ScoredText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputRecordsBoundsTest {
    private final OutputRecords records = new OutputRecords(
            new io.headstream.inference.ModelIdentity("m", "1", "abc"), new OutputLimits(10, 3, 12, 4096));

    private static ScoredText span(String text, int start, double score) {
        return new ScoredText(text, start, start + text.length(), score, "span", false);
    }

    @Test
    void keepsTheHighestScoringSpansInContextOrder() {
        List<ScoredText> spans = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            spans.add(span("w" + i, i * 3, i % 2 == 0 ? 0.9 - i * 0.01 : 0.1));
        }
        assertThat(records.bounded(spans)).extracting(ScoredText::text).containsExactly("w0", "w2", "w4");
    }

    @Test
    void cutsASpanAtCodePointsAndMovesItsEnd() {
        // Ten code points, the tenth a surrogate pair: the cut keeps it whole.
        String text = "abcdefghi😀jklm";
        ScoredText cut = records.bounded(List.of(span(text, 5, 0.5))).get(0);
        assertThat(cut.text()).isEqualTo("abcdefghi😀");
        assertThat(cut.end()).isEqualTo(5 + cut.text().length());
    }

    @Test
    void summarySentencesStopAtTheCharacterBudgetAndALoneLongFirstIsCut() {
        List<ScoredText> two = List.of(span("Short one.", 0, 0.9), span("Second one.", 11, 0.8));
        assertThat(records.boundedSummary(two)).extracting(ScoredText::text).containsExactly("Short one.");
        List<ScoredText> long1 = List.of(span("An overly long first sentence.", 0, 0.9));
        assertThat(records.boundedSummary(long1)).extracting(ScoredText::text).containsExactly("An overly lo");
    }
}
