package io.headstream.inference;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The bundle's WordPiece tokenizer (DJL's HuggingFace binding) used for question and context
 * SEPARATELY, so the runtime assembles {@code [CLS] q [SEP] ctx [SEP]} windows itself and owns the
 * character offsets into the original strings.
 *
 * <p>Two things the native tokenizer does not give directly are handled here. Its offsets count
 * Unicode code points, Java strings count UTF-16 units, so offsets are converted (emoji and other
 * supplementary characters otherwise shift every later offset). And a huge text is never
 * tokenized whole: only a prefix big enough for {@code maxTokens} tokens is encoded, growing it
 * until enough tokens came out, dropping the last word of a cut prefix because the cut may have
 * split it. Thread-safe: the native tokenizer is immutable after construction.
 */
final class Tokens implements AutoCloseable {

    /** First guess of characters per token when sizing a prefix; grown by 4x if too small. */
    private static final int CHARS_PER_TOKEN_GUESS = 8;
    private static final int MIN_PREFIX_CHARS = 4096;

    private final HuggingFaceTokenizer tokenizer;
    private final long clsId;
    private final long sepId;
    private final long padId;

    private Tokens(HuggingFaceTokenizer tokenizer, long clsId, long sepId, long padId) {
        this.tokenizer = tokenizer;
        this.clsId = clsId;
        this.sepId = sepId;
        this.padId = padId;
    }

    /** Loads {@code tokenizer.json} with its own truncation and padding switched off. */
    static Tokens load(Path file) {
        DjlOffline.ensure();
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new InferenceException(file + ": not a readable tokenizer.json: " + e.getMessage(), e);
        }
        long cls = specialId(file, json, "[CLS]");
        long sep = specialId(file, json, "[SEP]");
        long pad = specialId(file, json, "[PAD]");
        try {
            HuggingFaceTokenizer tok = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
            return new Tokens(tok, cls, sep, pad);
        } catch (IOException | RuntimeException e) {
            throw new InferenceException(file + ": the tokenizer cannot be loaded: " + e.getMessage(), e);
        }
    }

    private static long specialId(Path file, JsonNode json, String content) {
        for (JsonNode t : json.path("added_tokens")) {
            if (content.equals(t.path("content").asText())) {
                return t.path("id").asLong();
            }
        }
        throw new InferenceException(file + ": added_tokens has no " + content + " token");
    }

    long clsId() {
        return clsId;
    }

    long sepId() {
        return sepId;
    }

    long padId() {
        return padId;
    }

    /** Encodes each text, keeping at most {@code maxTokens} tokens of each. */
    TokenSpans[] encodeAll(List<String> texts, int maxTokens) {
        TokenSpans[] out = new TokenSpans[texts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = encode(texts.get(i), maxTokens);
        }
        return out;
    }

    /** Encodes at most {@code maxTokens} tokens of {@code text}; reports whether more exist. */
    TokenSpans encode(String original, int maxTokens) {
        if (original.isEmpty()) {
            return TokenSpans.EMPTY;
        }
        String text = withoutLoneSurrogates(original);
        long guess = Math.max(MIN_PREFIX_CHARS, ((long) maxTokens + 1) * CHARS_PER_TOKEN_GUESS);
        int prefixChars = (int) Math.min(text.length(), guess);
        while (true) {
            prefixChars = safeCut(text, prefixChars);
            boolean whole = prefixChars == text.length();
            String prefix = whole ? text : text.substring(0, prefixChars);
            Encoding enc = tokenizer.encode(prefix, false, false);
            int usable = enc.getIds().length;
            if (!whole) {
                usable = dropLastWord(enc.getWordIds(), usable);
            }
            if (whole || usable > maxTokens) {
                return build(prefix, enc, Math.min(usable, maxTokens), usable > maxTokens);
            }
            prefixChars = (int) Math.min(text.length(), (long) prefixChars * 4);
        }
    }

    /**
     * An unpaired surrogate (invalid UTF-16, but a legal Java string) reaches the native tokenizer
     * as several garbage characters and shifts every later offset; U+FFFD has the same length, so
     * offsets into the replacement text are offsets into the original.
     */
    static String withoutLoneSurrogates(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                i++;
            } else if (Character.isSurrogate(c)) {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = '\uFFFD';
            }
        }
        return chars == null ? text : new String(chars);
    }

    /** Tokens of the last word may continue past the cut, so they are not trusted. */
    private static int dropLastWord(long[] wordIds, int n) {
        if (n == 0) {
            return 0;
        }
        long last = wordIds[n - 1];
        int i = n - 1;
        while (i > 0 && wordIds[i - 1] == last) {
            i--;
        }
        return i;
    }

    /** Never cut between the two halves of a surrogate pair. */
    private static int safeCut(String text, int at) {
        if (at > 0 && at < text.length() && Character.isHighSurrogate(text.charAt(at - 1))) {
            return at + 1;
        }
        return at;
    }

    private static TokenSpans build(String text, Encoding enc, int n, boolean truncated) {
        long[] ids = Arrays.copyOf(enc.getIds(), n);
        CharSpan[] spans = enc.getCharTokenSpans();
        int[] starts = new int[n];
        int[] ends = new int[n];
        CodePointIndex index = CodePointIndex.of(text);
        for (int i = 0; i < n; i++) {
            starts[i] = index.utf16(spans[i].getStart());
            ends[i] = index.utf16(spans[i].getEnd());
        }
        return new TokenSpans(ids, starts, ends, truncated);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
