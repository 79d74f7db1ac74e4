package io.headstream.inference;

import java.util.Set;

/**
 * A loaded multi-task model: one shared encoder and several heads, loaded once per JVM.
 *
 * <p>The model owns the native resources (the ONNX Runtime session, the tokenizer). Callers
 * obtain one {@link HeadPredictor} per thread with {@link #newPredictor()}; predictors are cheap
 * and not thread-safe, the model itself is.
 */
public interface MultiHeadModel extends AutoCloseable {

    /** Name, version and digest of the bundle, stamped on every output record. */
    ModelIdentity identity();

    /** Heads this bundle can make the target of an event ({@code answer}, {@code summary}, ...). */
    Set<String> heads();

    /** The head used when an event names no target head. */
    String defaultTargetHead();

    /** A new predictor for the calling thread; close it when the thread is done. */
    HeadPredictor newPredictor();

    @Override
    void close();
}
