package io.ferry.simcluster;

import io.ferry.simcluster.internal.ScaledClock;
import java.util.function.LongSupplier;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a simulated cluster's time comes from: simulated seconds since the cluster's time 0. Three kinds serve
 * the three front ends: {@link #scaled} wall time (the XAPI simulator: each call catches the cluster up with the
 * clock), and a {@link VirtualClock} stepped by its owner (sim-pool's ticks, which a driver paces in scaled real
 * time, or a data-centre engine that jumps from event to event).
 *
 * <p>A clock decides nothing and costs a read; the cluster never reads it by itself: its owner advances the
 * cluster to the clock's present.
 */
@ProviderType
public interface SimClock {

    /** @return simulated seconds since the cluster's time 0, never decreasing */
    double seconds();

    /**
     * @param nanos a monotonic source of wall nanoseconds ({@code System::nanoTime}, or a test's manual clock)
     * @param scale simulated seconds per wall second, &gt; 0
     * @return a clock whose time 0 is {@code nanos}' reading now, running {@code scale} times as fast
     * @throws IllegalArgumentException when {@code scale} is not &gt; 0
     */
    static SimClock scaled(LongSupplier nanos, double scale) {
        return new ScaledClock(nanos, scale);
    }
}
