package io.headstream.inference;

/**
 * One model window {@code [CLS] question [SEP] context[ctxFrom, ctxFrom+ctxLen) [SEP]}.
 *
 * @param input index of the input (in the predicted batch) the window belongs to
 * @param ids token ids, unpadded
 * @param typeIds 0 for {@code [CLS] question [SEP]}, 1 for the context and the final {@code [SEP]}
 * @param ctxOffset window position of the first context token
 * @param ctxFrom index, in the context's token list, of the first context token of this window
 * @param ctxLen context tokens in this window
 */
record Window(int input, long[] ids, long[] typeIds, int ctxOffset, int ctxFrom, int ctxLen) {

    int length() {
        return ids.length;
    }

    /** Window position of context token {@code t} (which must lie in this window). */
    int position(int t) {
        return ctxOffset + t - ctxFrom;
    }

    boolean contains(int t) {
        return t >= ctxFrom && t < ctxFrom + ctxLen;
    }
}
