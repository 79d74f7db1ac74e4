package io.headstream.inference;

import java.util.List;

/**
 * One input after tokenization: its context tokens (with offsets into the original context) and
 * the windows that cover them.
 *
 * @param input the original input
 * @param context the context tokens that the windows cover (a prefix when capped)
 * @param windows windows in context order; empty when the context has no tokens
 * @param capped true when the context had more tokens than the window cap covers
 */
record EncodedInput(ModelInput input, TokenSpans context, List<Window> windows, boolean capped) {

    /** End (exclusive char offset) of the context part the model read. */
    int readEnd() {
        return context.size() == 0 ? 0 : context.ends()[context.size() - 1];
    }
}
