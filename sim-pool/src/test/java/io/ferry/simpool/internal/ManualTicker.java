package io.ferry.simpool.internal;

import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * A {@link PoolDriver} for tests: simulated time moves only when the test calls {@link #tick()}, on the test's
 * thread, and outcomes complete on that thread before {@code tick()} (or {@code cancel()}, or {@code close()})
 * returns. No sleeps, no wall clock.
 */
final class ManualTicker implements PoolDriver {

    /** The instant of simulated time 0 in every test. */
    static final Instant ORIGIN = Instant.parse("2025-01-01T00:00:00Z");

    private Runnable tick;
    private boolean stopped;
    private boolean closed;

    @Override
    public Instant origin() {
        return ORIGIN;
    }

    @Override
    public Executor callbacks() {
        return Runnable::run;
    }

    @Override
    public void start(Runnable tick, long periodMillis) {
        if (this.tick != null) {
            throw new IllegalStateException("started twice");
        }
        this.tick = tick;
    }

    /** Runs one simulation step ({@code tickMillis × timeScale} of simulated time). */
    void tick() {
        if (tick == null || stopped) {
            throw new IllegalStateException("the pool's ticks are not running");
        }
        tick.run();
    }

    /** Runs {@code n} simulation steps. */
    void tick(int n) {
        for (int i = 0; i < n; i++) {
            tick();
        }
    }

    @Override
    public void stopTicks() {
        stopped = true;
    }

    @Override
    public void close() {
        stopTicks();
        closed = true;
    }

    boolean closed() {
        return closed;
    }
}
