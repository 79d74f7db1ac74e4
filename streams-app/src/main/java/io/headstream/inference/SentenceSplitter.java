package io.headstream.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The deterministic rule-based sentence splitter of {@code training/headstream_train/sentences.py}
 * ("Sentence splitting" in {@code training/EVALUATION.md}), mirrored character for character so
 * that Java and Python pool salience over the same sentences.
 *
 * <p>A line break always ends a sentence. Inside a line, a run of terminators ({@code . ! ?} and
 * the Arabic {@code ؟ ۔}), optionally followed by closing quotes or brackets and by invisible
 * format characters (Unicode category Cf: the right-to-left and left-to-right marks, bidi
 * controls, zero-width joiners), ends a sentence when whitespace follows and the next non-space
 * character is not a lowercase letter, unless the run is a single {@code .} closing an
 * abbreviation: a listed word ("Dr", "etc"), a dotted acronym ("U.S", "e.g") or a single letter
 * (an initial). Decimals never split: a boundary needs whitespace after the terminator. A run that
 * ends with a full-width terminator ({@code 。！？}, written without a following space in Chinese
 * and Japanese) always ends a sentence.
 * Python counts code points and Java UTF-16 units; the character tests here read whole code points
 * so both make the same cuts, and the spans come back as Java string offsets.
 */
public final class SentenceSplitter {

    /** Lowercased words that, followed by a single ".", do not end a sentence. */
    static final Set<String> ABBREVIATIONS = Set.of((
            "mr mrs ms dr prof sr jr st mt ft vs etc al approx apr aug dec feb fig figs gen gov hon inc "
            + "jan jul jun lt ltd mar messrs mme mlle no nos nov oct op pp rev sep sept sgt capt col cmdr "
            + "cpl maj adm pres rep sen supt co corp dept est ed eds vol vols ca cf viz").split(" "));

    private static final String TERMINATORS = ".!?\u061f\u06d4\u3002\uff01\uff1f";
    private static final String FULL_WIDTH_TERMINATORS = "\u3002\uff01\uff1f";
    private static final String CLOSERS = "\"')]}\u201d\u2019\u00bb";
    private static final String OPENERS = "\"'([{\u201c\u2018\u00ab";
    private static final Pattern DOTTED_ACRONYM = Pattern.compile("^[A-Za-z](?:\\.[A-Za-z])+$");

    private SentenceSplitter() {}

    /** Sentence spans {@code [start, end)}: non-empty, in order, trimmed of surrounding whitespace. */
    public static List<int[]> split(String text) {
        return split(text, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #split(String)} but stops after the first sentence that starts at or after
     * {@code stopAt}: the spans before it are the same as for the whole text, and a huge text the
     * model only partly read is not split to its end.
     */
    public static List<int[]> split(String text, int stopAt) {
        List<int[]> spans = new ArrayList<>();
        int n = text.length();
        int start = -1;
        int i = 0;
        while (i < n) {
            if (!spans.isEmpty() && spans.get(spans.size() - 1)[0] >= stopAt) {
                return spans;
            }
            char ch = text.charAt(i);
            if (ch == '\n' || ch == '\r') {
                start = close(text, spans, start, i);
                i++;
                continue;
            }
            int cp = text.codePointAt(i);
            if (isSpace(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            if (start < 0) {
                start = i;
            }
            if (TERMINATORS.indexOf(ch) < 0) {
                i += Character.charCount(cp);
                continue;
            }
            int j = i;
            while (j < n && TERMINATORS.indexOf(text.charAt(j)) >= 0) {
                j++;
            }
            int runEnd = j;
            while (j < n && (CLOSERS.indexOf(text.charAt(j)) >= 0 || Character.getType(text.charAt(j)) == Character.FORMAT)) {
                j++;
            }
            if (j >= n || FULL_WIDTH_TERMINATORS.indexOf(text.charAt(runEnd - 1)) >= 0) {
                start = close(text, spans, start, j);
                i = j;
                continue;
            }
            if (!isSpace(text.codePointAt(j))) {
                i = j;
                continue;
            }
            int k = j;
            while (k < n && isSpace(text.codePointAt(k)) && text.charAt(k) != '\r' && text.charAt(k) != '\n') {
                k += Character.charCount(text.codePointAt(k));
            }
            boolean boundary = true;
            if (k < n && text.charAt(k) != '\r' && text.charAt(k) != '\n' && isLower(text.codePointAt(k))) {
                boundary = false;
            } else if (runEnd - i == 1 && ch == '.') {
                int w0 = i;
                while (w0 > 0 && !isSpace(text.codePointBefore(w0))) {
                    w0 -= Character.charCount(text.codePointBefore(w0));
                }
                boundary = isBoundaryWord(text.substring(w0, i));
            }
            if (boundary) {
                start = close(text, spans, start, j);
            }
            i = j;
        }
        close(text, spans, start, n);
        return spans;
    }

    /** Ends the open sentence at {@code end} (trimmed); returns the new "no open sentence" state. */
    private static int close(String text, List<int[]> spans, int start, int end) {
        if (start >= 0) {
            int e = end;
            while (e > start && isSpace(text.codePointBefore(e))) {
                e -= Character.charCount(text.codePointBefore(e));
            }
            if (e > start) {
                spans.add(new int[] {start, e});
            }
        }
        return -1;
    }

    /** True when {@code word} (the text before a single final '.') is NOT an abbreviation. */
    static boolean isBoundaryWord(String word) {
        int a = 0;
        while (a < word.length() && OPENERS.indexOf(word.charAt(a)) >= 0) {
            a++;
        }
        String w = word.substring(a);
        if (w.isEmpty()) {
            return true;
        }
        if (ABBREVIATIONS.contains(PythonText.lower(w))) {
            return false;
        }
        if (w.codePointCount(0, w.length()) == 1 && Character.isLetter(w.codePointAt(0))) {
            return false;
        }
        return !DOTTED_ACRONYM.matcher(w).matches();
    }

    /** Python's {@code str.isspace} for one code point. */
    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    /** Python's {@code str.islower} for one code point: a cased lowercase character. */
    private static boolean isLower(int cp) {
        return Character.isLowerCase(cp);
    }
}
