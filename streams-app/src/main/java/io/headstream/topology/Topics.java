package io.headstream.topology;

import io.headstream.schema.Answer;
import io.headstream.schema.DeadLetter;
import io.headstream.schema.QuerySummary;
import io.headstream.schema.QuestionContext;
import io.headstream.schema.SpanExplanation;
import java.util.List;

/**
 * The topics headstream reads and writes. The input is read as raw bytes and decoded inside the
 * topology with {@code input.valueSerde()} so that a record that cannot be decoded still has its
 * original bytes for the dead letter. Output keys are event ids.
 */
public record Topics(
        Topic<byte[], QuestionContext> input,
        Topic<String, Answer> answers,
        Topic<String, QuerySummary> summaries,
        Topic<String, SpanExplanation> explanations,
        Topic<byte[], DeadLetter> deadLetters) {

    /** Every topic name, input first. */
    public List<String> names() {
        return List.of(input.name(), answers.name(), summaries.name(), explanations.name(), deadLetters.name());
    }

    /** Names of the topics the app writes. */
    public List<String> outputNames() {
        return List.of(answers.name(), summaries.name(), explanations.name(), deadLetters.name());
    }
}
