package io.headstream.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link BatchStages} of the ONNX runtime: windows are built on the submitting thread, the
 * inference thread packs the windows of all requests of a pass into fused forward passes (the
 * model's {@link BatchPlanner}, sorted by length to pad little), and each request's logits are
 * decoded on its submitting thread.
 */
final class OnnxBatchStages implements BatchStages {

    private final OnnxMultiHeadModel model;

    OnnxBatchStages(OnnxMultiHeadModel model) {
        this.model = model;
    }

    @Override
    public void encode(InferenceRequest request) {
        EncodedInput encoded = model.windowing().encode(List.of(request.input)).get(0);
        request.encoded = encoded;
        request.windows = Math.max(1, encoded.windows().size());
        int longest = 1;
        for (Window w : encoded.windows()) {
            longest = Math.max(longest, w.length());
        }
        request.longest = longest;
    }

    @Override
    public Worker newWorker() {
        return new Worker() {
            @Override
            public void run(List<InferenceRequest> batch) {
                List<Window> windows = new ArrayList<>();
                int[] first = new int[batch.size() + 1];
                for (int i = 0; i < batch.size(); i++) {
                    first[i] = windows.size();
                    windows.addAll(((EncodedInput) batch.get(i).encoded).windows());
                }
                first[batch.size()] = windows.size();
                WindowLogits[] logits = model.runPasses(windows,
                        PaddingSplit.split(model.planner().plan(windows), windows), batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).raw = List.copyOf(Arrays.asList(logits).subList(first[i], first[i + 1]));
                }
            }

            @Override
            public void close() {}
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public ModelOutput decode(InferenceRequest request) {
        return model.decode((EncodedInput) request.encoded, (List<WindowLogits>) request.raw);
    }
}
