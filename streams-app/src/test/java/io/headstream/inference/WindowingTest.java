package io.headstream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Windows over the fixture tokenizer: layout, stride, coverage, question truncation, the cap. */
class WindowingTest {

    private static Tokens tokens;
    private static WindowSpec spec;

    @BeforeAll
    static void load() {
        ModelBundle bundle = ModelBundle.load(TestBundles.fixture());
        tokens = Tokens.load(bundle.tokenizerFile());
        spec = bundle.windows();
    }

    @AfterAll
    static void close() {
        tokens.close();
    }

    private static String words(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("w").append(i % 10).append(' ');
        }
        return sb.toString();
    }

    private static EncodedInput encode(String question, String context, int maxWindows) {
        return new Windowing(tokens, spec, maxWindows).encode(List.of(new ModelInput(question, context))).get(0);
    }

    @Test
    void aShortInputIsOneWindowClsQuestionSepContextSep() {
        EncodedInput in = encode("who?", "the cat sat", 16);
        assertThat(in.windows()).hasSize(1);
        Window w = in.windows().get(0);
        TokenSpans q = tokens.encode("who?", 100);
        assertThat(w.ids()[0]).isEqualTo(tokens.clsId());
        assertThat(w.ids()[q.size() + 1]).isEqualTo(tokens.sepId());
        assertThat(w.ids()[w.length() - 1]).isEqualTo(tokens.sepId());
        assertThat(w.ctxOffset()).isEqualTo(q.size() + 2);
        assertThat(w.ctxLen()).isEqualTo(in.context().size());
        for (int p = 0; p < w.length(); p++) {
            assertThat(w.typeIds()[p]).isEqualTo(p < w.ctxOffset() ? 0L : 1L);
        }
        assertThat(in.capped()).isFalse();
    }

    @Test
    void longContextsAreWindowedWithStartsDocStrideApartAndFullCoverage() {
        EncodedInput in = encode("what is the question here?", words(2000), 64);
        List<Window> ws = in.windows();
        int n = in.context().size();
        assertThat(ws.size()).isGreaterThan(3);
        assertThat(ws.get(0).ctxFrom()).isZero();
        for (int k = 0; k < ws.size(); k++) {
            Window w = ws.get(k);
            assertThat(w.length()).isLessThanOrEqualTo(spec.maxSeqLen());
            if (k > 0) {
                assertThat(w.ctxFrom() - ws.get(k - 1).ctxFrom()).isEqualTo(spec.docStride());
                assertThat(w.ctxFrom()).isLessThanOrEqualTo(ws.get(k - 1).ctxFrom() + ws.get(k - 1).ctxLen());
            }
            if (k < ws.size() - 1) {
                assertThat(w.length()).isEqualTo(spec.maxSeqLen());
            }
            for (int t = w.ctxFrom(); t < w.ctxFrom() + w.ctxLen(); t++) {
                assertThat(w.ids()[w.position(t)]).isEqualTo(in.context().ids()[t]);
            }
        }
        Window last = ws.get(ws.size() - 1);
        assertThat(last.ctxFrom() + last.ctxLen()).isEqualTo(n);
        assertThat(ws.get(ws.size() - 2).ctxFrom() + ws.get(ws.size() - 2).ctxLen()).isLessThan(n);
        assertThat(in.capped()).isFalse();
    }

    @Test
    void theQuestionIsTruncatedToMaxQuestionTokens() {
        EncodedInput in = encode(words(500), "short context", 4);
        Window w = in.windows().get(0);
        assertThat(w.ctxOffset()).isEqualTo(spec.maxQuestionTokens() + 2);
    }

    @Test
    void anEmptyQuestionGivesClsSepContextSep() {
        EncodedInput in = encode("", "generic summary input", 4);
        Window w = in.windows().get(0);
        assertThat(w.ids()[0]).isEqualTo(tokens.clsId());
        assertThat(w.ids()[1]).isEqualTo(tokens.sepId());
        assertThat(w.ctxOffset()).isEqualTo(2);
    }

    @Test
    void theWindowCapStopsReadingAndIsReported() {
        EncodedInput in = encode("q", words(5000), 3);
        assertThat(in.windows()).hasSize(3);
        assertThat(in.capped()).isTrue();
        Window last = in.windows().get(2);
        assertThat(last.ctxFrom() + last.ctxLen()).isEqualTo(in.context().size());
        assertThat(last.length()).isEqualTo(spec.maxSeqLen());
    }

    @Test
    void emptyAndWhitespaceContextsHaveNoWindows() {
        assertThat(encode("q", "", 4).windows()).isEmpty();
        assertThat(encode("q", "  \n\t ", 4).windows()).isEmpty();
    }
}
