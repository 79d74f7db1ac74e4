package io.headstream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whole-word span extension on the cases {@code training/tests/word_span_cases.json} shares with
 * the Python test; the file's offsets count code points and are converted to UTF-16 here.
 */
class WordSpansTest {

    @Test
    void theSharedCasesExtendAsInPython() throws IOException {
        JsonNode doc = new ObjectMapper().readTree(
                TestBundles.repoRoot().resolve("training/tests/word_span_cases.json").toFile());
        List<String> failures = new ArrayList<>();
        int n = 0;
        for (JsonNode c : doc.path("cases")) {
            String text = c.path("text").asText();
            int s = text.offsetByCodePoints(0, c.path("span").get(0).asInt());
            int e = text.offsetByCodePoints(0, c.path("span").get(1).asInt());
            int[] got = WordSpans.extend(text, s, e);
            List<Integer> gotCp = List.of(text.codePointCount(0, got[0]), text.codePointCount(0, got[1]));
            List<Integer> want = List.of(c.path("expected").get(0).asInt(), c.path("expected").get(1).asInt());
            String gotText = text.substring(got[0], got[1]);
            if (!gotCp.equals(want) || !gotText.equals(c.path("expected_text").asText())) {
                failures.add(c.path("name").asText() + ": got " + gotCp + " \"" + gotText + "\", want " + want);
            }
            n++;
        }
        assertThat(n).isGreaterThanOrEqualTo(15);
        assertThat(failures).isEmpty();
    }

    @Test
    void boundariesAtTheTextEdgesStay() {
        assertThat(WordSpans.extend("abc", 0, 3)).containsExactly(0, 3);
        assertThat(WordSpans.extend("abc", 1, 2)).containsExactly(0, 3);
        assertThat(WordSpans.extend("", 0, 0)).containsExactly(0, 0);
    }

    @Test
    void aSurrogatePairLetterIsWalkedAsOneCharacter() {
        String text = "x\uD835\uDC00yz end"; // x, MATHEMATICAL BOLD CAPITAL A (two UTF-16 units), yz
        assertThat(WordSpans.extend(text, 3, 5)).containsExactly(0, 5);
    }
}
