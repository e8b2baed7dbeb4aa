package io.ferry.cli;

import io.ferry.compare.ComparisonListener;
import java.io.PrintWriter;

/**
 * Prints one line per run to stderr as it starts, e.g. {@code [ 5/21] heavy-writer · hybrid}, so a long
 * comparison shows where it is. Cost: one short write per run.
 */
final class ProgressPrinter implements ComparisonListener {

    private final PrintWriter err;

    ProgressPrinter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void onStart(int index, int total, String scenario, String policy) {
        int width = Integer.toString(total).length();
        err.printf("[%" + width + "d/%d] %s · %s%n", index + 1, total, scenario, policy);
        err.flush();
    }
}
