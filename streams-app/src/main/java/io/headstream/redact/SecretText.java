package io.headstream.redact;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and hides secrets by their shape, whatever key or message carries them: PEM blocks (a
 * private key pasted into any value), the options of a JAAS login module, and the userinfo of a
 * URL ({@code http://user:password@host}). Secret-typed keys are masked whole by their owners;
 * this catches the secrets that arrive where no type says so.
 */
public final class SecretText {
    /** What a hidden part is replaced with. */
    public static final String HIDDEN = "[hidden]";

    // Up to the matching END line; a block cut short (a truncated message) is hidden to the end.
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]{1,64})-----.*?(?:-----END \\1-----|\\z)", Pattern.DOTALL);
    // Options may be quoted strings holding ';', so a quoted string is consumed whole (to the end
    // when unterminated). The look-behinds start a match only at the start of a word, which keeps
    // the scan linear on long texts such as an event's context.
    private static final Pattern JAAS = Pattern.compile(
            "(?<![\\w.$])([\\w.$]*LoginModule\\s+(?:required|requisite|sufficient|optional))"
                    + "((?:\"(?:[^\"\\\\]|\\\\[\\s\\S]?)*(?:\"|\\z)|[^;\"])*)(;?)");
    // Greedy up to the authority's last '@', so a password holding '@' is hidden whole.
    private static final Pattern URL_USERINFO = Pattern.compile(
            "(?<![A-Za-z0-9+.\\-])([A-Za-z][A-Za-z0-9+.\\-]*://)[^/?#\\s]*@");
    private static final Pattern URL_LIST_ELEMENT_USERINFO = Pattern.compile(
            "^(\\s*(?:[A-Za-z][A-Za-z0-9+.\\-]*://)?)[^/?#\\s]*@");

    private SecretText() {}

    /** True when {@code text} holds a PEM block, JAAS options or a URL with userinfo. */
    public static boolean containsSecret(String text) {
        return text != null && (PEM.matcher(text).find() || JAAS.matcher(text).find()
                || URL_USERINFO.matcher(text).find());
    }

    /** True when {@code text} holds a URL with userinfo ({@code scheme://user:password@host}). */
    public static boolean hasUrlUserInfo(String text) {
        return text != null && URL_USERINFO.matcher(text).find();
    }

    /**
     * True when a URL, or one of a comma-separated list, has userinfo, written with a scheme or
     * without one ({@code user:password@host:8081}, which free text could not tell from a mail
     * address but a value known to be a URL can).
     */
    public static boolean urlListHasUserInfo(String urls) {
        return urls != null && !hideUserInfoInUrlList(urls).equals(urls);
    }

    /** A URL, or comma-separated list of them, with the userinfo of each replaced by {@value #HIDDEN}. */
    public static String hideUserInfoInUrlList(String urls) {
        if (urls == null) {
            return null;
        }
        String[] parts = urls.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            // Each element on its own: scrubbing the joined list would read "a:1,[hidden]@b" as one
            // authority and hide the first host too.
            parts[i] = scrub(URL_LIST_ELEMENT_USERINFO.matcher(parts[i]).replaceFirst("$1" + HIDDEN + "@"));
        }
        return String.join(",", parts);
    }

    /** {@code text} with every PEM block, JAAS option list and URL userinfo replaced by {@value #HIDDEN}. */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = replace(PEM, text, m -> "[PEM " + m.group(1) + " " + HIDDEN + "]");
        out = replace(JAAS, out, m -> m.group(1) + " " + HIDDEN + m.group(3));
        return replace(URL_USERINFO, out, m -> m.group(1) + HIDDEN + "@");
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        do {
            m.appendReplacement(sb, Matcher.quoteReplacement(with.apply(m)));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }
}
