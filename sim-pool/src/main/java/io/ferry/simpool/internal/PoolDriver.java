package io.ferry.simpool.internal;

import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * What drives a simulated pool: the wall-clock instant its simulated time starts from, the ticks that advance
 * it, and where migration outcomes are delivered. {@link ExecutorPoolDriver} owns two threads in production;
 * tests pass a manual driver and tick by hand, so that nothing depends on the wall clock.
 */
interface PoolDriver {

    /** @return the instant of simulated time 0 */
    Instant origin();

    /** @return where outcome futures are completed, and so where their callbacks run */
    Executor callbacks();

    /** Starts calling {@code tick} every {@code periodMillis} of wall time, one call at a time. */
    void start(Runnable tick, long periodMillis);

    /** Stops the ticks; when it returns, no tick runs and none will. */
    void stopTicks();

    /** Stops the ticks, runs the callbacks already handed over, and releases the threads. Idempotent. */
    void close();
}
