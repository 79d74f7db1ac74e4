package io.headstream.inference;

import java.util.List;

/**
 * Runs every head of a {@link MultiHeadModel} on a batch with one fused forward pass.
 * Not thread-safe: one predictor per thread.
 */
public interface HeadPredictor extends AutoCloseable {

    /**
     * Predicts all heads for each input.
     *
     * @return one {@link ModelOutput} per input, in input order
     * @throws InferenceException if the batch as a whole cannot be processed; callers retry the
     *     inputs one by one to isolate a poison input
     */
    List<ModelOutput> predict(List<ModelInput> batch);

    @Override
    void close();
}
