package io.ferry.cli;

import io.ferry.compare.DatacenterRunner;
import io.ferry.datacenter.DatacenterResult;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress of {@code ferry datacenter} on stderr while candidates run side by side: the share of all
 * candidates' intervals done, each time it passes a tenth ({@code datacenter: 40 % of 10 candidates' days}), and
 * one line per candidate as it finishes ({@code [ 3/10] lr-mmt-1.2 done: 163.48 kWh, 27,859 migrations, 2.1 s}).
 * The runner calls it one call at a time, so lines never interleave. Cost: one comparison per interval, one short
 * write per line.
 */
final class DatacenterProgress implements DatacenterRunner.Listener {

    private static final int STEPS = 10;

    private final PrintWriter err;
    private final int candidates;
    private int printedStep;

    DatacenterProgress(PrintWriter err, int candidates) {
        this.err = err;
        this.candidates = candidates;
    }

    @Override
    public void onIntervals(long done, long expected) {
        int step = (int) Math.min(STEPS - 1, done * STEPS / expected);
        if (step > printedStep) {
            printedStep = step;
            err.printf(Locale.ROOT, "datacenter: %d %% of %d candidates' days%n", step * 100 / STEPS, candidates);
            err.flush();
        }
    }

    @Override
    public void onFinished(int finished, int total, DatacenterResult result) {
        int width = Integer.toString(total).length();
        err.printf(Locale.ROOT, "[%" + width + "d/%d] %s done: %.2f kWh, %,d migrations, %.1f s%n", finished,
                total, result.candidate(), result.day().energyKWh(), result.day().migrations(),
                result.wallSeconds());
        err.flush();
    }
}
