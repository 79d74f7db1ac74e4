package io.headstream.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Small numeric helpers of the benchmark: nearest-rank percentiles, rates, memory readings. */
final class Stats {
    private Stats() {}

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static double perSecond(long count, long nanos) {
        return nanos <= 0 ? Double.NaN : count * 1e9 / nanos;
    }

    /** Resident set size of this process in MiB (Linux /proc), NaN elsewhere. */
    static double rssMiB() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** Heap in use after a full collection, in MiB. */
    static double heapAfterGcMiB() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
    }

    static String f(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
    }
}
