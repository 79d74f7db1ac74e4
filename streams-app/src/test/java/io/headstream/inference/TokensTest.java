package io.headstream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The fixture's tokenizer through {@link Tokens}: offsets into the ORIGINAL text, prefix encoding. */
class TokensTest {

    private static Tokens tokens;

    @BeforeAll
    static void load() {
        tokens = Tokens.load(ModelBundle.load(TestBundles.fixture()).tokenizerFile());
    }

    @AfterAll
    static void close() {
        tokens.close();
    }

    /** What BERT's normalizer makes of a piece of original text: lowercase, accents stripped. */
    private static String normalized(String original) {
        String nfd = Normalizer.normalize(original.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        return nfd.replaceAll("\\p{Mn}", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Plain ASCII text, with punctuation: fine.",
        "Café naïve résumé Ångström Øre",
        "Emoji 😀 then 👍🏽 and text after them",
        "北京大学 is in 北京, 東京 too",
        "mixed👍🏽emoji😀inside words",
        "Tabs\tand\nnewlines\r\nand  double  spaces",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math letters and 🇫🇷 flags",
    })
    void everyTokenSpanIsTheOriginalTextOfThatToken(String text) {
        TokenSpans t = tokens.encode(text, 1000);
        assertThat(t.size()).isPositive();
        assertThat(t.truncated()).isFalse();
        int previousEnd = 0;
        for (int i = 0; i < t.size(); i++) {
            int s = t.starts()[i];
            int e = t.ends()[i];
            assertThat(s).isGreaterThanOrEqualTo(previousEnd).isLessThan(e);
            assertThat(e).isLessThanOrEqualTo(text.length());
            // never half a surrogate pair
            assertThat(Character.isLowSurrogate(text.charAt(s))).isFalse();
            assertThat(e == text.length() || !Character.isLowSurrogate(text.charAt(e))).isTrue();
            String piece = text.substring(s, e);
            assertThat(piece.isBlank()).as("token %d spans only whitespace", i).isFalse();
            previousEnd = e;
        }
    }

    @Test
    void offsetsAfterSupplementaryCharactersAreUtf16Offsets() {
        String text = "😀😀 café 北京 naïve";
        TokenSpans t = tokens.encode(text, 100);
        int cafe = text.indexOf("café");
        int naive = text.indexOf("naïve");
        int beijing = text.indexOf("北");
        assertThat(Arrays.stream(t.starts()).boxed().toList()).contains(cafe, naive, beijing);
        // the word's tokens tile it exactly (wordpieces of an out-of-vocabulary word included)
        StringBuilder tiled = new StringBuilder();
        int expectedStart = cafe;
        for (int i = 0; i < t.size(); i++) {
            if (t.starts()[i] >= cafe && t.ends()[i] <= cafe + 4) {
                assertThat(t.starts()[i]).isEqualTo(expectedStart);
                tiled.append(normalized(text.substring(t.starts()[i], t.ends()[i])));
                expectedStart = t.ends()[i];
            }
        }
        assertThat(expectedStart).isEqualTo(cafe + 4);
        assertThat(tiled.toString()).isEqualTo("cafe");
        // the last token ends exactly at the end of "naïve"
        assertThat(t.ends()[t.size() - 1]).isEqualTo(text.length());
    }

    @Test
    void unpairedSurrogatesDoNotShiftOffsets() {
        String text = "abc\uD800def ghi \uDC00x 😀 end\uD83D";
        TokenSpans t = tokens.encode(text, 100);
        int ghi = text.indexOf("ghi");
        int end = text.indexOf("end");
        assertThat(Arrays.stream(t.starts()).boxed().toList()).contains(ghi, end);
        assertThat(Arrays.stream(t.ends()).allMatch(e -> e <= text.length())).isTrue();
        assertThat(Tokens.withoutLoneSurrogates("a😀b")).isEqualTo("a😀b");
        assertThat(Tokens.withoutLoneSurrogates("a\uD800b\uDC00")).isEqualTo("a\uFFFDb\uFFFD");
    }

    @Test
    void emptyAndWhitespaceOnlyTextHaveNoTokens() {
        assertThat(tokens.encode("", 10).size()).isZero();
        assertThat(tokens.encode(" \t\n\u00a0 \u2003 ", 10).size()).isZero();
        assertThat(tokens.encode(" \t\n ", 10).truncated()).isFalse();
    }

    @Test
    void aPrefixEncodingEqualsTheStartOfTheFullEncoding() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 60_000; i++) {
            sb.append("Sentence ").append(i).append(" talks about naïve café owners 😀 in 北京. ");
        }
        String text = sb.toString();
        TokenSpans full = tokens.encode(text, Integer.MAX_VALUE - 1);
        assertThat(full.truncated()).isFalse();
        TokenSpans prefix = tokens.encode(text, 700);
        assertThat(prefix.size()).isEqualTo(700);
        assertThat(prefix.truncated()).isTrue();
        assertThat(prefix.ids()).isEqualTo(Arrays.copyOf(full.ids(), 700));
        assertThat(prefix.starts()).isEqualTo(Arrays.copyOf(full.starts(), 700));
        assertThat(prefix.ends()).isEqualTo(Arrays.copyOf(full.ends(), 700));
    }

    @Test
    void aLongWordCutByThePrefixIsNotTrusted() {
        // one 20k-char "word" then normal words: the first prefix cuts inside the word
        String text = "x".repeat(20_000) + " tail words here";
        TokenSpans t = tokens.encode(text, 2);
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.starts()[0]).isZero();
        assertThat(t.ends()[0]).isEqualTo(20_000);
        assertThat(t.truncated()).isTrue();
    }

    @Test
    void specialTokenIdsComeFromTheTokenizerFile() {
        // the fixture's vocabulary puts [PAD] [UNK] [CLS] [SEP] [MASK] at 0-4
        assertThat(tokens.padId()).isZero();
        assertThat(tokens.clsId()).isEqualTo(2);
        assertThat(tokens.sepId()).isEqualTo(3);
    }
}
