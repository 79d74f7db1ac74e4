package io.headstream.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The input record an output came from, as headers on every output record
 * ({@code headstream.source.topic}, {@code .partition}, {@code .offset}, UTF-8 text). Downstream
 * consumers can trace a record without decoding it, and the exception handlers can name the source
 * of an output that failed after the record context was gone (a punctuator-driven batch).
 */
public final class SourceHeaders {
    public static final String TOPIC = "headstream.source.topic";
    public static final String PARTITION = "headstream.source.partition";
    public static final String OFFSET = "headstream.source.offset";

    /** A source read back from headers. */
    public record Source(String topic, int partition, long offset) {}

    private SourceHeaders() {}

    static Headers of(String topic, int partition, long offset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(TOPIC, topic.getBytes(StandardCharsets.UTF_8));
        headers.add(PARTITION, Integer.toString(partition).getBytes(StandardCharsets.UTF_8));
        headers.add(OFFSET, Long.toString(offset).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** The source named by {@code headers}, if all three are there and well-formed. */
    public static Optional<Source> read(Headers headers) {
        if (headers == null) {
            return Optional.empty();
        }
        String topic = text(headers.lastHeader(TOPIC));
        String partition = text(headers.lastHeader(PARTITION));
        String offset = text(headers.lastHeader(OFFSET));
        if (topic == null || partition == null || offset == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Source(topic, Integer.parseInt(partition), Long.parseLong(offset)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String text(Header h) {
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
