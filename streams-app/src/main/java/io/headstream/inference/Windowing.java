package io.headstream.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts question+context pairs into windows of at most {@code max_seq_len} tokens whose starts are
 * {@code doc_stride} context tokens apart (exactly as {@code training/headstream_train/data.py}
 * does), at most {@code maxWindows} per input. The context is
 * tokenized only as far as the window cap reaches, so a 10 MB context costs a few kilobytes of
 * tokenization and is reported as capped.
 */
final class Windowing {

    private final Tokens tokens;
    private final WindowSpec spec;
    private final int maxWindows;

    Windowing(Tokens tokens, WindowSpec spec, int maxWindows) {
        if (maxWindows < 1) {
            throw new IllegalArgumentException("maxWindows must be at least 1, is " + maxWindows);
        }
        this.tokens = tokens;
        this.spec = spec;
        this.maxWindows = maxWindows;
    }

    /** Tokenizes and windows each input; window {@code input} indexes are positions in {@code inputs}. */
    List<EncodedInput> encode(List<ModelInput> inputs) {
        List<String> questions = new ArrayList<>(inputs.size());
        for (ModelInput in : inputs) {
            questions.add(in.question());
        }
        TokenSpans[] q = tokens.encodeAll(questions, spec.maxQuestionTokens());
        List<EncodedInput> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            int capacity = spec.contextCapacity(q[i].size());
            int step = spec.docStride();
            int maxContextTokens = (int) Math.min(Integer.MAX_VALUE - 1L, capacity + (maxWindows - 1L) * step);
            TokenSpans ctx = tokens.encode(inputs.get(i).context(), maxContextTokens);
            out.add(new EncodedInput(inputs.get(i), ctx, windows(i, q[i], ctx, capacity, step), ctx.truncated()));
        }
        return out;
    }

    private List<Window> windows(int input, TokenSpans q, TokenSpans ctx, int capacity, int step) {
        List<Window> out = new ArrayList<>();
        int n = ctx.size();
        for (int from = 0; from < n; from += step) {
            int len = Math.min(capacity, n - from);
            out.add(window(input, q, ctx, from, len));
            if (from + len >= n) {
                break;
            }
        }
        return out;
    }

    private Window window(int input, TokenSpans q, TokenSpans ctx, int from, int len) {
        int qn = q.size();
        int total = qn + len + 3;
        long[] ids = new long[total];
        long[] types = new long[total];
        ids[0] = tokens.clsId();
        System.arraycopy(q.ids(), 0, ids, 1, qn);
        ids[qn + 1] = tokens.sepId();
        System.arraycopy(ctx.ids(), from, ids, qn + 2, len);
        ids[total - 1] = tokens.sepId();
        for (int p = qn + 2; p < total; p++) {
            types[p] = 1;
        }
        return new Window(input, ids, types, qn + 2, from, len);
    }
}
