package io.headstream.redact;

/**
 * Renders text that came from outside (a record's fields, an exception message quoting them) for
 * one log line or a dead-letter message: secrets hidden ({@link SecretText}), every character
 * that could end the line, move the cursor, restyle the terminal or reorder what a reader sees
 * written as a backslash escape (n, r, t, or u and four hex digits: ESC is written u001b after
 * the backslash), and the length capped, so an event cannot forge log lines, clear a screen or
 * flood the log.
 *
 * <p>Escaped: C0 controls and DEL, C1 controls (U+0080-U+009F), the line and paragraph separators
 * U+2028/U+2029, the bidirectional marks and overrides (U+061C, U+200E, U+200F, U+202A-U+202E,
 * U+2066-U+2069), U+FEFF and unpaired surrogates.
 */
public final class LogText {
    /** Characters of a quoted value kept before the cut. */
    public static final int MAX_VALUE_CHARS = 200;
    /** Characters of a message kept before the cut. */
    public static final int MAX_MESSAGE_CHARS = 1000;

    private LogText() {}

    /**
     * One untrusted value as a quoted token: {@code "a\nb"}; backslashes and double quotes are
     * escaped too, so the token reads back unambiguously. {@code null} stays {@code null}.
     */
    public static String quote(Object value) {
        return quote(value, MAX_VALUE_CHARS);
    }

    /** As {@link #quote(Object)}, keeping at most {@code maxChars} characters. */
    public static String quote(Object value, int maxChars) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder().append('"');
        appendCapped(out, SecretText.scrub(String.valueOf(value)), maxChars, true);
        return out.append('"').toString();
    }

    /**
     * A free-form text that may embed untrusted values (an exception message, a rejection
     * reason), not quoted. Backslashes are left alone so that a message already holding a
     * {@link #quote}d value comes out unchanged: rendering twice does no harm. A throwable is
     * rendered as its {@code toString()}.
     */
    public static String message(Object text) {
        return message(text, MAX_MESSAGE_CHARS);
    }

    /** As {@link #message(Object)}, keeping at most {@code maxChars} characters. */
    public static String message(Object text, int maxChars) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        appendCapped(out, SecretText.scrub(String.valueOf(text)), maxChars, false);
        return out.toString();
    }

    private static void appendCapped(StringBuilder out, String text, int maxChars, boolean quoted) {
        int end = Math.min(text.length(), Math.max(0, maxChars));
        if (end < text.length() && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))
                && Character.isLowSurrogate(text.charAt(end))) {
            end--; // never split a pair: half of it would print as an escape that was not in the text
        }
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                appendEscaped(out, c, quoted);
            }
        }
        if (end < text.length()) {
            out.append("...(").append(text.length()).append(" chars)");
        }
    }

    private static void appendEscaped(StringBuilder out, char c, boolean quoted) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\\' -> out.append(quoted ? "\\\\" : "\\");
            case '"' -> out.append(quoted ? "\\\"" : "\"");
            default -> {
                if (mustEscape(c)) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
    }

    /** True for the characters listed in the class comment (a lone surrogate included). */
    static boolean mustEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || c == '\u2028' || c == '\u2029'
                || c == '\u061c' || c == '\u200e' || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                || c == '\ufeff' || Character.isSurrogate(c);
    }
}
