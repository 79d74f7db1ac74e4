package io.headstream.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Groups windows (of possibly many inputs) into forward passes bounded by a token budget
 * ({@code windows x longest window}, the padded tensor size) and a window count. Windows are
 * sorted by length first so that each pass pads as little as possible; a single window longer
 * than the budget still gets a pass of its own.
 */
final class BatchPlanner {

    private final int tokenBudget;
    private final int maxBatchWindows;

    BatchPlanner(int tokenBudget, int maxBatchWindows) {
        this.tokenBudget = tokenBudget;
        this.maxBatchWindows = maxBatchWindows;
    }

    /** Passes as lists of indexes into {@code windows}. */
    List<List<Integer>> plan(List<Window> windows) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> windows.get(i).length()).thenComparingInt(i -> i));
        List<List<Integer>> passes = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int i : order) {
            // Sorted ascending, so this window is the longest of the pass if it joins.
            int longest = windows.get(i).length();
            boolean full = current.size() >= maxBatchWindows || (long) (current.size() + 1) * longest > tokenBudget;
            if (!current.isEmpty() && full) {
                passes.add(current);
                current = new ArrayList<>();
            }
            current.add(i);
        }
        if (!current.isEmpty()) {
            passes.add(current);
        }
        return passes;
    }
}
