package io.headstream.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A micro-benchmark of the runtime: events per second and time per stage (tokenize incl.
 * windowing, fused forward, decode) at batch sizes 1, 8 and 32 on SQuAD-length question+context
 * pairs (SQuAD v1.1 dev paragraphs when the data folder has them). Prints figures, asserts nothing.
 *
 * <pre>java -cp ... io.headstream.inference.InferenceBench [bundle-dir] [seconds-per-size] [threads]</pre>
 */
public final class InferenceBench {

    private InferenceBench() {}

    public static void main(String[] args) throws IOException {
        Path bundle = Paths.get(args.length > 0 ? args[0] : "models/default");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 20;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        List<ModelInput> inputs = squadInputs(256);
        double chars = inputs.stream().mapToInt(i -> i.context().length()).average().orElse(0);
        RuntimeOptions options = RuntimeOptions.defaults().withIntraOpThreads(threads);
        try (OnnxMultiHeadModel model = OnnxMultiHeadModel.load(bundle, options)) {
            System.out.printf(Locale.ROOT, "bundle %s (%s %s), %d inputs, mean context %.0f chars, %s, "
                    + "intra-op threads %s, %d cores%n", bundle, model.identity().name(), model.identity().version(),
                    inputs.size(), chars, options.device(), threads == 0 ? "ORT default" : threads,
                    Runtime.getRuntime().availableProcessors());
            System.out.println("batch  events/s  ms/batch  tokenize ms  forward ms  decode ms  passes/batch  windows/event");
            for (int batch : new int[] {1, 8, 32}) {
                run(model, inputs, batch, Math.min(2, seconds), false);
                run(model, inputs, batch, seconds, true);
            }
        }
    }

    private static void run(OnnxMultiHeadModel model, List<ModelInput> inputs, int batch, double seconds, boolean print) {
        try (OnnxHeadPredictor p = (OnnxHeadPredictor) model.newPredictor()) {
            long passes0 = model.forwardPasses();
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            int batches = 0;
            int events = 0;
            int windows = 0;
            int next = 0;
            while (System.nanoTime() < deadline || batches == 0) {
                List<ModelInput> b = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    b.add(inputs.get(next++ % inputs.size()));
                }
                for (ModelOutput o : p.predict(b)) {
                    windows += o.windows();
                }
                batches++;
                events += batch;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] stages = p.stageNanos();
            if (print) {
                System.out.printf(Locale.ROOT, "%5d  %8.1f  %8.1f  %11.2f  %10.2f  %9.2f  %12.2f  %13.2f%n", batch,
                        events / elapsed, 1000 * elapsed / batches, stages[0] / 1e6 / batches, stages[1] / 1e6 / batches,
                        stages[2] / 1e6 / batches, (double) (model.forwardPasses() - passes0) / batches,
                        (double) windows / events);
            }
        }
    }

    /** SQuAD v1.1 dev question+paragraph pairs, one per paragraph, or synthetic ones without data. */
    static List<ModelInput> squadInputs(int n) throws IOException {
        String dir = System.getenv().getOrDefault("HEADSTREAM_DATA", "../shared/data");
        Path file = Paths.get(dir, "squad", "squad11_dev_a.json.gz");
        List<ModelInput> out = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                JsonNode root = new ObjectMapper().readTree(in);
                for (JsonNode article : root.path("data")) {
                    for (JsonNode para : article.path("paragraphs")) {
                        if (out.size() < n && para.path("qas").size() > 0) {
                            out.add(new ModelInput(para.path("qas").get(0).path("question").asText(),
                                    para.path("context").asText()));
                        }
                    }
                }
            }
        }
        for (int i = 0; out.size() < n; i++) {
            out.add(new ModelInput("When did the city grow " + i + "?", ("The city grew quickly in the last century. "
                    + "Its population doubled after the war, and new schools opened in every district. ").repeat(8)));
        }
        return out;
    }
}
