package io.headstream.inference;

/**
 * Converts code point offsets (what the native tokenizer reports) into UTF-16 offsets (what Java
 * strings use). Identity, without a table, for text without supplementary characters.
 */
final class CodePointIndex {

    private final int[] utf16ByCodePoint;

    private CodePointIndex(int[] utf16ByCodePoint) {
        this.utf16ByCodePoint = utf16ByCodePoint;
    }

    static CodePointIndex of(String text) {
        boolean surrogates = false;
        for (int i = 0; i < text.length() && !surrogates; i++) {
            surrogates = Character.isSurrogate(text.charAt(i));
        }
        if (!surrogates) {
            return new CodePointIndex(null);
        }
        int[] table = new int[text.codePointCount(0, text.length()) + 1];
        int cp = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            table[cp++] = i;
        }
        table[cp] = text.length();
        return new CodePointIndex(table);
    }

    int utf16(int codePointOffset) {
        return utf16ByCodePoint == null ? codePointOffset : utf16ByCodePoint[codePointOffset];
    }
}
