package io.ferry.controller.internal;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.HypervisorException;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The telemetry step of the cycle, first of seven: asks the pool's hypervisor for its snapshot and hands out
 * metric windows, and remembers the last snapshot it got and when, so that status never has to ask the
 * hypervisor itself (a pool whose hypervisor hangs must not hang {@code migration:status}).
 *
 * <p>Cost: one {@link HypervisorAdapter#snapshot()} per cycle; metric windows on demand, one adapter call per
 * (subject, metric, samples) and cycle, cached in the {@link Reading}. A hypervisor error becomes an empty window,
 * never a failed cycle. Thread-safe.
 */
final class TelemetryStep {

    /** A snapshot and when it was taken. */
    record Seen(ClusterSnapshot snapshot, Instant at) {
    }

    private final HypervisorAdapter adapter;
    private final Clock clock;
    private volatile Optional<Seen> last = Optional.empty();
    private volatile Reading lastReading;

    TelemetryStep(HypervisorAdapter adapter, Clock clock) {
        this.adapter = adapter;
        this.clock = clock;
    }

    /**
     * @return this cycle's telemetry
     * @throws HypervisorException when the hypervisor does not answer
     */
    Reading read() throws HypervisorException {
        ClusterSnapshot snapshot = adapter.snapshot();
        Seen seen = new Seen(snapshot, clock.instant());
        last = Optional.of(seen);
        Reading r = new Reading(seen);
        lastReading = r;
        return r;
    }

    /** @return the last reading handed out (by a cycle or a manual request), null before the first */
    Reading lastReading() {
        return lastReading;
    }

    /** @return the last snapshot a cycle (or a manual request) saw, with its time; empty before the first */
    Optional<Seen> last() {
        return last;
    }

    /** One cycle's telemetry: the snapshot, and the metric windows asked for, each fetched once. */
    final class Reading {
        private final Seen seen;
        private final Map<String, Optional<MetricWindow>> windows = new LinkedHashMap<>();

        private Reading(Seen seen) {
            this.seen = seen;
        }

        ClusterSnapshot snapshot() {
            return seen.snapshot();
        }

        Instant at() {
            return seen.at();
        }

        HypervisorAdapter adapter() {
            return adapter;
        }

        /** @return per subject and metric, the longest window read so far, in the order first read */
        synchronized List<MetricWindow> windowsRead() {
            Map<String, MetricWindow> longest = new LinkedHashMap<>();
            for (Optional<MetricWindow> w : windows.values()) {
                w.filter(x -> x.size() > 0).ifPresent(x -> longest.merge(x.subject() + "|" + x.metric(), x,
                        (a, b) -> b.size() > a.size() ? b : a));
            }
            return new ArrayList<>(longest.values());
        }

        /** @return the newest {@code samples} of a series, empty when the hypervisor lacks it or fails */
        synchronized Optional<MetricWindow> metrics(String subject, Metric metric, int samples) {
            return windows.computeIfAbsent(subject + "|" + metric + "|" + samples, k -> {
                try {
                    Optional<MetricWindow> w = adapter.metrics(subject, metric, Math.max(1, samples));
                    return w == null ? Optional.empty() : w;
                } catch (HypervisorException | RuntimeException e) {
                    return Optional.empty();
                }
            });
        }
    }
}
