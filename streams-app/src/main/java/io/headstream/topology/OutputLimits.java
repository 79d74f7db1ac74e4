package io.headstream.topology;

/**
 * Size bounds on what one event may publish, so that no input, whatever its script or length,
 * can make an output record the broker refuses (a refused record aborts the transaction, and the
 * event would be retried forever: a poison pill).
 *
 * <p>The bounds hold by construction, whatever the model's runtime options: {@link OutputRecords}
 * cuts the answer text and each explanation span to {@code maxSpanChars}, keeps at most
 * {@code maxSpans} spans (the highest-scoring ones) and at most {@code maxSummaryChars} characters
 * of summary sentences (the summary decoder applies the same budget, cutting at a word; this is
 * the backstop).
 * {@code maxRecordBytes} is the last line: an output whose serialized value would exceed it is not
 * sent, and the event is dead-lettered ({@code output_too_large}) instead.
 *
 * @param maxSpanChars characters of the answer text and of each explanation span, at most
 * @param maxSpans explanation spans per event, at most
 * @param maxSummaryChars characters (code points) of all summary sentences together, at most
 * @param maxRecordBytes serialized bytes of one output record value, at most
 */
public record OutputLimits(int maxSpanChars, int maxSpans, int maxSummaryChars, int maxRecordBytes) {
    /** The defaults of the {@code headstream.output.*} and {@code headstream.summary.max.chars} keys. */
    public static final OutputLimits DEFAULTS = new OutputLimits(1000, 64, 600, 900_000);

    public OutputLimits {
        if (maxSpanChars < 1 || maxSpans < 1 || maxSummaryChars < 1 || maxRecordBytes < 1024) {
            throw new IllegalArgumentException("output limits must be positive (max record bytes >= 1024), are "
                    + maxSpanChars + " chars / " + maxSpans + " spans / " + maxSummaryChars + " summary chars / "
                    + maxRecordBytes + " bytes");
        }
    }

    /**
     * {@code text} cut to at most {@code maxChars} code points (never inside a surrogate pair);
     * the result is a prefix, so offsets that start at the same place stay valid.
     */
    static String clip(String text, int maxChars) {
        if (text.length() <= maxChars || text.codePointCount(0, text.length()) <= maxChars) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, maxChars));
    }
}
