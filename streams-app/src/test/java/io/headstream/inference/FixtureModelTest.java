package io.headstream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The whole runtime on the fixture bundle (random weights, so only structure is asserted):
 * exact offsets on any text, empty contexts, the window cap on a 10 MB context, one fused pass per
 * batch and batch-invariant results.
 */
class FixtureModelTest {

    private final OnnxMultiHeadModel model = TestBundles.fixtureModel();

    /** Plain sentences of common words: SQuAD-length text costs about a token per word. */
    private static final String[] SENTENCES = {
        "The city is one of the largest in the world and has a long history of trade and music.",
        "In the early years of the last century, many people moved there from the north to find work.",
        "The old church was built in the same year as the first school, and both are still open today.",
        "Most of the land around the river is used for farming, but some of it is now part of a park.",
        "During the war the government moved its offices to the south, where they stayed for ten years.",
        "Since then the population has grown to more than two million, and the city has become a center of art.",
        "The team won the national title three times, most recently in the season after the new stadium opened.",
    };

    /** Unicode-heavy sentences for the offset tests. */
    private static final String[] UNICODE = {
        "Café owners in Zürich served 😀 crêpes; 北京 visitors paid 3.5 francs each.",
        "Dr. Smith said the U.S. delegation arrived at 5 p.m. on Jan. 3, 1990.",
    };

    /** A SQuAD-length context (~130-150 words, ~800 chars) built deterministically. */
    static String squadLengthContext(int seed) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; sb.length() < 780; k++) {
            sb.append(SENTENCES[(seed + k * 3) % SENTENCES.length]).append(' ');
        }
        return sb.toString().trim();
    }

    /** A context mixing the plain sentences with accents, emoji, CJK and abbreviations. */
    static String unicodeContext(int seed) {
        return UNICODE[seed % 2] + " " + squadLengthContext(seed).substring(0, 300) + " " + UNICODE[(seed + 1) % 2];
    }

    private static void assertExact(ModelInput in, ModelOutput out) {
        String ctx = in.context();
        AnswerResult a = out.answer();
        if (a.noAnswer()) {
            assertThat(a.text()).isEmpty();
            assertThat(a.start()).isEqualTo(-1);
        } else {
            assertThat(ctx.substring(a.start(), a.end())).isEqualTo(a.text());
            assertThat(a.text()).isNotBlank();
        }
        assertThat(a.score()).isBetween(0.0, 1.0);
        List<int[]> sentences = SentenceSplitter.split(ctx);
        for (ScoredText s : out.summary().sentences()) {
            assertThat(ctx.substring(s.start(), s.end())).isEqualTo(s.text());
            assertThat(sentences).anyMatch(x -> x[0] == s.start() && x[1] == s.end());
            assertThat(s.score()).isBetween(0.0, 1.0);
        }
        assertThat(out.summary().text()).isEqualTo(String.join(" ",
                out.summary().sentences().stream().map(ScoredText::text).toList()));
        int previousEnd = -1;
        for (ScoredText s : out.explanation().spans()) {
            assertThat(ctx.substring(s.start(), s.end())).isEqualTo(s.text());
            assertThat(s.start()).isGreaterThanOrEqualTo(previousEnd);
            assertThat(Character.isLowSurrogate(ctx.charAt(s.start()))).isFalse();
            boolean overlaps = !a.noAnswer() && Math.min(s.end(), a.end()) > Math.max(s.start(), a.start());
            assertThat(s.overlapsAnswer()).isEqualTo(overlaps);
            previousEnd = s.end();
        }
    }

    @Test
    void everyOffsetIsExactOnUnicodeText() {
        List<ModelInput> inputs = List.of(
                new ModelInput("Where do café owners live?", "Café owners in Zürich 😀 served crêpes. Ångström was naïve."),
                new ModelInput("北京在哪里?", "北京是中国的首都。東京は日本の首都です。 Mixed 👍🏽 text."),
                new ModelInput("emoji?", "😀😀😀 👍🏽👍🏽 🇫🇷 flags and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 letters. More after them."),
                new ModelInput("", "A question-free input. It is summarized generically."));
        try (HeadPredictor p = model.newPredictor()) {
            List<ModelOutput> outs = p.predict(inputs);
            assertThat(outs).hasSize(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                assertExact(inputs.get(i), outs.get(i));
                assertThat(outs.get(i).windows()).isEqualTo(1);
                assertThat(outs.get(i).summary().sentences()).isNotEmpty();
                assertThat(outs.get(i).answer().head()).isEqualTo("answer");
            }
        }
    }

    @Test
    void emptyAndWhitespaceOnlyContextsGiveEmptyResultsWithoutAPass() {
        long before = model.forwardPasses();
        try (HeadPredictor p = model.newPredictor()) {
            List<ModelOutput> outs = p.predict(List.of(new ModelInput("q?", ""), new ModelInput("q?", " \n\t\u00a0 ")));
            for (ModelOutput o : outs) {
                assertThat(o.windows()).isZero();
                assertThat(o.windowsCapped()).isFalse();
                assertThat(o.answer().noAnswer()).isTrue();
                assertThat(o.summary().sentences()).isEmpty();
                assertThat(o.summary().text()).isEmpty();
                assertThat(o.explanation().spans()).isEmpty();
            }
        }
        assertThat(model.forwardPasses()).isEqualTo(before);
    }

    @Test
    void thirtyTwoSquadLengthInputsRunInOneForwardPass() {
        List<ModelInput> inputs = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            inputs.add(new ModelInput("When did the people move to the city " + i + "?", squadLengthContext(i)));
        }
        try (HeadPredictor p = model.newPredictor()) {
            long before = model.forwardPasses();
            List<ModelOutput> outs = p.predict(inputs);
            assertThat(outs).hasSize(32);
            assertThat(outs.stream().mapToInt(ModelOutput::windows).sum()).as("windows").isEqualTo(32);
            assertThat(model.forwardPasses() - before).isEqualTo(1);
        }
    }

    @Test
    void batchedResultsEqualOneByOneResults() {
        List<ModelInput> inputs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // different lengths, so batching pads most of them
            inputs.add(new ModelInput("Question " + i + "?", unicodeContext(i).substring(0, 140 + i * 50)));
        }
        inputs.add(new ModelInput("long?", unicodeContext(1).repeat(6)));
        try (HeadPredictor p = model.newPredictor()) {
            List<ModelOutput> batched = p.predict(inputs);
            for (int i = 0; i < inputs.size(); i++) {
                ModelOutput single = p.predict(List.of(inputs.get(i))).get(0);
                assertSame(single, batched.get(i));
                assertExact(inputs.get(i), batched.get(i));
            }
        }
    }

    private static void assertSame(ModelOutput a, ModelOutput b) {
        assertThat(b.answer().text()).isEqualTo(a.answer().text());
        assertThat(b.answer().start()).isEqualTo(a.answer().start());
        assertThat(b.answer().noAnswer()).isEqualTo(a.answer().noAnswer());
        assertThat(b.answer().score()).isCloseTo(a.answer().score(), within(1e-4));
        assertThat(b.summary().text()).isEqualTo(a.summary().text());
        assertThat(b.explanation().spans()).extracting(ScoredText::start, ScoredText::end)
                .isEqualTo(a.explanation().spans().stream()
                        .map(s -> org.assertj.core.groups.Tuple.tuple(s.start(), s.end())).toList());
        assertThat(b.windows()).isEqualTo(a.windows());
    }

    @Test
    void aTenMegabyteContextIsCappedNotTokenizedWhole() {
        StringBuilder sb = new StringBuilder(10_500_000);
        while (sb.length() < 10_000_000) {
            sb.append(unicodeContext(sb.length() % 7)).append("\n");
        }
        ModelInput huge = new ModelInput("What is in the huge text?", sb.toString());
        try (HeadPredictor p = model.newPredictor()) {
            ModelOutput out = p.predict(List.of(huge)).get(0);
            assertThat(out.windowsCapped()).isTrue();
            assertThat(out.windows()).isEqualTo(model.options().maxWindowsPerInput());
            assertExact(huge, out);
            int readUpTo = out.summary().sentences().stream().mapToInt(ScoredText::end).max().orElse(0);
            assertThat(readUpTo).isLessThan(200_000);
        }
    }

    @Test
    void windowsOfALongContextAreStitchedIntoOneAnswer() {
        String ctx = unicodeContext(0).repeat(4);
        try (HeadPredictor p = model.newPredictor()) {
            ModelOutput out = p.predict(List.of(new ModelInput("Where is the old church?", ctx))).get(0);
            assertThat(out.windows()).isGreaterThan(1);
            assertThat(out.windowsCapped()).isFalse();
            assertExact(new ModelInput("Where is the old church?", ctx), out);
        }
    }

    @Test
    void predictorsOnSeveralThreadsAgreeWithOneThread() throws Exception {
        List<ModelInput> inputs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            inputs.add(new ModelInput("Who " + i + "?", unicodeContext(i)));
        }
        List<ModelOutput> expected;
        try (HeadPredictor p = model.newPredictor()) {
            expected = p.predict(inputs);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<ModelOutput>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    try (HeadPredictor p = model.newPredictor()) {
                        List<ModelOutput> last = null;
                        for (int r = 0; r < 3; r++) {
                            last = p.predict(inputs);
                        }
                        return last;
                    }
                }));
            }
            for (Future<List<ModelOutput>> f : futures) {
                List<ModelOutput> got = f.get(60, TimeUnit.SECONDS);
                for (int i = 0; i < inputs.size(); i++) {
                    assertSame(expected.get(i), got.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNullInputIsRejectedNamingItsPosition() {
        try (HeadPredictor p = model.newPredictor()) {
            assertThatThrownBy(() -> p.predict(Arrays.asList(new ModelInput("q", "c"), null)))
                    .isInstanceOf(InferenceException.class).hasMessageContaining("input 1");
            assertThat(p.predict(List.of())).isEmpty();
        }
    }

    @Test
    void theModelReportsItsIdentityAndHeads() {
        assertThat(model.identity().name()).isEqualTo("headstream-fixture");
        assertThat(model.heads()).containsExactly("answer", "summary", "explanation");
        assertThat(model.defaultTargetHead()).isEqualTo("answer");
    }
}
