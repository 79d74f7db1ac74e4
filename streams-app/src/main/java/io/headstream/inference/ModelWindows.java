package io.headstream.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * The windows the runtime builds for inputs, as plain token-id arrays, so that benchmarks can feed
 * exactly the same tensors to other graphs (the encoder alone, single-head graphs) as the fused
 * model gets. Each window is {@code {ids, typeIds}}, unpadded.
 */
public final class ModelWindows {
    private ModelWindows() {}

    /** The windows of every input, in input order. */
    public static List<long[][]> of(OnnxMultiHeadModel model, List<ModelInput> inputs) {
        List<long[][]> out = new ArrayList<>();
        for (EncodedInput in : model.windowing().encode(inputs)) {
            for (Window w : in.windows()) {
                out.add(new long[][] {w.ids(), w.typeIds()});
            }
        }
        return out;
    }
}
