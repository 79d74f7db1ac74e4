package io.headstream.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * What one benchmark run measures and for how long; built from the {@code bench} command's flags.
 *
 * @param bundle model bundle directory
 * @param variants directory of the comparison graphs ({@code encoder.onnx}, {@code head_*.onnx})
 * @param data SQuAD-format gzip JSON the events come from
 * @param events events per measured phase
 * @param longEvery every n-th event has a long context (0: none)
 * @param longChars characters of a long context, at least
 * @param batch events per micro-batch / windows per pass, as the topology's batch size
 * @param batchSizes batch sizes of the batching curve
 * @param rounds alternating rounds of the graph comparisons
 * @param backlogRounds how many times the inputs are repeated in the backlogs of figures 3 and 4
 * @param loadSeconds duration of each open-loop load level
 * @param soakSeconds duration of the long run before the second memory reading
 * @param matmulSize n of the n x n MatMul peak
 * @param intraOpThreads ONNX Runtime intra-op threads (0: its default, one per core)
 * @param streamThreads Kafka Streams threads of both topologies
 * @param partitions input topic partitions
 * @param workDir where the broker, state and generated graphs go
 */
record BenchOptions(Path bundle, Path variants, Path data, int events, int longEvery, int longChars, int batch,
        List<Integer> batchSizes, int rounds, int backlogRounds, double loadSeconds, double soakSeconds,
        int matmulSize, int intraOpThreads, int streamThreads, int partitions, Path workDir) {}
