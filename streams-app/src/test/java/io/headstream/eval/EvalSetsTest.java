package io.headstream.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Context building and the held-out split, against values computed by hand or with Python. */
class EvalSetsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSplitIsTheParityOfTheFirstEightHexDigitsOfSha256() {
        // Python: hashlib.sha256(b"tatqa:abc").hexdigest()[:8] == "e38518f0", even, so a train doc
        assertThat(HeldOut.isTrainDoc("tatqa:abc")).isTrue();
        assertThat(HeldOut.dropDocId("x")).isEqualTo("drop:11f6ad8ec52a2984abaafd7c3b516503785c2072");
    }

    @Test
    void squad2EvaluatesOnlyTheHeldOutArticles() throws Exception {
        // Python: sha256(b"squad2:Normans")[:8] = 023f261a (even: calibration half),
        // sha256(b"squad2:Huguenot")[:8] = 0cca120d (odd: held out)
        assertThat(HeldOut.isTrainDoc(HeldOut.squad2DocId("Normans"))).isTrue();
        assertThat(HeldOut.isTrainDoc(HeldOut.squad2DocId("Huguenot"))).isFalse();
        Path file = Files.createTempFile("squad20", ".json.gz");
        try {
            String article = "{\"title\": \"%s\", \"paragraphs\": [{\"context\": \"C.\", \"qas\": "
                    + "[{\"id\": \"%s\", \"question\": \"Q?\", \"answers\": []}]}]}";
            String doc = "{\"data\": [" + String.format(article, "Normans", "n1") + ", "
                    + String.format(article, "Huguenot", "h1") + "]}";
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(doc.getBytes(StandardCharsets.UTF_8));
            }
            assertThat(EvalSets.read(Task.SQUAD, file, 0).stream().map(EvalExample::id)).containsExactly("n1", "h1");
            assertThat(EvalSets.read(Task.SQUAD2, file, 0).stream().map(EvalExample::id)).containsExactly("h1");
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void tatqaContextIsTableRowsThenParagraphsByOrder() throws Exception {
        JsonNode doc = JSON.readTree("{\"table\": {\"uid\": \"u\", \"table\": [[\" \", \"2019 \", \"\"], [\"\", \"\"],"
                + " [\"Sales\", \"1,496.5\", \"1,202.9\"]]}, \"paragraphs\": [{\"order\": 2, \"text\": \"Second.\"},"
                + " {\"order\": 1, \"text\": \"First.\"}]}");
        assertThat(HeldOut.tatqaContext(doc)).isEqualTo("2019\nSales | 1,496.5 | 1,202.9\nFirst.\nSecond.");
    }

    @Test
    void dropLinesSplitIntoPassageAndQuestion() {
        String[] pq = HeldOut.parseDrop("Passage: A.\nB.\nQuestion: Why?\nAnswer:");
        assertThat(pq).containsExactly("A.\nB.", "Why?");
    }

    @Test
    void qmsumContextTakesRelevantTurnsThenNeighbours() throws Exception {
        JsonNode turns = JSON.readTree("[{\"speaker\": \"A\", \"content\": \"zero {vocalsound} words here\"},"
                + " {\"speaker\": \"B\", \"content\": \"one\"}, {\"speaker\": \"C\", \"content\": \"{disfmarker}\"},"
                + " {\"speaker\": \"D\", \"content\": \"three  four\"}, {\"speaker\": \"E\", \"content\": \"five\"}]");
        QmsumContext.Built b = QmsumContext.build(turns, List.of(new int[] {1, 2}));
        // turn 2 is empty after cleaning and skipped; neighbours at distance 1 (0 and 2) and 2 (3)...
        assertThat(b.context()).isEqualTo("A: zero words here\nB: one\nD: three four\nE: five");
        assertThat(b.relevant()).hasSize(1);
        assertThat(b.context().substring(b.relevant().get(0)[0], b.relevant().get(0)[1])).isEqualTo("B: one");
    }

    @Test
    void numberAnswersAreRecognisedAsPythonDoes() {
        assertThat(TaskRunner.isNumberAnswer(" $1,234.5% ")).isTrue();
        assertThat(TaskRunner.isNumberAnswer("-7")).isTrue();
        assertThat(TaskRunner.isNumberAnswer("7 yards")).isFalse();
    }

    @Test
    void longContextsJoinTheAnswerParagraphWithOthersOfItsArticleThatLackTheAnswer() {
        java.util.List<String> paras = java.util.List.of("Alpha is first.", "Beta holds the answer Paris.",
                "Gamma also says Paris.", "Delta is fourth.", "Epsilon is fifth.", "Zeta is sixth.");
        String own = paras.get(1);
        String joined = EvalSets.longContext("q-1", own, paras, java.util.List.of("Paris"));
        java.util.List<String> parts = java.util.List.of(joined.split("\n\n"));
        org.assertj.core.api.Assertions.assertThat(parts).hasSize(EvalSets.LONG_CONTEXT_PARAGRAPHS)
                .containsOnlyOnce(own).doesNotContain("Gamma also says Paris.");
        org.assertj.core.api.Assertions.assertThat(EvalSets.longContext("q-1", own, paras, java.util.List.of("Paris")))
                .as("seeded by the question id").isEqualTo(joined);
        org.assertj.core.api.Assertions.assertThat(EvalSets.longContext("q-2", own, java.util.List.of(own),
                java.util.List.of("Paris"))).isNull();
    }
}
