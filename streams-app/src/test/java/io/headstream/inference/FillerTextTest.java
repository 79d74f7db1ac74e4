package io.headstream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The filler rules; the same cases as FillerTest in training/tests/test_decode.py. */
class FillerTextTest {

    @Test
    void theWordListIsTheTrainingOne() throws Exception {
        Path training = Path.of(System.getProperty("headstream.repo.root", "..")).resolve(
                "training/headstream_train/filler_words.txt");
        Set<String> words = Files.readAllLines(training).stream().map(String::strip)
                .filter(w -> !w.isEmpty() && !w.startsWith("#")).collect(Collectors.toSet());
        assertThat(FillerText.words()).isEqualTo(words).contains("the", "at", "mm", "yeah");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"the|true", "', at'|true", "in|true", "'. '|true", "of the|true",
        "1,452.40|false", "Denver Broncos|false", "'the 10th'|false"})
    void fillerSpans(String text, boolean filler) {
        assertThat(FillerText.isFillerSpan(text)).isEqualTo(filler);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Grad A: Mm - hmm .|0", "Yeah . Yeah .|0",
        "PhD C: We should train the acoustic model on the new data .|5", "It was big.|1",
        "The Broncos won Super Bowl 50 in Santa Clara.|7"})
    void contentWordsOfSummaryUnits(String text, int content) {
        assertThat(FillerText.contentWords(text)).isEqualTo(content);
        assertThat(FillerText.isFillerUnit(text)).isEqualTo(content < FillerText.MIN_CONTENT_WORDS);
    }

    @Test
    void theManifestSwitchesTheRulesOnPerHead(@TempDir Path dir) throws Exception {
        Path bundle = TestBundles.fixtureCopy(dir.resolve("b"), m -> {
            for (var h : m.withArray("heads")) {
                String kind = h.path("kind").asText();
                if (kind.equals("span_tagging")) {
                    ((ObjectNode) h).putObject("decode").put("drop_filler_spans", true);
                } else if (kind.equals("sentence_salience")) {
                    ((ObjectNode) h).putObject("decode").put("skip_filler_units", true);
                }
            }
        });
        DecodeSettings d = ModelBundle.load(bundle).decode();
        assertThat(d.dropFillerSpans()).isTrue();
        assertThat(d.skipFillerUnits()).isTrue();
        assertThat(ModelBundle.load(TestBundles.fixture()).decode().dropFillerSpans()).isFalse();
    }
}
