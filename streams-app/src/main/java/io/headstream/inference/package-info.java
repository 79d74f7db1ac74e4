/**
 * The multi-head model runtime: loads a model bundle ({@code models/<name>/}), tokenizes
 * question+context pairs into windows, runs the fused encoder+heads graph once per batch and
 * decodes every head into results with exact character offsets into the original context.
 *
 * <p>The rest of the application sees only {@link io.headstream.inference.MultiHeadModel} and
 * {@link io.headstream.inference.HeadPredictor}; DJL and ONNX Runtime types never leave this
 * package. May depend on: DJL, ONNX Runtime, Jackson. Must not depend on Kafka.
 */
package io.headstream.inference;
