package io.headstream.inference;

/**
 * Widens a character range so that it cuts no word or number in two, as {@code extend_to_words}
 * in {@code training/headstream_train/decode.py} does ({@code training/EVALUATION.md} section 5).
 *
 * <p>A unit character is a letter, decimal digit or combining mark that is not a CJK ideograph
 * (BERT's tokenizer makes each ideograph a word of its own), or a {@code ,}/{@code .} between two
 * ASCII digits, so {@code 1,452.40} is one unit. A boundary moves outwards while the characters on
 * both sides of it are unit characters. Offsets are UTF-16 indices; the walk goes by code point,
 * so a boundary never lands inside a surrogate pair and the result equals Python's, whose offsets
 * count code points.
 */
final class WordSpans {

    private WordSpans() {}

    /** {@code {start, end}} widened to whole words and numbers of {@code text}. */
    static int[] extend(String text, int start, int end) {
        while (start > 0 && start < text.length() && isUnitBefore(text, start) && isUnit(text, start)) {
            start -= Character.charCount(text.codePointBefore(start));
        }
        while (end > 0 && end < text.length() && isUnitBefore(text, end) && isUnit(text, end)) {
            end += Character.charCount(text.codePointAt(end));
        }
        return new int[] {start, end};
    }

    private static boolean isUnitBefore(String text, int i) {
        return isUnit(text, i - Character.charCount(text.codePointBefore(i)));
    }

    /** Whether the code point starting at UTF-16 index {@code i} is a unit character. */
    static boolean isUnit(String text, int i) {
        int cp = text.codePointAt(i);
        if (cp == ',' || cp == '.') {
            return i > 0 && i + 1 < text.length() && isAsciiDigit(text.charAt(i - 1)) && isAsciiDigit(text.charAt(i + 1));
        }
        return isWordChar(cp);
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Letter, decimal digit or combining mark (Python: category L*, Nd, Mn, Mc), not CJK. */
    static boolean isWordChar(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
        }
        if (isCjk(cp)) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                    Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK -> true;
            default -> false;
        };
    }

    /** BERT's CJK ideograph blocks ({@code _is_chinese_char}). */
    private static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
