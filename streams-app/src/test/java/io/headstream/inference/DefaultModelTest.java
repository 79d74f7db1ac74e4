package io.headstream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The trained bundle {@code models/default} on a few hand-written examples: the answer is found,
 * the summary picks the sentences the question is about, explanation spans are real substrings,
 * and 32 SQuAD-length inputs take one forward pass. Skipped (with a message) only while the
 * bundle has not been produced.
 */
class DefaultModelTest {

    private static OnnxMultiHeadModel model;

    private static final String CONTEXT = "The Amazon rainforest covers much of the Amazon basin of South America. "
            + "The basin spans 7,000,000 square kilometres, of which 5,500,000 are covered by the rainforest. "
            + "The region includes territory belonging to nine nations. "
            + "The majority of the forest is contained within Brazil, with 60% of the rainforest. "
            + "Peru follows with 13%, and Colombia with 10%. "
            + "Tourism in the region has grown since the 1990s, and many visitors arrive by river boat.";

    /** Loads the bundle once; in a test (not @BeforeAll) so that each skip is reported with its reason. */
    private static synchronized OnnxMultiHeadModel model() {
        if (model == null) {
            model = OnnxMultiHeadModel.load(TestBundles.defaultBundle(), RuntimeOptions.defaults());
        }
        return model;
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    private static ModelOutput predict(String question, String context) {
        try (HeadPredictor p = model().newPredictor()) {
            return p.predict(List.of(new ModelInput(question, context))).get(0);
        }
    }

    @Test
    void factoidAnswersAreFound() {
        // {question, a string the answer must contain}; a small CPU-trained model may miss one
        String[][] cases = {
            {"How many square kilometres does the basin span?", "7,000,000"},
            {"How many nations have territory in the region?", "nine"},
            {"Which country contains the majority of the forest?", "Brazil"},
            {"What share of the rainforest does Peru have?", "13%"},
        };
        int found = 0;
        List<String> answers = new ArrayList<>();
        for (String[] c : cases) {
            AnswerResult a = predict(c[0], CONTEXT).answer();
            answers.add(a.text());
            if (!a.noAnswer()) {
                assertThat(CONTEXT.substring(a.start(), a.end())).isEqualTo(a.text());
                found += a.text().contains(c[1]) ? 1 : 0;
            }
        }
        assertThat(found).as("answers %s", answers).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theSummaryPicksTheSentencesTheQuestionIsAbout() {
        ModelOutput out = predict("How has tourism in the region developed?",
                CONTEXT + "\nThe climate is hot and humid all year. Rainfall exceeds two metres in many areas.");
        assertThat(out.summary().sentences()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        assertThat(out.summary().text()).contains("Tourism in the region has grown");
        for (ScoredText s : out.summary().sentences()) {
            assertThat(s.label()).isEqualTo("sentence");
        }
    }

    @Test
    void explanationSpansAreRealSubstringsAndMarkTheAnswer() {
        String[] questions = {
            "Which country contains the majority of the forest?",
            "How many nations have territory in the region?",
            "How many square kilometres does the basin span?",
            "What share of the rainforest does Peru have?",
        };
        int withSpans = 0;
        int markingTheAnswer = 0;
        for (String q : questions) {
            ModelOutput out = predict(q, CONTEXT);
            for (ScoredText s : out.explanation().spans()) {
                assertThat(CONTEXT.substring(s.start(), s.end())).isEqualTo(s.text());
                assertThat(s.text()).isNotBlank();
                assertThat(s.label()).isEqualTo("span");
            }
            withSpans += out.explanation().spans().isEmpty() ? 0 : 1;
            markingTheAnswer += out.explanation().spans().stream().anyMatch(ScoredText::overlapsAnswer) ? 1 : 0;
        }
        // the tagging head marks something for most factoid questions, and (the paper's emergent
        // behaviour) its spans point into the answer head's span
        assertThat(withSpans).isGreaterThanOrEqualTo(2);
        assertThat(markingTheAnswer).isGreaterThanOrEqualTo(2);
    }

    @Test
    void thirtyTwoSquadLengthInputsRunInOneForwardPass() {
        List<ModelInput> inputs = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            inputs.add(new ModelInput("Which nation holds " + (i % 3 == 0 ? "most" : "13%") + " of the forest?",
                    CONTEXT + " Visitor number " + i + " wrote a report about the river boats and the weather."));
        }
        try (HeadPredictor p = model().newPredictor()) {
            long before = model.forwardPasses();
            List<ModelOutput> outs = p.predict(inputs);
            assertThat(model.forwardPasses() - before).isEqualTo(1);
            assertThat(outs).hasSize(32).allMatch(o -> o.windows() == 1);
        }
    }
}
