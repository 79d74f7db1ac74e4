package io.headstream.inference;

import io.headstream.redact.LogText;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each batch synchronously on the calling thread with a predictor of its own: one fused pass
 * for the batch and, if it fails, one pass per input so that a poison input fails alone. This is
 * the unshared mode ({@code headstream.inference.shared=false}) and what topology unit tests use;
 * the caller blocks for the whole pass.
 */
public final class CallerRunsSubmitter implements BatchSubmitter {
    private static final Logger LOG = LoggerFactory.getLogger(CallerRunsSubmitter.class);

    private final HeadPredictor predictor;

    public CallerRunsSubmitter(HeadPredictor predictor) {
        this.predictor = predictor;
    }

    @Override
    public Submission submit(List<ModelInput> inputs, long deadlineNanos) {
        List<Outcome> outcomes = new ArrayList<>(inputs.size());
        try {
            predictor.predict(inputs).forEach(o -> outcomes.add(Outcome.ok(o)));
        } catch (RuntimeException batchFailure) {
            if (inputs.size() == 1) {
                outcomes.add(Outcome.failed(batchFailure));
            } else {
                // The failure's message can quote an input's text (a tokenizer error, say).
                LOG.warn("batch of {} inputs failed ({}); retrying them one by one", inputs.size(),
                        LogText.message(batchFailure));
                for (ModelInput input : inputs) {
                    try {
                        outcomes.add(Outcome.ok(predictor.predict(List.of(input)).get(0)));
                    } catch (RuntimeException single) {
                        outcomes.add(Outcome.failed(single));
                    }
                }
            }
        }
        return new Completed(List.copyOf(outcomes));
    }

    @Override
    public long maxWaitNanos() {
        return 0;
    }

    @Override
    public void close() {
        predictor.close();
    }

    /** A submission that was done when it was returned. */
    private record Completed(List<Outcome> outcomes) implements Submission {
        @Override
        public boolean await(long deadlineNanos) {
            return true;
        }

        @Override
        public boolean isDone() {
            return true;
        }

        @Override
        public void cancel() {}
    }
}
