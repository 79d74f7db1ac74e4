package io.headstream.inference;

/**
 * Tokens of one text with their character ranges in that text (UTF-16 offsets, as Java's
 * {@code String} indexes), no special tokens.
 *
 * @param ids vocabulary ids
 * @param starts inclusive char offset of each token in the original text
 * @param ends exclusive char offset of each token in the original text
 * @param truncated true when the text holds more tokens than were kept
 */
record TokenSpans(long[] ids, int[] starts, int[] ends, boolean truncated) {

    static final TokenSpans EMPTY = new TokenSpans(new long[0], new int[0], new int[0], false);

    int size() {
        return ids.length;
    }
}
