package io.headstream.bench;

import io.headstream.inference.ExecutorSettings;
import io.headstream.inference.ModelInput;
import io.headstream.inference.ModelWindows;
import io.headstream.inference.OnnxMultiHeadModel;
import io.headstream.inference.SharedInferenceExecutor;
import io.headstream.inference.Submission;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The figures measured on the runtime alone, without Kafka: heads overhead (1), shared vs
 * separate models (2), the batching curve (5), the distance to the matrix-product peak (7), and
 * the raw events/s that figure 4 compares the topology against. Graph comparisons alternate A and
 * B over several rounds on identical windows, so that load drifting on a shared machine hits both
 * sides alike.
 */
final class RawFigures {

    private final OnnxMultiHeadModel model;
    private final BenchOptions opt;
    private final BenchReport report;
    private final List<ModelInput> inputs;
    private final List<List<long[][]>> batches = new ArrayList<>();
    private long fusedNanos;
    private int fusedPasses;

    RawFigures(OnnxMultiHeadModel model, List<ModelInput> inputs, BenchOptions opt, BenchReport report) {
        this.model = model;
        this.inputs = inputs;
        this.opt = opt;
        this.report = report;
        List<long[][]> windows = ModelWindows.of(model, inputs);
        for (int from = 0; from < windows.size(); from += opt.batch()) {
            batches.add(windows.subList(from, Math.min(windows.size(), from + opt.batch())));
        }
        report.note(inputs.size() + " events -> " + windows.size() + " windows, " + batches.size() + " passes of <= "
                + opt.batch() + " windows");
    }

    private Path variant(String name) {
        Path p = opt.variants().resolve(name);
        return Files.isRegularFile(p) ? p : null;
    }

    /**
     * Times {@code a} against the group {@code b} (run one after the other, e.g. three single-head
     * graphs) pass by pass, alternating which goes first, for {@link BenchOptions#rounds()}
     * rounds (or {@code rounds}): on a shared machine, load changes over seconds, so fine
     * interleaving makes both sides see the same load. Returns {total a, total b} nanoseconds and adds the per-pass
     * ratios b/a to {@code ratios}.
     */
    private long[] interleaved(GraphRunner a, List<GraphRunner> b, boolean copyOut, List<Double> ratios) {
        return interleaved(a, b, copyOut, ratios, opt.rounds());
    }

    private long[] interleaved(GraphRunner a, List<GraphRunner> b, boolean copyOut, List<Double> ratios, int rounds) {
        long ta = 0;
        long tb = 0;
        int k = 0;
        for (int r = 0; r < rounds; r++) {
            for (List<long[][]> batch : batches) {
                long da;
                long db = 0;
                if (k++ % 2 == 0) {
                    da = time(a, batch, copyOut);
                    for (GraphRunner g : b) {
                        db += time(g, batch, copyOut);
                    }
                } else {
                    for (GraphRunner g : b) {
                        db += time(g, batch, copyOut);
                    }
                    da = time(a, batch, copyOut);
                }
                ta += da;
                tb += db;
                ratios.add((double) db / da);
            }
        }
        return new long[] {ta, tb};
    }

    private static long time(GraphRunner g, List<long[][]> batch, boolean copyOut) {
        long t0 = System.nanoTime();
        g.run(batch, copyOut);
        return System.nanoTime() - t0;
    }

    private long timeAll(GraphRunner g, boolean copyOut) {
        long t0 = System.nanoTime();
        for (List<long[][]> b : batches) {
            g.run(b, copyOut);
        }
        return System.nanoTime() - t0;
    }

    /**
     * Figure 1. The two graphs differ only by the heads (under 1 % of the FLOPs; ONNX Runtime
     * optimises the encoder part of both alike), so the expected ratio is within a percent of 1
     * and the figure is decided by noise: each pass pair on a shared 2-core machine varies by
     * +-10 %. It therefore takes at least {@link #MIN_PASS_PAIRS} pass pairs (more rounds than
     * {@link BenchOptions#rounds()} when a round has few passes), runs every window shape once on
     * both graphs before timing (ONNX Runtime plans memory per new input shape), and prints the
     * spread of the per-pass ratios next to the ratio of the totals.
     */
    void headsOverhead() {
        Path encoder = variant("encoder.onnx");
        if (encoder == null) {
            report.add(1, "heads overhead (fused / encoder-only throughput)", "not measured", ">= 0.95", null,
                    "no " + opt.variants().resolve("encoder.onnx") + " (see README: benchmark variants)");
            return;
        }
        try (GraphRunner fused = GraphRunner.load(model.bundle().modelFile(), opt.intraOpThreads());
                GraphRunner enc = GraphRunner.load(encoder, opt.intraOpThreads())) {
            timeAll(fused, false);
            timeAll(enc, false);
            int rounds = figureOneRounds(opt.rounds(), batches.size());
            List<Double> perPass = new ArrayList<>();
            long[] t = interleaved(fused, List.of(enc), false, perPass, rounds);
            long tf = t[0];
            long te = t[1];
            double ratio = (double) te / tf;
            report.add(1, "heads overhead (fused / encoder-only throughput)", Stats.f(ratio, 3), ">= 0.95", ratio >= 0.95,
                    "same windows, " + rounds + " rounds interleaved pass by pass, " + perPass.size()
                            + " pass pairs (per-pass ratio median " + Stats.f(Stats.percentile(perPass, 50), 3)
                            + ", quartiles " + Stats.f(Stats.percentile(perPass, 25), 3) + " - "
                            + Stats.f(Stats.percentile(perPass, 75), 3) + "), graph compute only; fused "
                            + Stats.f(Stats.perSecond((long) inputs.size() * rounds, tf), 2) + " ev/s, encoder "
                            + Stats.f(Stats.perSecond((long) inputs.size() * rounds, te), 2) + " ev/s");
        }
    }

    /** Pass pairs figure 1 takes at least: enough that the +-10 % per-pass noise averages to about 2 %. */
    static final int MIN_PASS_PAIRS = 24;

    /** Rounds of figure 1: {@code rounds}, or more when that gives fewer than {@link #MIN_PASS_PAIRS} pass pairs. */
    static int figureOneRounds(int rounds, int passesPerRound) {
        int needed = (MIN_PASS_PAIRS + passesPerRound - 1) / Math.max(1, passesPerRound);
        return Math.max(rounds, needed);
    }

    /** Figure 2, and the fused timings figure 7 uses. */
    void sharedVsSeparate() {
        List<Path> heads = new ArrayList<>();
        for (String h : List.of("head_answer.onnx", "head_summary.onnx", "head_explanation.onnx")) {
            Path p = variant(h);
            if (p != null) {
                heads.add(p);
            }
        }
        try (GraphRunner fused = GraphRunner.load(model.bundle().modelFile(), opt.intraOpThreads())) {
            fused.run(batches.get(0), true);
            if (heads.size() < 3) {
                for (int r = 0; r < opt.rounds(); r++) {
                    fusedNanos += timeAll(fused, true);
                    fusedPasses += batches.size();
                }
                report.add(2, "shared vs separate (fused / three single-head models, events/s)", "not measured", ">= 2.7x",
                        null, "single-head graphs missing under " + opt.variants());
                return;
            }
            List<GraphRunner> separate = new ArrayList<>();
            try {
                for (Path p : heads) {
                    GraphRunner g = GraphRunner.load(p, opt.intraOpThreads());
                    separate.add(g);
                    g.run(batches.get(0), true);
                }
                List<Double> perPass = new ArrayList<>();
                long[] t = interleaved(fused, separate, true, perPass);
                fusedNanos += t[0];
                fusedPasses += batches.size() * opt.rounds();
                long ts = t[1];
                double ratio = (double) ts / fusedNanos;
                long events = (long) inputs.size() * opt.rounds();
                report.add(2, "shared vs separate (fused / three single-head models, events/s)", Stats.f(ratio, 2) + "x",
                        ">= 2.7x", ratio >= 2.7, "fused " + Stats.f(Stats.perSecond(events, fusedNanos), 2)
                                + " ev/s vs separate " + Stats.f(Stats.perSecond(events, ts), 2)
                                + " ev/s (median per-pass ratio " + Stats.f(Stats.percentile(perPass, 50), 2)
                                + "); same windows, interleaved pass by pass, forward + copy of the head outputs");
            } finally {
                separate.forEach(GraphRunner::close);
            }
        }
    }

    /** Figure 7: achieved encoder GFLOP/s of the fused passes against a plain MatMul through the same runtime. */
    void physicalLimit() {
        EncoderFlops flops = EncoderFlops.of(model.bundle().dir().resolve("manifest.json"));
        if (fusedPasses == 0) {
            try (GraphRunner fused = GraphRunner.load(model.bundle().modelFile(), opt.intraOpThreads())) {
                fused.run(batches.get(0), true);
                fusedNanos = timeAll(fused, true);
                fusedPasses = batches.size();
            }
        }
        double rounds = (double) fusedPasses / batches.size();
        double achieved = flops.of(batches) * rounds / fusedNanos;
        int n = opt.matmulSize();
        double fp32 = peak(n, false);
        double int8 = peak(n, true);
        boolean quantized = "int8".equals(precision());
        double peak = quantized ? int8 : fp32;
        double pct = 100 * achieved / peak;
        report.add(7, "distance to the physical limit (model GFLOP/s / MatMul peak of its precision)",
                Stats.f(pct, 1) + " %", "report", null, "model " + Stats.f(achieved, 2) + " GFLOP/s ("
                        + (quantized ? "int8" : "fp32") + ", " + flops.layers() + "x" + flops.hidden()
                        + " encoder, padded tokens) vs " + n + "x" + n + " MatMul best of 7 through the same runtime: int8 "
                        + Stats.f(int8, 2) + ", fp32 " + Stats.f(fp32, 2) + " GOP/s");
    }

    private String precision() {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(model.bundle().dir().resolve("manifest.json").toFile()).path("precision").asText("fp32");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Best of 7 of an n x n matrix product through the runtime, in G(FL)OP/s. */
    private double peak(int n, boolean int8) {
        Path file = opt.workDir().resolve((int8 ? "matmul-int8-" : "matmul-fp32-") + n + ".onnx");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, int8 ? OnnxProto.matMulInteger(n) : OnnxProto.matMul(n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Random random = new Random(7);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        byte[] qa = new byte[n * n];
        byte[] qb = new byte[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat() - 0.5f;
            b[i] = random.nextFloat() - 0.5f;
            qa[i] = (byte) random.nextInt(256);
            qb[i] = (byte) (random.nextInt(256) - 128);
        }
        double best = 0;
        try (GraphRunner mm = GraphRunner.load(file, opt.intraOpThreads())) {
            for (int r = 0; r < 8; r++) {
                long t0 = System.nanoTime();
                if (int8) {
                    mm.matMulInteger(qa, qb, n);
                } else {
                    mm.matMul(a, b, n);
                }
                long dt = System.nanoTime() - t0;
                if (r > 0) {
                    best = Math.max(best, 2.0 * n * n * n / dt);
                }
            }
        }
        return best;
    }

    /**
     * Figure 5: the serving path (the shared executor: tokenize, passes, decode) at each batch
     * size, one batch at a time, so a batch's latency is each of its events' latency.
     */
    void batchingCurve() throws InterruptedException {
        StringBuilder measured = new StringBuilder();
        StringBuilder detail = new StringBuilder();
        for (int size : opt.batchSizes()) {
            ExecutorSettings settings = new ExecutorSettings(size, ExecutorSettings.defaults().tokenBudget(), 0,
                    Math.max(size, 256), 60_000, 1);
            try (SharedInferenceExecutor executor = SharedInferenceExecutor.start(model, settings)) {
                long far = System.nanoTime() + java.util.concurrent.TimeUnit.HOURS.toNanos(1);
                Submission warm = executor.submit(inputs.subList(0, Math.min(size, inputs.size())), far);
                warm.await(far);
                warm.outcomes();
                List<Double> latencies = new ArrayList<>();
                int events = Math.max(inputs.size(), 2 * size);
                long total = 0;
                for (int from = 0; from < events; from += size) {
                    List<ModelInput> batch = new ArrayList<>(size);
                    for (int i = from; i < Math.min(events, from + size); i++) {
                        batch.add(inputs.get(i % inputs.size()));
                    }
                    long t0 = System.nanoTime();
                    Submission s = executor.submit(batch, far);
                    s.await(far);
                    s.outcomes();
                    long dt = System.nanoTime() - t0;
                    total += dt;
                    for (int i = 0; i < batch.size(); i++) {
                        latencies.add(dt / 1e6);
                    }
                }
                double rate = Stats.perSecond(events, total);
                measured.append(measured.length() == 0 ? "" : "; ").append(size).append(": ").append(Stats.f(rate, 2))
                        .append(" ev/s");
                detail.append(detail.length() == 0 ? "" : "; ").append(size).append(": p50 ")
                        .append(Stats.f(Stats.percentile(latencies, 50), 0)).append(" / p99 ")
                        .append(Stats.f(Stats.percentile(latencies, 99), 0)).append(" ms");
            }
        }
        report.add(5, "batching curve (batch: events/s)", measured.toString(), "report", null,
                "serving path (shared executor), one batch at a time; per-event latency = its batch's: " + detail);
    }

    /**
     * The runtime alone on the events figure 4 sends: the same shared executor (same settings, so
     * the same pass planning) fed micro-batches of the topology's batch size all at once, as two
     * busy stream threads would, without Kafka, Avro or transactions.
     */
    double rawEventsPerSecond(List<ModelInput> events) throws InterruptedException {
        try (SharedInferenceExecutor executor = SharedInferenceExecutor.start(model, ExecutorSettings.defaults())) {
            long far = System.nanoTime() + java.util.concurrent.TimeUnit.HOURS.toNanos(1);
            Submission warm = executor.submit(events.subList(0, Math.min(opt.batch(), events.size())), far);
            warm.await(far);
            warm.outcomes();
            long t0 = System.nanoTime();
            List<Submission> submissions = new ArrayList<>();
            for (int from = 0; from < events.size(); from += opt.batch()) {
                submissions.add(executor.submit(events.subList(from, Math.min(events.size(), from + opt.batch())), far));
            }
            for (Submission s : submissions) {
                s.await(far);
                s.outcomes();
            }
            return Stats.perSecond(events.size(), System.nanoTime() - t0);
        }
    }
}
