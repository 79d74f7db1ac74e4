/**
 * The {@code evaluate} command: runs the Java runtime ({@link io.headstream.inference}) on the
 * held-out evaluation sets under {@code ../shared/data} (beside the checkout; or {@code $HEADSTREAM_DATA}) and computes the same metrics, with the
 * same definitions, as the Python evaluation ({@code training/EVALUATION.md}), so the two can be
 * compared number for number.
 *
 * <p>May depend on: {@code io.headstream.inference} (its public API only), picocli, Jackson. Must
 * not depend on Kafka or on DJL/ONNX Runtime types.
 */
package io.headstream.eval;
