package io.ferry.compare;

import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.DatacenterResult;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.DatacenterSimulation;
import io.ferry.datacenter.DatacenterWorkload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs data-centre candidates side by side on one day: candidate i with setup i, on a fixed number of threads,
 * over one shared immutable workload. Each candidate brings its own agent instance and each setup its own
 * migration model (or one thread-safe model shared on purpose), so a candidate's figures do not depend on the
 * thread count or on the other candidates. Results come back in the candidates' order, whatever order they finish
 * in. Used by {@code ./ferry datacenter} and the shell's {@code migration:compare --datacenter}.
 *
 * <p>Cost: one candidate-day per candidate (the engine's cost), divided among the threads; the threads are
 * daemon threads named {@code ferry-datacenter-N}, started per {@link #run} and stopped before it returns.
 * Interrupting the calling thread cancels the runs not finished.
 */
public final class DatacenterRunner {

    /** One candidate's day: {@link DatacenterSimulation#run} unless a test substitutes it. */
    @FunctionalInterface
    public interface Simulation {
        /** @see DatacenterSimulation#run */
        DatacenterResult run(DatacenterSetup setup, DatacenterWorkload workload, Candidate candidate,
                IntConsumer progress);
    }

    /** Told how far the runs are; called from the runs' threads, never two calls at once. */
    public interface Listener {
        /**
         * @param done     intervals done so far, over all candidates
         * @param expected intervals of all candidates' days
         */
        default void onIntervals(long done, long expected) {
        }

        /**
         * @param finished how many candidates have finished, this one included
         * @param total    how many candidates run
         * @param result   the candidate's day
         */
        default void onFinished(int finished, int total, DatacenterResult result) {
        }
    }

    private final int threads;
    private final Simulation simulation;

    /** @param threads candidates run at once, &gt; 0 */
    public DatacenterRunner(int threads) {
        this(threads, DatacenterSimulation::run);
    }

    /**
     * @param threads    candidates run at once, &gt; 0
     * @param simulation runs one candidate's day
     */
    public DatacenterRunner(int threads, Simulation simulation) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads = " + threads + ": must be > 0");
        }
        this.threads = threads;
        this.simulation = simulation;
    }

    /**
     * @param candidates the candidates, in report order
     * @param setups     setup i for candidate i (same size)
     * @param workload   the day's load, shared by every candidate
     * @param listener   told the progress
     * @return one result per candidate, in the candidates' order
     * @throws InterruptedException when the calling thread is interrupted; unfinished runs are cancelled
     * @throws RuntimeException     what a run threw (an {@link IllegalArgumentException} for bad input it found)
     */
    public List<DatacenterResult> run(List<Candidate> candidates, List<DatacenterSetup> setups,
            DatacenterWorkload workload, Listener listener) throws InterruptedException {
        if (candidates.size() != setups.size() || candidates.isEmpty()) {
            throw new IllegalArgumentException("candidates = " + candidates.size() + ", setups = " + setups.size()
                    + ": must be equal and > 0");
        }
        long expected = 0;
        for (DatacenterSetup s : setups) {
            expected += (long) Math.ceil(s.lengthSeconds() / s.intervalSeconds());
        }
        long expectedIntervals = Math.max(1, expected);
        long[] done = {0};
        AtomicInteger finished = new AtomicInteger();
        Object lock = new Object();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, candidates.size()), r -> {
            Thread t = new Thread(r, "ferry-datacenter-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<DatacenterResult>> futures = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                Candidate candidate = candidates.get(i);
                DatacenterSetup setup = setups.get(i);
                futures.add(pool.submit(() -> {
                    int[] last = {0};
                    DatacenterResult result = simulation.run(setup, workload, candidate, intervalsDone -> {
                        int delta = intervalsDone - last[0];
                        last[0] = intervalsDone;
                        synchronized (lock) {
                            // added under the lock, so that the listener sees the count only grow
                            done[0] += delta;
                            listener.onIntervals(done[0], expectedIntervals);
                        }
                    });
                    synchronized (lock) {
                        listener.onFinished(finished.incrementAndGet(), candidates.size(), result);
                    }
                    return result;
                }));
            }
            List<DatacenterResult> results = new ArrayList<>();
            for (Future<DatacenterResult> f : futures) {
                results.add(await(f));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static DatacenterResult await(Future<DatacenterResult> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
