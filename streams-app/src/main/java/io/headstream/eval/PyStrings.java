package io.headstream.eval;

import java.util.ArrayList;
import java.util.List;

/** Python string behaviour the mirrored metrics depend on. */
final class PyStrings {

    private PyStrings() {}

    /** Python's {@code str.isspace} for one code point. */
    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    /** Python's {@code str.split()}: runs of Unicode whitespace separate, no empty parts. */
    static List<String> split(CharSequence s) {
        List<String> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        String str = s.toString();
        while (i < n) {
            while (i < n && isSpace(str.codePointAt(i))) {
                i += Character.charCount(str.codePointAt(i));
            }
            int start = i;
            while (i < n && !isSpace(str.codePointAt(i))) {
                i += Character.charCount(str.codePointAt(i));
            }
            if (i > start) {
                out.add(str.substring(start, i));
            }
        }
        return out;
    }
}
