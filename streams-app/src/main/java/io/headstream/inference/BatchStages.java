package io.headstream.inference;

import java.util.List;

/**
 * The three stages of serving a model, split by thread: {@link #encode} (tokenize and window) on
 * the submitting stream thread, {@link Worker#run} (the fused forward pass over many requests) on
 * an inference thread, {@link #decode} on the submitting thread again. Keeping tokenization and
 * decoding on the many stream threads leaves the inference thread to the runtime alone.
 */
interface BatchStages {

    /** Prepares {@code request}: sets its encoding and its window count and longest window. */
    void encode(InferenceRequest request);

    /** A runner for one inference thread (predictors are not thread-safe). */
    Worker newWorker();

    /** Turns a request's raw result into every head's output. */
    ModelOutput decode(InferenceRequest request);

    /** Runs forward passes for one inference thread. */
    interface Worker extends AutoCloseable {
        /** Sets {@code raw} of every request; throws if the pass as a whole fails. */
        void run(List<InferenceRequest> batch);

        @Override
        void close();
    }
}
