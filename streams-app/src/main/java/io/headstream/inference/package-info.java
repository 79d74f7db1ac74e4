/**
 * The multi-head model runtime: loads a model bundle ({@code models/<name>/}), tokenizes
 * question+context pairs into windows, runs the fused encoder+heads graph once per batch and
 * decodes every head into results with exact character offsets into the original context.
 *
 * <p>The rest of the application sees only {@link io.headstream.inference.MultiHeadModel} and
 * {@link io.headstream.inference.HeadPredictor} (plus the result records and
 * {@link io.headstream.inference.RuntimeOptions}), and the JVM-wide
 * {@link io.headstream.inference.SharedInferenceExecutor} with its submission types
 * ({@code BatchSubmitter}, {@code Submission}, {@code Outcome}) that coalesces the batches of all
 * stream threads into shared passes; DJL and ONNX Runtime types never leave this package. May depend on: DJL, ONNX Runtime, Jackson,
 * {@code io.headstream.redact} (failure messages that can quote input text are logged through it). Must not depend on Kafka.
 *
 * <p>Use: {@code OnnxMultiHeadModel.load(dir, RuntimeOptions.defaults())} once per JVM (it
 * validates the bundle, loads tokenizer and graph, checks the graph's outputs and warms up), then
 * one {@code newPredictor()} per thread; {@code predict(batch)} returns one
 * {@link io.headstream.inference.ModelOutput} per input, in order. A batch runs as few fused
 * forward passes as the token budget allows (one for 32 SQuAD-length inputs with the defaults),
 * windows padded to the longest of their pass. Decoding mirrors {@code training/EVALUATION.md},
 * with the thresholds of the manifest's optional {@code decode} objects ({@link
 * io.headstream.inference.DecodeSettings}).
 *
 * <p>No network: {@link io.headstream.inference.DjlOffline} sets {@code ai.djl.offline} and
 * {@code OPT_OUT_TRACKING} before any DJL class loads (DJL's engine start otherwise probes the EC2
 * metadata endpoint for telemetry). Native libraries come from the jars on the classpath, nothing
 * is downloaded: DJL 0.38's tokenizers jar carries {@code native/lib/linux-x86_64/cpu/libtokenizers.so}
 * (also linux-aarch64, osx-aarch64, win-x86_64) and copies it once into
 * {@code ~/.djl.ai/tokenizers/0.21.0-0.38.0-cpu-linux-x86_64/} (set {@code DJL_CACHE_DIR} where the
 * home folder is read-only); the ONNX Runtime jar extracts its library to {@code java.io.tmpdir}
 * (or set {@code onnxruntime.native.path}). {@code device=gpu} needs the {@code -Dgpu} build
 * ({@code onnxruntime_gpu}) and CUDA 12/cuDNN 9 on the host; without them loading fails with a
 * message saying so.
 */
package io.headstream.inference;
