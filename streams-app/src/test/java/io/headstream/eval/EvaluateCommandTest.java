package io.headstream.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The evaluate command end to end on the fixture bundle and small hand-written data files in each
 * set's format (random weights: the records' shape and the metric plumbing are checked, not the
 * values), plus its exit codes.
 */
class EvaluateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static Path fixture() {
        String root = System.getProperty("headstream.repo.root");
        return (root != null ? Paths.get(root) : Paths.get("..")).resolve("models/fixture");
    }

    private record Run(int exit, List<JsonNode> lines, String err) {
        JsonNode aggregate() {
            return lines.get(lines.size() - 1);
        }
    }

    private Run run(String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cl = new CommandLine(new EvaluateCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        cl.setErr(new java.io.PrintWriter(err, true));
        int exit = cl.execute(args);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return new Run(exit, lines, err.toString(StandardCharsets.UTF_8));
    }

    private Path gz(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
            o.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    private Run task(String task, Path data, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--task", task, "--data", data.toString(),
                "--bundle", fixture().toString(), "--no-progress"));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    @Test
    void squad2PrintsOneRecordPerQuestionAndTheOfficialAggregate() throws IOException {
        Path data = gz("squad2.json.gz", """
                {"version": "v2.0", "data": [{"title": "Huguenot", "paragraphs": [
                  {"context": "Café owners in Zürich 😀 sold crêpes in 1990. The Normans came from Normandy.",
                   "qas": [{"id": "a", "question": "Who sold crêpes?", "answers": [{"text": "Café owners", "answer_start": 0}]},
                           {"id": "b", "question": "Who is the king of Mars?", "answers": [], "is_impossible": true}]},
                  {"context": "Another paragraph with three sentences. Here is two. Three!",
                   "qas": [{"id": "c", "question": "How many?", "answers": [{"text": "three", "answer_start": 23}]}]}]}]}
                """);
        // "Huguenot" is a held-out article (HeldOut.squad2DocId); the calibration half is skipped
        Run r = task("squad2", data, "--batch-size", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(4);
        for (JsonNode rec : r.lines().subList(0, 3)) {
            assertThat(rec.path("task").asText()).isEqualTo("squad2");
            assertThat(rec.has("answer") && rec.has("start") && rec.has("null_score") && rec.has("is_null")).isTrue();
        }
        assertThat(r.lines()).extracting(n -> n.path("id").asText()).startsWith("a", "b", "c");
        JsonNode agg = r.aggregate();
        assertThat(agg.path("kind").asText()).isEqualTo("aggregate");
        assertThat(agg.path("examples").asInt()).isEqualTo(3);
        assertThat(agg.path("windows").asInt()).isEqualTo(3);
        assertThat(agg.path("metrics").path("HasAns_total").asInt()).isEqualTo(2);
        assertThat(agg.path("metrics").path("NoAns_total").asInt()).isEqualTo(1);
        assertThat(agg.path("metrics").has("best_f1")).isTrue();
    }

    @Test
    void squadV11NeverAnswersNoAnswerAndOffsetsArePythonIndices() throws IOException {
        String context = "😀😀 The answer is here. Nothing else.";
        Path data = gz("squad.json.gz", "{\"data\": [{\"title\": \"T\", \"paragraphs\": [{\"context\": \""
                + context + "\", \"qas\": [{\"id\": \"q\", \"question\": \"What?\", \"answers\": [{\"text\": \"here\"}]}]}]}]}");
        Run r = task("squad", data, "--limit", "1");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode rec = r.lines().get(0);
        String answer = rec.path("answer").asText();
        assertThat(answer).isNotEmpty();
        int start = rec.path("start").asInt();
        int end = rec.path("end").asInt();
        // code point offsets: two emoji before "The" count 1 each, as in Python
        String cps = new String(context.codePoints().toArray(), 0, context.codePointCount(0, context.length()));
        assertThat(substringByCodePoints(cps, start, end)).isEqualTo(answer);
        assertThat(r.aggregate().path("metrics").has("exact_match")).isTrue();
    }

    private static String substringByCodePoints(String s, int start, int end) {
        int a = s.offsetByCodePoints(0, start);
        int b = s.offsetByCodePoints(0, end);
        return s.substring(a, b);
    }

    @Test
    void qmsumScoresThreeSystemsAndTheRelevantShare() throws IOException {
        Path data = gz("qmsum.jsonl.gz", "{\"meeting_id\": \"m1\", \"specific_query_list\": [{\"query\": \"What about the remote?\","
                + " \"answer\": \"They discussed the remote control design.\", \"relevant_text_span\": [[\"1\", \"2\"]]}],"
                + " \"meeting_transcripts\": ["
                + "{\"speaker\": \"A\", \"content\": \"Hello {disfmarker} everyone .\"},"
                + "{\"speaker\": \"B\", \"content\": \"The remote control should be small . It needs buttons .\"},"
                + "{\"speaker\": \"C\", \"content\": \"I agree on the design of the remote .\"},"
                + "{\"speaker\": \"A\", \"content\": \"Lunch is next .\"}]}\n");
        Run r = task("qmsum", data);
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode rec = r.lines().get(0);
        assertThat(rec.path("id").asText()).isEqualTo("m1#0");
        assertThat(rec.path("rouge").has("with_question") && rec.path("rouge").has("without_question")
                && rec.path("rouge").has("lead")).isTrue();
        JsonNode m = r.aggregate().path("metrics");
        assertThat(m.has("with_question.rouge1") && m.has("lead.rougeL") && m.has("relevant_fraction.context")).isTrue();
    }

    @Test
    void tatqaHotpotqaDropAndSqualityRun() throws IOException {
        // a TAT-QA document whose table uid is held out (sha256 parity odd)
        String uid = heldOutUid();
        Path tatqa = gz("tatqa.json.gz", "[{\"table\": {\"uid\": \"" + uid + "\", \"table\": [[\"\", \"2019\", \"2018\"],"
                + " [\"Sales\", \"1,496.5\", \"1,202.9\"]]}, \"paragraphs\": [{\"uid\": \"p\", \"order\": 1, \"text\": \"Sales grew.\"}],"
                + " \"questions\": [{\"uid\": \"t1\", \"question\": \"What is the change?\", \"answer_type\": \"arithmetic\","
                + " \"derivation\": \"1,496.5 - 1,202.9\"}, {\"uid\": \"t2\", \"question\": \"x\", \"answer_type\": \"span\", \"derivation\": \"\"}]}]");
        Run t = task("tatqa", tatqa);
        assertThat(t.exit()).as(t.err()).isZero();
        assertThat(t.lines()).hasSize(2);
        assertThat(t.aggregate().path("metrics").path("scored").asInt()).isEqualTo(1);

        Path hotpot = gz("hotpot.jsonl.gz", "{\"_id\": \"h1\", \"question\": \"Which party?\", \"answer\": \"SR\","
                + " \"supporting_facts\": [[\"P\", 1]], \"context\": [[\"P\", [\"First sentence.\", \" Second one.\"]],"
                + " [\"Q\", [\"Other text.\"]]]}\n");
        Run h = task("hotpotqa", hotpot);
        assertThat(h.exit()).as(h.err()).isZero();
        assertThat(h.aggregate().path("metrics").has("explanation_sf_precision")).isTrue();

        Path drop = gz("drop.jsonl.gz", dropLine(heldOutPassage()));
        Run d = task("drop", drop);
        assertThat(d.exit()).as(d.err()).isZero();
        assertThat(d.lines().get(0).path("id").asText()).isEqualTo("drop#0");
        assertThat(d.aggregate().path("metrics").path("number_questions").asInt()).isEqualTo(1);

        Path squality = gz("squality.jsonl.gz", "{\"metadata\": {\"passage_id\": \"7\"}, \"document\": \"A story. It has sentences. The end.\","
                + " \"questions\": [{\"question_number\": 1, \"question_text\": \"What happens?\","
                + " \"responses\": [{\"response_text\": \"A story ends.\"}, {\"response_text\": \"Sentences.\"}]}]}\n");
        Run s = task("squality", squality);
        assertThat(s.exit()).as(s.err()).isZero();
        assertThat(s.lines().get(0).path("id").asText()).isEqualTo("7#1");
    }

    private static String heldOutUid() {
        for (int i = 0; ; i++) {
            if (!HeldOut.isTrainDoc("tatqa:uid-" + i)) {
                return "uid-" + i;
            }
        }
    }

    private static String heldOutPassage() {
        for (int i = 0; ; i++) {
            String p = "He kicked a 47-yard field goal and a 22-yard one in game " + i + ".";
            if (!HeldOut.isTrainDoc(HeldOut.dropDocId(p))) {
                return p;
            }
        }
    }

    private static String dropLine(String passage) throws IOException {
        return JSON.writeValueAsString(java.util.Map.of("context", "Passage: " + passage + "\nQuestion: How long?\nAnswer:",
                "completion", "", "ref_text", "47")) + "\n";
    }

    @Test
    void badUsageExitsTwoAndNamesTheProblem() throws IOException {
        Run unknown = run("--task", "nope");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown task 'nope'");
        Run missing = run("--task", "squad", "--data", tmp.resolve("absent.json.gz").toString(),
                "--bundle", fixture().toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("evaluation set not found").contains("absent.json.gz");
        Run noBundle = run("--task", "squad", "--data", gz("x.json.gz", "{}").toString(), "--bundle", tmp.toString());
        assertThat(noBundle.exit()).isEqualTo(2);
        assertThat(noBundle.err()).contains("has no manifest.json");
    }

    @Test
    void aBrokenDataFileExitsOne() throws IOException {
        Path data = gz("broken.jsonl.gz", "{\"context\": \"not a DROP line\", \"ref_text\": \"1\"}\n");
        Run r = task("drop", data);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("DROP line does not match");
    }
}
