package io.headstream.bench;

import io.headstream.inference.ModelInput;
import io.headstream.inference.OnnxMultiHeadModel;
import io.headstream.inference.RuntimeOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code headstream bench}: measures the eight figures of the performance issue in one run and
 * prints them as a Markdown table (progress and details go to stderr). Defaults take a few
 * minutes on a small CPU; {@code --events}, {@code --rounds}, {@code --load-seconds} and
 * {@code --soak-seconds} make it longer and steadier.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark: heads overhead, shared vs separate, vs a per-record baseline, end to end vs raw, "
                + "batching curve, latency under load, distance to the MatMul peak, memory.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", description = "Model bundle (default: ${DEFAULT-VALUE}).", defaultValue = "models/default")
    Path bundle;

    @Option(names = "--variants", description = "Comparison graphs encoder.onnx, head_*.onnx (default: ${DEFAULT-VALUE}).",
            defaultValue = "target/bench-variants")
    Path variants;

    @Option(names = "--data", description = "SQuAD-format gzip JSON (default: ${DEFAULT-VALUE}).",
            defaultValue = "../shared/data/squad/squad11_dev_a.json.gz")
    Path data;

    @Option(names = "--events", description = "Events per measured phase (default: ${DEFAULT-VALUE}).", defaultValue = "48")
    int events;

    @Option(names = "--long-every", description = "Every n-th event has a long context; 0: none (default: ${DEFAULT-VALUE}).",
            defaultValue = "8")
    int longEvery;

    @Option(names = "--long-chars", description = "Characters of a long context (default: ${DEFAULT-VALUE}).",
            defaultValue = "4000")
    int longChars;

    @Option(names = "--batch", description = "Topology batch size / windows per pass (default: ${DEFAULT-VALUE}).",
            defaultValue = "16")
    int batch;

    @Option(names = "--batch-sizes", split = ",", description = "Batching curve (default: ${DEFAULT-VALUE}).",
            defaultValue = "1,4,8,16,32")
    List<Integer> batchSizes;

    @Option(names = "--rounds", description = "Alternating rounds of graph comparisons (default: ${DEFAULT-VALUE}).",
            defaultValue = "2")
    int rounds;

    @Option(names = "--backlog-rounds", description = "Times the events are repeated in the backlogs of figures 3 and 4, "
            + "so that the topology's fill and drain (commit interval, last partial batch) weigh little "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "4")
    int backlogRounds;

    @Option(names = "--load-seconds", description = "Seconds per load level (default: ${DEFAULT-VALUE}).", defaultValue = "20")
    double loadSeconds;

    @Option(names = "--soak-seconds", description = "Seconds of the long run (default: ${DEFAULT-VALUE}).", defaultValue = "30")
    double soakSeconds;

    @Option(names = "--matmul", description = "n of the n x n MatMul peak (default: ${DEFAULT-VALUE}).", defaultValue = "1024")
    int matmul;

    @Option(names = "--intra-op-threads", description = "ONNX Runtime threads; 0: one per core (default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    int intraOpThreads;

    @Option(names = "--stream-threads", description = "Kafka Streams threads (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    int streamThreads;

    @Option(names = "--partitions", description = "Input partitions (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    int partitions;

    @Option(names = "--work-dir", description = "Broker data, state, generated graphs (default: ${DEFAULT-VALUE}).",
            defaultValue = "target/bench-work")
    Path workDir;

    @Option(names = "--raw-only", description = "Skip the figures that need the broker (3, 4, 6, 8).")
    boolean rawOnly;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream log = System.err;
        if (!Files.isRegularFile(bundle.resolve("manifest.json"))) {
            spec.commandLine().getErr().println("headstream: bench: " + bundle.toAbsolutePath() + " is not a model bundle");
            return 2;
        }
        BenchOptions opt = new BenchOptions(bundle, variants, data, events, longEvery, longChars, batch, batchSizes, rounds,
                backlogRounds, loadSeconds, soakSeconds, matmul, intraOpThreads, streamThreads, partitions,
                workDir.resolve("run-" + System.currentTimeMillis()));
        BenchReport report = new BenchReport(log);
        long t0 = System.nanoTime();
        List<ModelInput> inputs = BenchInputs.load(data, events, longEvery, longChars);
        RuntimeOptions runtime = RuntimeOptions.defaults().withSummaryBudget(3, 600).withIntraOpThreads(intraOpThreads)
                .withBatching(RuntimeOptions.defaults().tokenBudget(), batch);
        try (OnnxMultiHeadModel model = OnnxMultiHeadModel.load(bundle, runtime)) {
            report.note("model " + model.identity().name() + " " + model.identity().version() + " ("
                    + model.bundle().modelFile().getFileName() + ", sha256 " + model.identity().sha256().substring(0, 12)
                    + "), " + Runtime.getRuntime().availableProcessors() + " cores, " + Instant.now());
            RawFigures raw = new RawFigures(model, inputs, opt, report);
            raw.headsOverhead();
            raw.sharedVsSeparate();
            raw.batchingCurve();
            raw.physicalLimit();
            if (!rawOnly) {
                new StreamFigures(model, inputs, opt, report).run(raw);
            }
        }
        report.note("bench took " + Stats.f((System.nanoTime() - t0) / 1e9, 0) + " s");
        report.print(out);
        return 0;
    }
}
