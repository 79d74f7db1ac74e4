package io.headstream.inference;

import java.util.OptionalDouble;

/**
 * A bundle's decoding parameters, read from the {@code decode} objects of its heads in
 * {@code manifest.json} (see {@code models/README.md}); the same as {@code DecodeSettings} in
 * {@code training/headstream_train/decode.py}. Absent keys keep the format-1 behaviour: argmax
 * tagging, spans on token boundaries, null threshold 0, so bundles written before these keys
 * existed decode exactly as before.
 *
 * @param spanThreshold explanation head: a token is inside a span when {@code P(B) + P(I)} reaches
 *     it; empty means argmax tagging
 * @param wholeWords explanation head: widen spans so they cut no word or number ({@link WordSpans})
 * @param nullThreshold answer head: the answer is null when {@code null - span} exceeds it
 * @param dropFillerSpans explanation head: drop spans of only punctuation and function words
 *     ({@link FillerText#isFillerSpan})
 * @param skipFillerUnits summary head: never select a unit of too few content words
 *     ({@link FillerText#isFillerUnit}) while another can be selected
 */
public record DecodeSettings(OptionalDouble spanThreshold, boolean wholeWords, double nullThreshold,
        boolean dropFillerSpans, boolean skipFillerUnits) {

    /** Format-1 defaults. */
    public static final DecodeSettings DEFAULTS = new DecodeSettings(OptionalDouble.empty(), false, 0.0);

    /** Without the filler rules. */
    public DecodeSettings(OptionalDouble spanThreshold, boolean wholeWords, double nullThreshold) {
        this(spanThreshold, wholeWords, nullThreshold, false, false);
    }

    public DecodeSettings {
        if (spanThreshold.isPresent() && !(spanThreshold.getAsDouble() > 0 && spanThreshold.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("span threshold must be in (0, 1], is " + spanThreshold.getAsDouble());
        }
        if (!Double.isFinite(nullThreshold)) {
            throw new IllegalArgumentException("null threshold must be finite, is " + nullThreshold);
        }
    }
}
