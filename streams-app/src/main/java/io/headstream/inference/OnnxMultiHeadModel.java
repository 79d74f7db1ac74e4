package io.headstream.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MultiHeadModel} of a bundle on ONNX Runtime (through DJL): validates the bundle,
 * loads the tokenizer and the fused graph once, checks the graph's outputs against the manifest
 * with a warm-up pass, and hands out predictors. Load one per JVM; it is thread-safe, its
 * predictors are not.
 */
public final class OnnxMultiHeadModel implements MultiHeadModel {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxMultiHeadModel.class);

    private final ModelBundle bundle;
    private final RuntimeOptions options;
    private final Tokens tokens;
    private final FusedForward forward;
    private final Windowing windowing;
    private final BatchPlanner planner;
    private final AnswerDecoder answers;
    private final SummaryDecoder summaries;
    private final ExplanationDecoder explanations;

    private OnnxMultiHeadModel(ModelBundle bundle, RuntimeOptions options, Tokens tokens, FusedForward forward) {
        this.bundle = bundle;
        this.options = options;
        this.tokens = tokens;
        this.forward = forward;
        WindowSpec spec = bundle.windows();
        this.windowing = new Windowing(tokens, spec, options.maxWindowsPerInput());
        this.planner = new BatchPlanner(options.tokenBudget(), options.maxBatchWindows());
        this.answers = new AnswerDecoder(bundle.head(HeadSpec.SPAN).name(), spec.maxAnswerTokens(),
                options.allowNoAnswer(), bundle.decode().nullThreshold());
        this.summaries = new SummaryDecoder(bundle.head(HeadSpec.SALIENCE).name(),
                options.summaryMaxSentences(), options.summaryMaxChars(), bundle.decode().skipFillerUnits());
        this.explanations = new ExplanationDecoder(bundle.head(HeadSpec.TAGGING), bundle.decode());
    }

    /**
     * Loads the bundle in {@code dir} with {@code options}.
     *
     * @throws InferenceException with one message naming the file and problem when the bundle is
     *     invalid, or the device cannot be used
     */
    public static OnnxMultiHeadModel load(Path dir, RuntimeOptions options) {
        long t0 = System.nanoTime();
        ModelBundle bundle = ModelBundle.load(dir);
        Tokens tokens = Tokens.load(bundle.tokenizerFile());
        FusedForward forward;
        try {
            forward = FusedForward.load(bundle, options);
        } catch (RuntimeException e) {
            tokens.close();
            throw e;
        }
        OnnxMultiHeadModel model = new OnnxMultiHeadModel(bundle, options, tokens, forward);
        try {
            model.warmUp();
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        LOG.info("loaded model bundle {} ({} {}, sha256 {}) on {} in {} ms", dir, bundle.identity().name(),
                bundle.identity().version(), bundle.identity().sha256(), options.device(),
                (System.nanoTime() - t0) / 1_000_000);
        return model;
    }

    /** Checks the graph's outputs against the manifest and runs one real batch before serving. */
    private void warmUp() {
        long[] ids = {tokens.clsId(), tokens.sepId(), tokens.clsId(), tokens.sepId()};
        long[] types = {0, 0, 1, 1};
        bundle.checkGraphOutputs(forward.probeOutputNames(new long[][] {ids, ids}, new long[][] {types, types}));
        try (HeadPredictor p = newPredictor()) {
            p.predict(List.of(new ModelInput("What is warmed up?", "The model is warmed up at load.")));
        }
    }

    /**
     * Runs {@code windows} as the given fused passes (lists of indices into {@code windows}) and
     * returns each window's logits at its index. Shared by the per-thread predictor and the
     * shared executor so both fail the same way.
     *
     * @param inputs how many inputs the windows belong to, for the error message
     */
    WindowLogits[] runPasses(List<Window> windows, List<List<Integer>> passes, int inputs) {
        WindowLogits[] logits = new WindowLogits[windows.size()];
        for (List<Integer> pass : passes) {
            List<Window> passWindows = new ArrayList<>(pass.size());
            for (int w : pass) {
                passWindows.add(windows.get(w));
            }
            List<WindowLogits> out;
            try {
                out = forward.run(passWindows);
            } catch (InferenceException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new InferenceException("forward pass over " + passWindows.size() + " windows of a batch of "
                        + inputs + " inputs failed: " + FusedForward.rootMessage(e), e);
            }
            for (int k = 0; k < pass.size(); k++) {
                logits[pass.get(k)] = out.get(k);
            }
        }
        return logits;
    }

    ModelOutput decode(EncodedInput in, List<WindowLogits> logits) {
        AnswerResult answer = answers.decode(in, logits);
        return new ModelOutput(answer, summaries.decode(in, logits, answer), explanations.decode(in, logits, answer),
                in.windows().size(), in.capped());
    }

    @Override
    public ModelIdentity identity() {
        return bundle.identity();
    }

    @Override
    public Set<String> heads() {
        return bundle.heads().keySet();
    }

    @Override
    public String defaultTargetHead() {
        return bundle.defaultTargetHead();
    }

    @Override
    public HeadPredictor newPredictor() {
        return new OnnxHeadPredictor(this);
    }

    /** The bundle this model was loaded from. */
    public ModelBundle bundle() {
        return bundle;
    }

    public RuntimeOptions options() {
        return options;
    }

    /** Fused forward passes run since load (the warm-up included). */
    public long forwardPasses() {
        return forward.runs();
    }

    Windowing windowing() {
        return windowing;
    }

    BatchPlanner planner() {
        return planner;
    }

    @Override
    public void close() {
        forward.close();
        tokens.close();
    }
}
