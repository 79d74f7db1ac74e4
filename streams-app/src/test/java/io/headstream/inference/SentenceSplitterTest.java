package io.headstream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sentence splitter; the cases of training/tests/test_decode_sentences.py plus Unicode ones. */
class SentenceSplitterTest {

    private static List<String> texts(String text) {
        return SentenceSplitter.split(text).stream().map(s -> text.substring(s[0], s[1])).toList();
    }

    @Test
    void simpleSentencesAndOffsets() {
        String text = "  First one. Second one!  Third?";
        assertThat(texts(text)).containsExactly("First one.", "Second one!", "Third?");
        assertThat(SentenceSplitter.split(text).get(0)).containsExactly(2, 12);
    }

    @Test
    void abbreviationsDoNotSplit() {
        assertThat(texts("Dr. Smith met Mr. Jones at 5 p.m. today. They talked."))
                .containsExactly("Dr. Smith met Mr. Jones at 5 p.m. today.", "They talked.");
    }

    @Test
    void dottedAcronymsAndEgDoNotSplit() {
        assertThat(texts("The U.S. Army won. Later, e.g. in 1990, it lost."))
                .containsExactly("The U.S. Army won.", "Later, e.g. in 1990, it lost.");
        // the documented limitation: an acronym really ending a sentence does not split
        assertThat(texts("He moved to the U.S. The rest followed.")).containsExactly("He moved to the U.S. The rest followed.");
    }

    @Test
    void decimalsAndInitials() {
        assertThat(texts("Growth was 3.5 percent. J. K. Rowling wrote it."))
                .containsExactly("Growth was 3.5 percent.", "J. K. Rowling wrote it.");
    }

    @Test
    void aLowercaseNextWordDoesNotSplit() {
        assertThat(texts("He said wow! and left. Then what?")).containsExactly("He said wow! and left.", "Then what?");
    }

    @Test
    void closingQuotesStayWithTheSentence() {
        assertThat(texts("\"Is it?\" she asked. \"Yes.\" He nodded...  (Really.) Fine"))
                .containsExactly("\"Is it?\" she asked.", "\"Yes.\"", "He nodded...", "(Really.)", "Fine");
    }

    @Test
    void lineBreaksAlwaysSplit() {
        assertThat(texts("Speaker A: hello there\nSpeaker B: so , um . OK .\n \n Last line without stop"))
                .containsExactly("Speaker A: hello there", "Speaker B: so , um .", "OK .", "Last line without stop");
    }

    @Test
    void noWhitespaceAfterAPeriodDoesNotSplit() {
        assertThat(texts("Dail Eireann.The Second Dail ratified it.")).containsExactly("Dail Eireann.The Second Dail ratified it.");
    }

    @Test
    void emptyAndBlankTextHaveNoSentences() {
        assertThat(SentenceSplitter.split("")).isEmpty();
        assertThat(SentenceSplitter.split(" \n\t ")).isEmpty();
    }

    @Test
    void spansPartitionTheNonSpaceText() {
        String text = "A b. C d!\nE f? g h. I (j.) K. L";
        List<int[]> spans = SentenceSplitter.split(text);
        StringBuilder joined = new StringBuilder();
        spans.forEach(s -> joined.append(text, s[0], s[1]));
        assertThat(joined.toString().replace(" ", "")).isEqualTo(text.replace(" ", "").replace("\n", ""));
        for (int k = 1; k < spans.size(); k++) {
            assertThat(spans.get(k - 1)[1]).isLessThanOrEqualTo(spans.get(k)[0]);
        }
    }

    @Test
    void emojiAccentsCjkAndNonBreakingSpacesAreHandledAsPythonDoes() {
        // U+00A0 is whitespace to Python's str.isspace (not to Java's isWhitespace); the emoji is a
        // surrogate pair; "É" is an uppercase next word, "é" a lowercase one.
        String text = "Café 😀 ok.\u00a0Été arrive. 北京很大。 Next! é suit.";
        assertThat(texts(text)).containsExactly("Café 😀 ok.", "Été arrive.", "北京很大。", "Next! é suit.");
    }

    @Test
    void fullWidthTerminatorsEndASentenceWithoutAFollowingSpace() {
        assertThat(texts("东京是日本的首都。它有很多人口！真的吗？是的")).containsExactly(
                "东京是日本的首都。", "它有很多人口！", "真的吗？", "是的");
    }

    @Test
    void directionMarksAfterATerminatorDoNotHideTheBoundary() {
        // Arabic text often carries U+200F (right-to-left mark) after the full stop; the Arabic
        // question mark U+061F is a terminator too.
        String text = "ذهب أحمد إلى باريس.\u200f ثم عاد إلى البيت.\u200f هل عاد؟ نعم.";
        assertThat(texts(text)).containsExactly("ذهب أحمد إلى باريس.\u200f", "ثم عاد إلى البيت.\u200f", "هل عاد؟",
                "نعم.");
    }

    @Test
    void stopAtEndsAfterTheFirstSentenceStartingThere() {
        String text = "One. Two. Three. Four.";
        assertThat(SentenceSplitter.split(text, 6)).hasSize(3);
        assertThat(SentenceSplitter.split(text, 0)).hasSize(1);
    }
}
