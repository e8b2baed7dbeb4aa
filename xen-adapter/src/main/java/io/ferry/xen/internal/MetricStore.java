package io.ferry.xen.internal;

import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The metric windows predictors read: one ring buffer of {@code capacity} samples at a fixed step per subject (a
 * VM or host UUID) and metric, fed from {@code /rrd_updates} rows oldest first.
 *
 * <p>Decides how the series stays evenly spaced, as {@link MetricWindow} requires: a sample not newer than the
 * last is ignored (rows overlap between polls, and a VM's rows move to another host's export when it migrates);
 * a gap of missing steps (a host offline, a poll missed) is filled by repeating the last value, at most one
 * buffer's worth; a NaN (rrdtool's "unknown") repeats the last value too, and is dropped when there is none yet.
 *
 * <p>Cost: {@code 8 × capacity} bytes per series, O(1) per sample, O(samples) per window. Thread-safe.
 */
final class MetricStore {

    private final int capacity;
    private final Duration step;
    private final Map<String, Map<Metric, Series>> series = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    /**
     * @param capacity samples kept per series, &gt;= 2
     * @param step     the time between samples
     */
    MetricStore(int capacity, Duration step) {
        this.capacity = capacity;
        this.step = step;
    }

    /** Appends one sample at {@code epochSeconds}. */
    void append(String subject, Metric metric, long epochSeconds, double value) {
        Series s = series.computeIfAbsent(subject, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(metric, m -> new Series(capacity, step.toSeconds()));
        if (s.append(epochSeconds, value)) {
            version.incrementAndGet();
        }
    }

    /** @return the newest {@code samples} of a series (fewer when it holds fewer), empty when it holds none */
    Optional<MetricWindow> window(String subject, Metric metric, int samples) {
        Map<Metric, Series> bySubject = series.get(subject);
        if (bySubject == null) {
            return Optional.empty();
        }
        Series s = bySubject.get(metric);
        return s == null ? Optional.empty() : s.window(subject, metric, samples, step);
    }

    /** @return the newest value of a series, NaN when there is none */
    double latest(String subject, Metric metric) {
        Map<Metric, Series> bySubject = series.get(subject);
        if (bySubject == null) {
            return Double.NaN;
        }
        Series s = bySubject.get(metric);
        return s == null ? Double.NaN : s.latest();
    }

    /** @return the newest sample time of any series of {@code subject}, or -1 */
    long lastTime(String subject) {
        Map<Metric, Series> bySubject = series.get(subject);
        if (bySubject == null) {
            return -1;
        }
        long last = -1;
        for (Series s : bySubject.values()) {
            last = Math.max(last, s.lastTime());
        }
        return last;
    }

    /** Drops the series of subjects not in {@code keep} (VMs deleted from the pool). */
    void retain(Set<String> keep) {
        series.keySet().retainAll(keep);
    }

    /** @return a number that changes whenever a sample is added */
    long version() {
        return version.get();
    }

    /** One ring buffer. */
    private static final class Series {
        private final double[] values;
        private final long stepSeconds;
        private int head; // next write position
        private int size;
        private long last = -1;

        Series(int capacity, long stepSeconds) {
            this.values = new double[capacity];
            this.stepSeconds = Math.max(1, stepSeconds);
        }

        synchronized boolean append(long t, double v) {
            if (t <= last) {
                return false;
            }
            boolean known = size > 0;
            double previous = known ? values[(head - 1 + values.length) % values.length] : Double.NaN;
            if (!Double.isFinite(v)) {
                if (!known) {
                    return false;
                }
                v = previous;
            }
            if (known) {
                long missing = (t - last) / stepSeconds - 1;
                for (long i = 0; i < Math.min(missing, values.length); i++) {
                    put(previous);
                }
            }
            put(v);
            last = t;
            return true;
        }

        private void put(double v) {
            values[head] = v;
            head = (head + 1) % values.length;
            size = Math.min(size + 1, values.length);
        }

        synchronized Optional<MetricWindow> window(String subject, Metric metric, int samples, Duration step) {
            int n = Math.min(Math.max(0, samples), size);
            if (n == 0) {
                return Optional.empty();
            }
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = values[(head - n + i + values.length) % values.length];
            }
            return Optional.of(new MetricWindow(subject, metric, Instant.ofEpochSecond(last), step, out));
        }

        synchronized double latest() {
            return size == 0 ? Double.NaN : values[(head - 1 + values.length) % values.length];
        }

        synchronized long lastTime() {
            return last;
        }
    }
}
