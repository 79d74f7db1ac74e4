package io.headstream.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link BatchStages} for any {@link MultiHeadModel} (a fake in tests, or a model that is not the
 * ONNX runtime): nothing happens on the submitting thread, the inference thread calls its own
 * predictor on the coalesced inputs, and decoding just hands the output over. The token budget
 * sees each input as one window of about a quarter token per character.
 */
final class PredictorBatchStages implements BatchStages {

    private final MultiHeadModel model;

    PredictorBatchStages(MultiHeadModel model) {
        this.model = model;
    }

    @Override
    public void encode(InferenceRequest request) {
        request.windows = 1;
        request.longest = Math.max(1, (request.input.question().length() + request.input.context().length()) / 4);
    }

    @Override
    public Worker newWorker() {
        HeadPredictor predictor = model.newPredictor();
        return new Worker() {
            @Override
            public void run(List<InferenceRequest> batch) {
                List<ModelInput> inputs = new ArrayList<>(batch.size());
                for (InferenceRequest r : batch) {
                    inputs.add(r.input);
                }
                List<ModelOutput> out = predictor.predict(inputs);
                if (out.size() != batch.size()) {
                    throw new InferenceException("predictor returned " + out.size() + " outputs for " + batch.size()
                            + " inputs");
                }
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).raw = out.get(i);
                }
            }

            @Override
            public void close() {
                predictor.close();
            }
        };
    }

    @Override
    public ModelOutput decode(InferenceRequest request) {
        return (ModelOutput) request.raw;
    }
}
