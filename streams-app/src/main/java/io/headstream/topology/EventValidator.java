package io.headstream.topology;

import io.headstream.redact.LogText;
import io.headstream.schema.QuestionContext;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an event before it costs any inference: ids and texts present, sizes within limits,
 * text free of NUL and unpaired surrogates, and a target head the model has.
 */
public final class EventValidator {
    private final int maxQuestionChars;
    private final int maxContextChars;
    private final Set<String> heads;

    public EventValidator(int maxQuestionChars, int maxContextChars, Set<String> heads) {
        this.maxQuestionChars = maxQuestionChars;
        this.maxContextChars = maxContextChars;
        this.heads = Set.copyOf(heads);
    }

    /**
     * A rejection: the reason code and a message for people. The message goes to the log and into
     * the dead letter, so it holds no event text beyond sizes and indices, except the offending
     * {@code target_head}, which it quotes escaped ({@link LogText#quote}).
     */
    public record Rejection(DeadLetterReason reason, String message) {}

    public Optional<Rejection> check(QuestionContext event) {
        if (event.getEventId() == null || event.getEventId().isBlank()) {
            return reject(DeadLetterReason.MISSING_EVENT_ID, "event_id is empty");
        }
        if (event.getQuestion().isBlank()) {
            return reject(DeadLetterReason.EMPTY_QUESTION, "question is empty or whitespace only");
        }
        if (event.getContext().isBlank()) {
            return reject(DeadLetterReason.EMPTY_CONTEXT, "context is empty or whitespace only");
        }
        if (event.getQuestion().length() > maxQuestionChars) {
            return reject(DeadLetterReason.QUESTION_TOO_LONG, "question has " + event.getQuestion().length()
                    + " chars, limit " + maxQuestionChars + " (headstream.validation.max.question.chars)");
        }
        if (event.getContext().length() > maxContextChars) {
            return reject(DeadLetterReason.CONTEXT_TOO_LONG, "context has " + event.getContext().length()
                    + " chars, limit " + maxContextChars + " (headstream.validation.max.context.chars)");
        }
        Optional<String> badText = badText("question", event.getQuestion())
                .or(() -> badText("context", event.getContext()));
        if (badText.isPresent()) {
            return reject(DeadLetterReason.INVALID_TEXT, badText.get());
        }
        String target = event.getTargetHead();
        if (target != null && !heads.contains(target)) {
            return reject(DeadLetterReason.UNSUPPORTED_TARGET_HEAD,
                    "target_head " + LogText.quote(target) + " is not a head of this model; heads: "
                            + new java.util.TreeSet<>(heads));
        }
        return Optional.empty();
    }

    /** NUL characters and unpaired surrogates (what invalid UTF-8 decodes into) are rejected. */
    private static Optional<String> badText(String field, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return Optional.of(field + " contains a NUL character at index " + i);
            }
            if (c == '\uFFFD') {
                return Optional.of(field + " contains U+FFFD at index " + i + " (it was not valid UTF-8)");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return Optional.of(field + " contains an unpaired surrogate at index " + i);
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return Optional.of(field + " contains an unpaired surrogate at index " + i);
            }
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(DeadLetterReason reason, String message) {
        return Optional.of(new Rejection(reason, message));
    }
}
