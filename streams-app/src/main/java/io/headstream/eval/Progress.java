package io.headstream.eval;

import java.io.PrintStream;

/** A one-line progress bar on stderr: task, done/total, examples per second. */
final class Progress {

    private final PrintStream out;
    private final boolean enabled;
    private String task;
    private int total;
    private int done;
    private long startNanos;
    private long lastPrint;

    Progress(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    void start(String taskName, int totalExamples) {
        task = taskName;
        total = totalExamples;
        done = 0;
        startNanos = System.nanoTime();
        lastPrint = 0;
        print(true);
    }

    void advance(int n) {
        done += n;
        print(done == total);
    }

    void finish() {
        print(true);
        if (enabled) {
            out.println();
        }
    }

    private void print(boolean force) {
        long now = System.nanoTime();
        if (!enabled || (!force && now - lastPrint < 200_000_000L)) {
            return;
        }
        lastPrint = now;
        double seconds = (now - startNanos) / 1e9;
        int width = 30;
        int filled = total == 0 ? width : (int) ((long) width * done / total);
        out.printf("\r%s [%s%s] %d/%d  %.1f ex/s  %.0fs", task, "#".repeat(filled), ".".repeat(width - filled),
                done, total, seconds > 0 ? done / seconds : 0.0, seconds);
        out.flush();
    }
}
