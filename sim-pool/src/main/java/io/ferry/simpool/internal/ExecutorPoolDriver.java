package io.ferry.simpool.internal;

import io.ferry.policy.support.DaemonThreads;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production driver of a simulated pool: one scheduled thread ticks the simulation at a fixed rate and a
 * second thread completes migration outcomes, so that a slow or blocking outcome callback delays only later
 * callbacks, never the simulation. Both are daemon threads named after the pool, created when the component
 * activates and joined when it deactivates (the executors terminated and then their threads themselves joined: an
 * executor reports termination while its last thread is still returning).
 *
 * <p>A tick that throws is logged and the next tick runs (a periodic task that throws would otherwise be
 * cancelled silently). Cost: two threads per pool.
 */
final class ExecutorPoolDriver implements PoolDriver {

    /** How long {@link #close()} waits for a running tick or the pending callbacks before giving up on them. */
    static final long JOIN_TIMEOUT_MILLIS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorPoolDriver.class);

    private final String poolName;
    private final Instant origin;
    private final ScheduledExecutorService ticks;
    private final ExecutorService callbacks;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /** @param poolName the pool's name, for thread names and log lines */
    ExecutorPoolDriver(String poolName) {
        this.poolName = poolName;
        this.origin = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        this.ticks = Executors.newSingleThreadScheduledExecutor(recorded(DaemonThreads.named("ferry-simpool-" + poolName + "-tick")));
        this.callbacks = Executors.newSingleThreadExecutor(recorded(DaemonThreads.named("ferry-simpool-" + poolName + "-outcomes")));
    }

    /** @return a factory that remembers every thread it makes, so that {@link #close()} can join them */
    private ThreadFactory recorded(ThreadFactory factory) {
        return r -> {
            Thread t = factory.newThread(r);
            threads.add(t);
            return t;
        };
    }

    @Override
    public Instant origin() {
        return origin;
    }

    @Override
    public Executor callbacks() {
        return callbacks;
    }

    @Override
    public void start(Runnable tick, long periodMillis) {
        ticks.scheduleAtFixedRate(() -> {
            try {
                tick.run();
            } catch (RuntimeException | LinkageError e) {
                LOG.error("Simulated pool {}: a simulation step failed; the next step runs as usual", poolName, e);
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stopTicks() {
        ticks.shutdown();
        join(ticks, "simulation ticks");
    }

    @Override
    public void close() {
        stopTicks();
        callbacks.shutdown();
        join(callbacks, "outcome callbacks");
        try {
            for (Thread t : threads) {
                if (t != Thread.currentThread()) {
                    t.join(JOIN_TIMEOUT_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void join(ExecutorService executor, String what) {
        try {
            if (!executor.awaitTermination(JOIN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("Simulated pool {}: {} did not finish within {} ms; interrupting them", poolName, what,
                        JOIN_TIMEOUT_MILLIS);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
