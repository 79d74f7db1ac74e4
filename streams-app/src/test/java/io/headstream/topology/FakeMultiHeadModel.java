package io.headstream.topology;

import io.headstream.inference.AnswerResult;
import io.headstream.inference.ExplanationResult;
import io.headstream.inference.HeadPredictor;
import io.headstream.inference.InferenceException;
import io.headstream.inference.ModelIdentity;
import io.headstream.inference.ModelInput;
import io.headstream.inference.ModelOutput;
import io.headstream.inference.MultiHeadModel;
import io.headstream.inference.ScoredText;
import io.headstream.inference.SummaryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in for the real model, for topology unit tests only: the answer is the
 * context's first word, the summary its first sentence, the explanation its last word. A context
 * containing {@link #POISON} makes any batch that includes it fail, like a model error would.
 */
final class FakeMultiHeadModel implements MultiHeadModel {
    static final String POISON = "<poison>";
    static final ModelIdentity IDENTITY = new ModelIdentity("fake", "0.0.1", "0".repeat(64));

    final List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicInteger predictorsOpen = new AtomicInteger();

    @Override
    public ModelIdentity identity() {
        return IDENTITY;
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
        predictorsOpen.incrementAndGet();
        return new HeadPredictor() {
            @Override
            public List<ModelOutput> predict(List<ModelInput> batch) {
                batchSizes.add(batch.size());
                if (batch.stream().anyMatch(in -> in.context().contains(POISON))) {
                    throw new InferenceException("poisoned input in a batch of " + batch.size());
                }
                List<ModelOutput> out = new ArrayList<>();
                for (ModelInput in : batch) {
                    out.add(outputFor(in.context()));
                }
                return out;
            }

            @Override
            public void close() {
                predictorsOpen.decrementAndGet();
            }
        };
    }

    static ModelOutput outputFor(String context) {
        String trimmed = context.strip();
        int start = context.indexOf(trimmed);
        int firstSpace = trimmed.indexOf(' ');
        int answerEnd = start + (firstSpace < 0 ? trimmed.length() : firstSpace);
        AnswerResult answer = new AnswerResult("answer", context.substring(start, answerEnd), start, answerEnd, 0.9, false);
        int dot = context.indexOf('.');
        int sentenceEnd = dot < 0 ? context.length() : dot + 1;
        ScoredText sentence = new ScoredText(context.substring(0, sentenceEnd), 0, sentenceEnd, 0.8, "sentence", true);
        int lastSpace = context.lastIndexOf(' ');
        ScoredText span = new ScoredText(context.substring(lastSpace + 1), lastSpace + 1, context.length(), 0.7, "span",
                lastSpace + 1 < answerEnd);
        return new ModelOutput(answer, new SummaryResult("summary", List.of(sentence), sentence.text()),
                new ExplanationResult("explanation", List.of(span)), 1, false);
    }

    @Override
    public void close() {}
}
