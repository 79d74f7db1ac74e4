package io.headstream.eval;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headstream.inference.HeadPredictor;
import io.headstream.inference.InferenceException;
import io.headstream.inference.OnnxMultiHeadModel;
import io.headstream.inference.RuntimeOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evaluate}: runs a bundle through the Java runtime on one evaluation task and prints one
 * JSON object per example on stdout, then one {@code {"kind": "aggregate", ...}} line, with the
 * metrics of {@code training/EVALUATION.md} so the numbers compare with the Python
 * {@code training/evaluate.py}. A progress bar goes to stderr. Exit codes: 2 bad usage or a
 * missing file, 1 a runtime failure, 0 success.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a model bundle on a held-out set (metrics as training/EVALUATION.md).")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--task", required = true, converter = TaskConverter.class,
            description = "squad | squad2 | squad_long | qmsum | squality | tatqa | hotpotqa | drop")
    Task task;

    @Option(names = "--data", description = "the evaluation file (default: the task's file under --data-dir)")
    Path data;

    @Option(names = "--data-dir", description = "data folder (default: $HEADSTREAM_DATA or ../shared/data, beside the checkout)")
    Path dataDir;

    @Option(names = "--bundle", defaultValue = "models/default", description = "model bundle folder (default: ${DEFAULT-VALUE})")
    Path bundle;

    @Option(names = "--limit", defaultValue = "0", description = "first N examples in file order (0: all)")
    int limit;

    @Option(names = "--batch-size", defaultValue = "32", description = "inputs per predict call (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--no-question", description = "give the model an empty question for every example")
    boolean noQuestion;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu | gpu (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--max-windows", defaultValue = "1000",
            description = "windows read per context; the Python evaluation reads every window (default: ${DEFAULT-VALUE})")
    int maxWindows;

    @Option(names = "--quiet", description = "print only the aggregate line")
    boolean quiet;

    @Option(names = "--no-progress", description = "no progress bar on stderr")
    boolean noProgress;

    private final PrintStream out;
    private final PrintStream err;

    public EvaluateCommand() {
        this(System.out, System.err);
    }

    EvaluateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // stdout carries only JSON records: anything else that prints there (a console log
        // appender without configuration) is sent to stderr instead.
        PrintStream stdout = System.out;
        System.setOut(System.err);
        System.exit(new CommandLine(new EvaluateCommand(stdout, System.err)).execute(args));
    }

    /** The command with exit codes 2 for usage errors and 1 for runtime failures. */
    public static CommandLine commandLine() {
        return new CommandLine(new EvaluateCommand());
    }

    @Override
    public Integer call() {
        List<String> problems = new ArrayList<>();
        if (limit < 0) {
            problems.add("--limit must be >= 0, is " + limit);
        }
        if (batchSize < 1) {
            problems.add("--batch-size must be >= 1, is " + batchSize);
        }
        if (maxWindows < 1) {
            problems.add("--max-windows must be >= 1, is " + maxWindows);
        }
        if (!device.equals("cpu") && !device.equals("gpu")) {
            problems.add("--device must be cpu or gpu, is " + device);
        }
        Path file = data != null ? data : resolveDataDir().resolve(EvalSets.defaultFile(task));
        if (!Files.isRegularFile(file)) {
            problems.add("evaluation set not found: " + file + " (pass --data or --data-dir)");
        }
        if (!Files.isRegularFile(bundle.resolve("manifest.json"))) {
            problems.add("--bundle " + bundle + " has no manifest.json");
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("evaluate: " + p));
            return 2;
        }
        try {
            return evaluate(file);
        } catch (IOException | UncheckedIOException | InferenceException | IllegalArgumentException e) {
            err.println();
            err.println("evaluate: " + e.getMessage());
            return 1;
        }
    }

    private Path resolveDataDir() {
        if (dataDir != null) {
            return dataDir;
        }
        String env = System.getenv("HEADSTREAM_DATA");
        return Paths.get(env != null && !env.isBlank() ? env : "../shared/data");
    }

    private int evaluate(Path file) throws IOException {
        List<EvalExample> examples = EvalSets.read(task, file, limit);
        if (noQuestion) {
            examples = examples.stream().map(e -> e.withQuestion("")).toList();
        }
        RuntimeOptions options = RuntimeOptions.defaults().withDevice(device).withMaxWindowsPerInput(maxWindows)
                .withAllowNoAnswer(task.allowsNoAnswer());
        if (task.isSummary()) {
            options = options.withSummaryBudget(SummaryScoring.budget(task).maxSentences(),
                    SummaryScoring.budget(task).maxChars());
        }
        ObjectMapper json = new ObjectMapper();
        json.getFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        try (OnnxMultiHeadModel model = OnnxMultiHeadModel.load(bundle, options);
                HeadPredictor predictor = model.newPredictor()) {
            long t0 = System.nanoTime(); // as the Python figure: evaluation only, not loading
            TaskRunner runner = new TaskRunner(predictor, batchSize, rec -> {
                if (!quiet) {
                    print(json, rec);
                }
            }, new Progress(err, !noProgress), model.bundle().decode().nullThreshold());
            Map<String, Object> metrics = runner.run(task, examples);
            List<String> notes = new ArrayList<>();
            notes.add("limit=" + (limit == 0 ? "None" : Integer.toString(limit)));
            notes.add("runtime=java " + model.identity().name() + " " + model.identity().version() + " "
                    + model.identity().sha256().substring(0, 12) + " device=" + device);
            if (noQuestion) {
                notes.add("no-question: every example was given an empty question");
            }
            if (runner.capped() > 0) {
                notes.add(runner.capped() + " inputs capped at " + maxWindows + " windows");
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            print(json, Records.map("kind", "aggregate", "task", task.cliName(), "examples", examples.size(),
                    "windows", runner.windows(), "seconds", Math.round(seconds * 10) / 10.0,
                    "metrics", rounded(metrics), "notes", notes));
        }
        return 0;
    }

    private static Map<String, Object> rounded(Map<String, Object> metrics) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        metrics.forEach((k, v) -> out.put(k, v instanceof Double d ? Records.round4(d) : v));
        return out;
    }

    private void print(ObjectMapper json, Map<String, Object> rec) {
        try {
            out.println(json.writeValueAsString(rec));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Task names are accepted in any case. */
    static final class TaskConverter implements CommandLine.ITypeConverter<Task> {
        @Override
        public Task convert(String value) {
            try {
                return Task.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("unknown task '" + value
                        + "' (expected squad, squad2, qmsum, squality, tatqa, hotpotqa or drop)");
            }
        }
    }
}
