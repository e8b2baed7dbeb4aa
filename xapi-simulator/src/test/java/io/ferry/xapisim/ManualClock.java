package io.ferry.xapisim;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A wall clock that moves only when a test says so: simulated time is then under the test's control. */
public final class ManualClock implements LongSupplier {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long getAsLong() {
        return nanos.get();
    }

    /** Moves the clock on by {@code seconds} (times the simulator's time scale in simulated time). */
    public void advance(double seconds) {
        nanos.addAndGet(Math.round(seconds * 1e9));
    }
}
