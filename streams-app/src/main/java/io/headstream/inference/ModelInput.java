package io.headstream.inference;

import java.util.Objects;

/**
 * One question and the context it is asked about.
 *
 * @param question the question; may be empty for question-free (generic) summarization
 * @param context the text the heads read; offsets in every result index into this string
 */
public record ModelInput(String question, String context) {
    public ModelInput {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(context, "context");
    }
}
