package io.headstream.inference;

/**
 * How a question and a long context are cut into model windows, from the bundle's manifest.
 *
 * @param maxSeqLen tokens per window including {@code [CLS]} and both {@code [SEP]}
 * @param docStride context tokens between the starts of two consecutive windows (the original
 *     BERT SQuAD meaning, a step: windows overlap by {@code room - docStride} tokens), as the
 *     training code cuts them
 * @param maxQuestionTokens question tokens kept; longer questions lose their tail
 * @param maxAnswerTokens longest answer span the span decoder accepts, in tokens
 */
public record WindowSpec(int maxSeqLen, int docStride, int maxQuestionTokens, int maxAnswerTokens) {

    /** Context tokens a window holds after a question of {@code questionTokens} tokens. */
    public int contextCapacity(int questionTokens) {
        return maxSeqLen - questionTokens - 3;
    }

    /** What is inconsistent, or null. */
    String problem() {
        if (maxSeqLen < 8) {
            return "max_seq_len is " + maxSeqLen + ", must be at least 8";
        }
        if (maxQuestionTokens < 0 || contextCapacity(maxQuestionTokens) < 2) {
            return "max_question_tokens " + maxQuestionTokens + " leaves no room for context in max_seq_len "
                    + maxSeqLen;
        }
        if (docStride < 1 || docStride > contextCapacity(maxQuestionTokens)) {
            return "doc_stride " + docStride + " must be between 1 and the context room of a window ("
                    + contextCapacity(maxQuestionTokens) + " tokens), or windows would leave gaps";
        }
        if (maxAnswerTokens < 1) {
            return "max_answer_tokens is " + maxAnswerTokens + ", must be at least 1";
        }
        return null;
    }
}
