package io.ferry.cli;

import io.ferry.datacenter.DatacenterResult;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * The progress of {@code ferry datacenter} on stderr while candidates run side by side: the share of all
 * candidates' intervals done, each time it passes a tenth ({@code datacenter: 40 % of 10 candidates × 288
 * intervals}), and one line per candidate as it finishes ({@code [ 3/10] lr-mmt-1.2 done: 163.48 kWh, 27,859
 * migrations, 2.1 s}). Lines from the worker threads never interleave. Cost: one atomic add per interval, one
 * short write per line.
 */
final class DatacenterProgress {

    private static final int STEPS = 10;

    private final PrintWriter err;
    private final int candidates;
    private final long expectedIntervals;
    private final AtomicLong done = new AtomicLong();
    private int printedStep;
    private int finished;

    /**
     * @param err          where the lines go
     * @param candidates   how many candidates run
     * @param perCandidate the intervals each candidate's day has
     */
    DatacenterProgress(PrintWriter err, int candidates, int perCandidate) {
        this.err = err;
        this.candidates = candidates;
        this.expectedIntervals = Math.max(1, (long) candidates * perCandidate);
    }

    /** @return the engine's per-interval callback for one candidate (the engine reports intervals done so far) */
    IntConsumer forCandidate() {
        int[] last = {0};
        return intervalsDone -> {
            int delta = intervalsDone - last[0];
            last[0] = intervalsDone;
            step(done.addAndGet(delta));
        };
    }

    private void step(long total) {
        int step = (int) Math.min(STEPS - 1, total * STEPS / expectedIntervals);
        if (step <= printedStep) {
            return;
        }
        synchronized (this) {
            if (step <= printedStep) {
                return;
            }
            printedStep = step;
            err.printf(Locale.ROOT, "datacenter: %d %% of %d candidates × %d intervals%n", step * 100 / STEPS,
                    candidates, expectedIntervals / candidates);
            err.flush();
        }
    }

    /** Prints the line of a candidate that finished. */
    synchronized void finished(DatacenterResult result) {
        finished++;
        int width = Integer.toString(candidates).length();
        err.printf(Locale.ROOT, "[%" + width + "d/%d] %s done: %.2f kWh, %,d migrations, %.1f s%n", finished,
                candidates, result.candidate(), result.day().energyKWh(), result.day().migrations(),
                result.wallSeconds());
        err.flush();
    }
}
