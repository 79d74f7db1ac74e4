package io.headstream.inference;

/**
 * What became of one input of a {@link Submission}: its outputs, the error that failed it alone,
 * or {@code abandoned} when it never ran (the executor was closed first) and must be submitted
 * again rather than reported as failed.
 *
 * @param output every head's result; null unless the input succeeded
 * @param error why this input failed (after the batch it was in was retried input by input)
 * @param abandoned true when the input was never run
 */
public record Outcome(ModelOutput output, RuntimeException error, boolean abandoned) {

    static Outcome ok(ModelOutput output) {
        return new Outcome(output, null, false);
    }

    static Outcome failed(RuntimeException error) {
        return new Outcome(null, error, false);
    }

    static Outcome notRun() {
        return new Outcome(null, null, true);
    }

    public boolean succeeded() {
        return output != null;
    }
}
