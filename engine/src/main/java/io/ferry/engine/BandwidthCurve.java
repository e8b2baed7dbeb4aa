package io.ferry.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A quantity measured at a few bandwidth caps and read at any other: linear between two measured caps, the
 * nearest measured value beyond the ends. A {@link HypervisorModel} keeps its calibrated figures this way (the
 * bandwidth a migration capped at C actually achieves, the latency of a post-copy fault at cap C), because on a
 * real machine they are not proportional to the cap: a rate limiter overshoots a little at low caps, the CPU binds
 * at high ones.
 *
 * <p>Cost: O(points) per read; a handful of points. An empty curve has no value: callers fall back to their
 * ideal model (see {@link #at(double, double)}).
 *
 * @param points the measurements, at distinct caps; sorted by cap on construction
 */
public record BandwidthCurve(List<Point> points) {

    /** The curve without measurements: every read falls back. */
    public static final BandwidthCurve NONE = new BandwidthCurve(List.of());

    /**
     * One measurement.
     *
     * @param capBytesPerSec the nominal bandwidth (the cap) it was measured at, &gt; 0
     * @param value          what was measured there, finite and &gt;= 0
     */
    public record Point(double capBytesPerSec, double value) {
        public Point {
            if (!(capBytesPerSec > 0) || Double.isInfinite(capBytesPerSec)) {
                throw new IllegalArgumentException("capBytesPerSec = " + capBytesPerSec + ": must be a finite number > 0");
            }
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("value = " + value + " at cap " + capBytesPerSec
                        + ": must be a finite number >= 0");
            }
        }
    }

    public BandwidthCurve {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(Point::capBytesPerSec));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).capBytesPerSec() == sorted.get(i - 1).capBytesPerSec()) {
                throw new IllegalArgumentException("points: two measurements at cap " + sorted.get(i).capBytesPerSec()
                        + "; give one per cap");
            }
        }
        points = List.copyOf(sorted);
    }

    /** @return a curve through these (cap, value) pairs */
    public static BandwidthCurve of(double... capValuePairs) {
        if (capValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("capValuePairs: an even number of values (cap, value, cap, value...)");
        }
        List<Point> p = new ArrayList<>();
        for (int i = 0; i < capValuePairs.length; i += 2) {
            p.add(new Point(capValuePairs[i], capValuePairs[i + 1]));
        }
        return new BandwidthCurve(p);
    }

    /** @return whether the curve has no measurement */
    public boolean isEmpty() {
        return points.isEmpty();
    }

    /** @return the value at {@code capBytesPerSec}, empty when the curve has no measurement */
    public Optional<Double> valueAt(double capBytesPerSec) {
        if (points.isEmpty()) {
            return Optional.empty();
        }
        Point first = points.get(0);
        if (capBytesPerSec <= first.capBytesPerSec()) {
            return Optional.of(first.value());
        }
        for (int i = 1; i < points.size(); i++) {
            Point b = points.get(i);
            if (capBytesPerSec <= b.capBytesPerSec()) {
                Point a = points.get(i - 1);
                double f = (capBytesPerSec - a.capBytesPerSec()) / (b.capBytesPerSec() - a.capBytesPerSec());
                return Optional.of(a.value() + f * (b.value() - a.value()));
            }
        }
        return Optional.of(points.get(points.size() - 1).value());
    }

    /** @return the value at {@code capBytesPerSec}, or {@code otherwise} when the curve is empty */
    public double at(double capBytesPerSec, double otherwise) {
        return points.isEmpty() ? otherwise : valueAt(capBytesPerSec).orElseThrow();
    }
}
