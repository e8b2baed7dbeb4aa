package io.ferry.controller.internal;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.MetricWindow;
import io.ferry.controller.TelemetryListener;
import io.ferry.policy.support.DaemonThreads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each cycle's telemetry to the registered {@link TelemetryListener}s without ever making the cycle wait:
 * one daemon thread ({@code ferry-telemetry-out}) behind a bounded queue of {@link #DEFAULT_CAPACITY} cycles;
 * a cycle whose telemetry does not fit is dropped and counted. With no listener, nothing is queued and no thread
 * runs.
 *
 * <p>Cost to the cycle: one {@code offer} on the queue. Thread-safe.
 */
final class TelemetryFanOut {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryFanOut.class);

    /** Cycles that may wait for the listeners: at 5 s per cycle and 10 pools, 32 s of slack. */
    static final int DEFAULT_CAPACITY = 64;

    private final List<TelemetryListener> listeners = new CopyOnWriteArrayList<>();
    private final Executor out;
    private final ThreadPoolExecutor owned;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    /** With its own listener thread and a queue of {@link #DEFAULT_CAPACITY}. */
    TelemetryFanOut() {
        this.owned = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(DEFAULT_CAPACITY),
                DaemonThreads.named("ferry-telemetry-out"), new ThreadPoolExecutor.AbortPolicy());
        this.owned.allowCoreThreadTimeOut(true);
        this.out = owned;
    }

    /** On {@code out} (tests: a direct or a refusing executor); rejections count as drops. */
    TelemetryFanOut(Executor out) {
        this.owned = null;
        this.out = out;
    }

    void add(TelemetryListener l) {
        listeners.add(l);
    }

    void remove(TelemetryListener l) {
        listeners.remove(l);
    }

    /** Hands one cycle's telemetry to the listeners, or drops it when they are behind; never waits. */
    void publish(ClusterSnapshot snapshot, List<MetricWindow> windows, Instant readAt) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            out.execute(() -> {
                for (TelemetryListener l : listeners) {
                    try {
                        l.cycleRead(snapshot, windows, readAt);
                    } catch (RuntimeException | LinkageError e) {
                        if (failures.incrementAndGet() == 1) {
                            LOG.warn("telemetry listener {} failed (counted; later failures at debug)", l, e);
                        } else {
                            LOG.debug("telemetry listener {} failed", l, e);
                        }
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            dropped.incrementAndGet();
        }
    }

    /** @return cycles whose telemetry the listeners did not get because they were behind */
    long dropped() {
        return dropped.get();
    }

    /** @return listener calls that threw */
    long failures() {
        return failures.get();
    }

    /** @return the listeners' problems, and the hand-off's own when it dropped or a listener threw */
    List<String> problems() {
        List<String> lines = new ArrayList<>();
        for (TelemetryListener l : listeners) {
            try {
                lines.addAll(l.problems());
            } catch (RuntimeException e) {
                lines.add("telemetry listener " + l + " cannot say its state: " + e);
            }
        }
        long d = dropped.get();
        long f = failures.get();
        if (d > 0 || f > 0) {
            lines.add(String.format("telemetry hand-off: %,d cycles' telemetry dropped (listeners behind), %,d "
                    + "listener failures", d, f));
        }
        return lines;
    }

    /** Stops the listener thread; what is queued is dropped. */
    void close() {
        if (owned != null) {
            owned.shutdownNow();
        }
    }
}
