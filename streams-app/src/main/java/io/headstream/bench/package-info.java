/**
 * The {@code bench} command: the eight figures of the performance issue (heads overhead, shared
 * vs separate models, against a per-record baseline, end to end vs raw, batching curve, latency
 * under open-loop load, distance to the machine's matrix-product peak, memory), each a ratio
 * measured within one run on SQuAD-length and long contexts.
 *
 * <p>May depend on everything in the application, on DJL and ONNX Runtime directly (to run
 * comparison graphs through the same runtime) and on Kafka Streams (the baseline topology). Not
 * used by the serving path.
 */
package io.headstream.bench;
