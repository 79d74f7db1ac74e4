package io.headstream.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic fake model for executor tests: the answer is the context itself, a batch
 * containing {@link #POISON} fails, and the first pass can be held at a gate so that tests decide
 * what is queued behind it, without sleeping.
 */
final class GatedFakeModel implements MultiHeadModel {
    static final String POISON = "<poison>";

    final List<Integer> passSizes = new CopyOnWriteArrayList<>();
    final List<String> passThreads = new CopyOnWriteArrayList<>();
    final CountDownLatch firstPassEntered = new CountDownLatch(1);
    final CountDownLatch gate;

    GatedFakeModel(boolean gated) {
        this.gate = new CountDownLatch(gated ? 1 : 0);
    }

    static ModelOutput outputFor(String context) {
        AnswerResult answer = new AnswerResult("answer", context, 0, context.length(), 1.0, false);
        return new ModelOutput(answer, new SummaryResult("summary", List.of(), ""),
                new ExplanationResult("explanation", List.of()), 1, false);
    }

    @Override
    public ModelIdentity identity() {
        return new ModelIdentity("gated-fake", "0", "0".repeat(64));
    }

    @Override
    public Set<String> heads() {
        return Set.of("answer", "summary", "explanation");
    }

    @Override
    public String defaultTargetHead() {
        return "answer";
    }

    @Override
    public HeadPredictor newPredictor() {
        return new HeadPredictor() {
            @Override
            public List<ModelOutput> predict(List<ModelInput> batch) {
                passSizes.add(batch.size());
                passThreads.add(Thread.currentThread().getName());
                firstPassEntered.countDown();
                try {
                    if (!gate.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("test gate never opened");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InferenceException("interrupted");
                }
                if (batch.stream().anyMatch(in -> in.context().contains(POISON))) {
                    throw new InferenceException("poisoned input in a pass of " + batch.size());
                }
                List<ModelOutput> out = new ArrayList<>();
                for (ModelInput in : batch) {
                    out.add(outputFor(in.context()));
                }
                return out;
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void close() {}
}
