package io.ferry.simcluster.internal;

import io.ferry.simcluster.SimClock;
import java.util.Objects;
import java.util.function.LongSupplier;

/** Wall time from a nanosecond source, times a scale, from the reading at construction. */
public final class ScaledClock implements SimClock {

    private final LongSupplier nanos;
    private final double scale;
    private final long start;

    public ScaledClock(LongSupplier nanos, double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale = " + scale + ": must be > 0");
        }
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.scale = scale;
        this.start = nanos.getAsLong();
    }

    @Override
    public double seconds() {
        return (nanos.getAsLong() - start) / 1e9 * scale;
    }
}
