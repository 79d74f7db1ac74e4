package io.headstream.inference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What counts as filler in the heads' outputs, mirroring the filler rules of
 * {@code training/headstream_train/decode.py} ("Filler" in {@code training/EVALUATION.md}): an
 * explanation span made only of punctuation and function words ("the", ", at") and a summary unit
 * with fewer than {@value #MIN_CONTENT_WORDS} content words ("Grad A: Mm - hmm .", "Yeah .").
 * The word list is {@code filler-words.txt}, a copy of the training file; a test keeps them equal.
 */
public final class FillerText {
    /** Summary units with fewer content words than this are filler. */
    public static final int MIN_CONTENT_WORDS = 4;

    private static final Set<String> WORDS = load();
    /** Python's {@code [^\W_]+}: letters and digits, Unicode-aware. */
    private static final Pattern WORD = Pattern.compile("[^\\W_]+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern SPEAKER = Pattern.compile("^[^:\\n]{1,40}:\\s");

    private FillerText() {}

    /** The filler word list, lowercase. */
    public static Set<String> words() {
        return WORDS;
    }

    /** Lowercased runs of letters and digits. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** An explanation span of only punctuation, whitespace or filler words. */
    public static boolean isFillerSpan(String text) {
        return WORDS.containsAll(words(text));
    }

    /** Words outside the filler list; a leading speaker label ("Grad A: ") is not counted. */
    public static int contentWords(String text) {
        Matcher m = SPEAKER.matcher(text);
        String body = m.find() ? text.substring(m.end()) : text;
        int n = 0;
        for (String w : words(body)) {
            if (!WORDS.contains(w)) {
                n++;
            }
        }
        return n;
    }

    /** A summary unit with fewer than {@value #MIN_CONTENT_WORDS} content words. */
    public static boolean isFillerUnit(String text) {
        return contentWords(text) < MIN_CONTENT_WORDS;
    }

    private static Set<String> load() {
        try (InputStream in = FillerText.class.getResourceAsStream("filler-words.txt")) {
            if (in == null) {
                throw new IllegalStateException("filler-words.txt is missing from the jar");
            }
            Set<String> words = new HashSet<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String w = line.strip();
                if (!w.isEmpty() && !w.startsWith("#")) {
                    words.add(w);
                }
            }
            return Set.copyOf(words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
