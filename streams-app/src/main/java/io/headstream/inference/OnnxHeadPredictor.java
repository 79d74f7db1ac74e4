package io.headstream.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The runtime's {@link HeadPredictor}: tokenizes the whole batch, packs the windows of every input
 * into as few fused forward passes as the token budget allows, and decodes each input's heads.
 * Holds per-call state only, so one per thread as the interface asks; it owns no native memory
 * between calls (each pass frees its tensors).
 */
final class OnnxHeadPredictor implements HeadPredictor {

    private final OnnxMultiHeadModel model;
    private boolean closed;
    private long tokenizeNanos;
    private long forwardNanos;
    private long decodeNanos;

    OnnxHeadPredictor(OnnxMultiHeadModel model) {
        this.model = model;
    }

    @Override
    public List<ModelOutput> predict(List<ModelInput> batch) {
        if (closed) {
            throw new IllegalStateException("predictor is closed");
        }
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) == null) {
                throw new InferenceException("input " + i + " of the batch is null");
            }
        }
        if (batch.isEmpty()) {
            return List.of();
        }
        long t0 = System.nanoTime();
        List<EncodedInput> encoded;
        try {
            encoded = model.windowing().encode(batch);
        } catch (RuntimeException e) {
            throw new InferenceException("tokenizing a batch of " + batch.size() + " inputs failed: "
                    + FusedForward.rootMessage(e), e);
        }
        List<Window> windows = new ArrayList<>();
        int[] firstWindow = new int[batch.size()];
        for (int i = 0; i < encoded.size(); i++) {
            firstWindow[i] = windows.size();
            windows.addAll(encoded.get(i).windows());
        }
        long t1 = System.nanoTime();
        WindowLogits[] logits = model.runPasses(windows, model.planner().plan(windows), batch.size());
        long t2 = System.nanoTime();
        List<ModelOutput> outputs = new ArrayList<>(batch.size());
        for (int i = 0; i < encoded.size(); i++) {
            EncodedInput in = encoded.get(i);
            int from = firstWindow[i];
            List<WindowLogits> own = Arrays.asList(logits).subList(from, from + in.windows().size());
            outputs.add(model.decode(in, own));
        }
        long t3 = System.nanoTime();
        tokenizeNanos += t1 - t0;
        forwardNanos += t2 - t1;
        decodeNanos += t3 - t2;
        return outputs;
    }

    /** Nanoseconds spent so far per stage: tokenize (incl. windowing), forward, decode. */
    long[] stageNanos() {
        return new long[] {tokenizeNanos, forwardNanos, decodeNanos};
    }

    @Override
    public void close() {
        closed = true;
    }
}
