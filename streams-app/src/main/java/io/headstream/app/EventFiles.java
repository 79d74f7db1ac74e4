package io.headstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headstream.schema.QuestionContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads question+context events from JSON Lines: one object per line with {@code event_id},
 * {@code question}, {@code context} and optionally {@code document_id}, {@code target_head},
 * {@code metadata} (string values), {@code event_time} (ISO-8601; now when absent).
 */
final class EventFiles {
    static final String BUNDLED_SAMPLE = "/samples/events.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventFiles() {}

    static List<QuestionContext> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read events from " + file, e);
        }
    }

    static List<QuestionContext> bundledSample() {
        try (InputStream in = EventFiles.class.getResourceAsStream(BUNDLED_SAMPLE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled sample " + BUNDLED_SAMPLE + " is missing from the jar");
            }
            return read(in, "classpath:" + BUNDLED_SAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<QuestionContext> read(InputStream in, String name) throws IOException {
        List<QuestionContext> events = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int lineNo = 0;
        Instant now = Instant.now();
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                throw new IllegalArgumentException(name + ":" + lineNo + ": not JSON: " + e.getMessage());
            }
            for (String required : List.of("event_id", "question", "context")) {
                if (!node.hasNonNull(required)) {
                    throw new IllegalArgumentException(name + ":" + lineNo + ": missing \"" + required + "\"");
                }
            }
            Map<String, String> metadata = null;
            if (node.hasNonNull("metadata")) {
                metadata = new LinkedHashMap<>();
                for (var it = node.get("metadata").fields(); it.hasNext(); ) {
                    var e = it.next();
                    metadata.put(e.getKey(), e.getValue().asText());
                }
            }
            events.add(QuestionContext.newBuilder()
                    .setEventId(node.get("event_id").asText())
                    .setDocumentId(node.hasNonNull("document_id") ? node.get("document_id").asText() : null)
                    .setQuestion(node.get("question").asText())
                    .setContext(node.get("context").asText())
                    .setTargetHead(node.hasNonNull("target_head") ? node.get("target_head").asText() : null)
                    .setMetadata(metadata)
                    .setEventTime(node.hasNonNull("event_time") ? Instant.parse(node.get("event_time").asText()) : now)
                    .build());
        }
        return events;
    }
}
