package io.headstream.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Exact percentiles of a small set of latencies (the demo's events); not for hot paths. */
final class LatencyStats {
    private final List<Long> values = new ArrayList<>();

    synchronized void add(long millis) {
        values.add(millis);
    }

    /** Nearest-rank percentile, 0 when empty. */
    synchronized long percentile(double p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
