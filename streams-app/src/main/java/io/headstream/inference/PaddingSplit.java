package io.headstream.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits planned passes where window lengths jump, so that short windows are not padded to the
 * length of long ones in the same pass. The {@link BatchPlanner} already sorts windows by length
 * and bounds a pass by tokens; but a coalesced pass that mixes SQuAD-length windows (~200 tokens)
 * with the full 384-token windows of a long context would spend a third or more of its work on
 * padding (more in attention, which is quadratic in the length). On a CPU a pass of 8 windows is
 * about as efficient per token as one of 32, so cutting is nearly free; a GPU loses a little width.
 */
final class PaddingSplit {

    /** A window may be at most this much longer than the shortest of its pass. */
    static final double MAX_PAD_RATIO = 1.25;

    private PaddingSplit() {}

    /** {@code passes} hold indexes into {@code windows}, each pass sorted by ascending length. */
    static List<List<Integer>> split(List<List<Integer>> passes, List<Window> windows) {
        List<List<Integer>> out = new ArrayList<>();
        for (List<Integer> pass : passes) {
            List<Integer> current = new ArrayList<>();
            int shortest = 0;
            for (int w : pass) {
                int len = windows.get(w).length();
                if (!current.isEmpty() && len > shortest * MAX_PAD_RATIO) {
                    out.add(current);
                    current = new ArrayList<>();
                }
                if (current.isEmpty()) {
                    shortest = len;
                }
                current.add(w);
            }
            if (!current.isEmpty()) {
                out.add(current);
            }
        }
        return out;
    }
}
