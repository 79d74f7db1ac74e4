package io.headstream.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one benchmark run: one row per figure with what was measured, the target, and
 * whether it was met; printed as the Markdown table the README's Performance section holds.
 */
final class BenchReport {

    /** One row; {@code met} is null where the issue sets no target. */
    record Row(int number, String figure, String measured, String target, Boolean met, String detail) {}

    private final List<Row> rows = new ArrayList<>();
    private final PrintStream log;

    BenchReport(PrintStream log) {
        this.log = log;
    }

    void add(int number, String figure, String measured, String target, Boolean met, String detail) {
        Row row = new Row(number, figure, measured, target, met, detail);
        rows.add(row);
        log.println("[bench] " + number + ". " + figure + ": " + measured + (target.isEmpty() ? "" : " (target " + target + ")")
                + (detail.isEmpty() ? "" : " -- " + detail));
    }

    void note(String line) {
        log.println("[bench] " + line);
    }

    void print(PrintStream out) {
        out.println();
        out.println("| # | figure | measured | target | met | details |");
        out.println("|---|---|---|---|---|---|");
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(java.util.Comparator.comparingInt(Row::number));
        for (Row r : sorted) {
            String met = r.met() == null ? "-" : r.met() ? "yes" : "**no**";
            out.println("| " + r.number() + " | " + r.figure() + " | " + r.measured() + " | "
                    + (r.target().isEmpty() ? "-" : r.target()) + " | " + met + " | " + r.detail() + " |");
        }
        out.flush();
    }
}
