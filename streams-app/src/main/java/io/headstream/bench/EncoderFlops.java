package io.headstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Floating-point operations of one forward pass of a BERT-style encoder, from the bundle
 * manifest's {@code encoder} block: per layer and token the four attention projections
 * ({@code 4 x 2h^2}), the feed-forward pair ({@code 2 x 2hi}) and the attention products
 * ({@code 2 x 2 s h} for a padded length {@code s}). Embeddings, norms, softmax and the heads are
 * left out (a few percent), so the achieved figure is slightly understated.
 */
record EncoderFlops(int layers, int hidden, int intermediate) {

    static EncoderFlops of(Path manifest) {
        try {
            JsonNode enc = new ObjectMapper().readTree(manifest.toFile()).path("encoder");
            return new EncoderFlops(enc.path("layers").asInt(), enc.path("hidden").asInt(),
                    enc.path("intermediate").asInt());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest, e);
        }
    }

    /** FLOPs of one pass over {@code rows} windows padded to {@code seq} tokens. */
    double pass(int rows, int seq) {
        double perToken = layers * (8.0 * hidden * hidden + 4.0 * hidden * intermediate + 4.0 * seq * hidden);
        return perToken * rows * seq;
    }

    /** FLOPs of passes over these batches of windows ({ids, types} each). */
    double of(List<List<long[][]>> batches) {
        double total = 0;
        for (List<long[][]> b : batches) {
            int seq = 0;
            for (long[][] w : b) {
                seq = Math.max(seq, w[0].length);
            }
            total += pass(b.size(), seq);
        }
        return total;
    }
}
