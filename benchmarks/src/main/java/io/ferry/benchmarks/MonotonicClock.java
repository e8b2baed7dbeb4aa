package io.ferry.benchmarks;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock read from {@link System#nanoTime()}: nanosecond resolution, never going back, so that the audit
 * records' times (the controller reads this clock) and the scenario's own timestamps share one time base and may be
 * subtracted. It also remembers, per thread, the last instant it handed out: the controller reads the clock as the
 * first step of a cycle, just before it reads the pool's selection, so that instant opens the cycle's window (see
 * {@link RecordingAdapter}).
 *
 * <p>Cost: one {@code nanoTime} call and one thread-local write per read. Not for anything that needs calendar time
 * across processes: the origin is the wall clock at construction, then only the monotonic clock advances it.
 */
final class MonotonicClock extends Clock {

    private final Instant origin = Instant.now();
    private final long originNanos = System.nanoTime();
    private final ThreadLocal<Instant> lastRead = new ThreadLocal<>();

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a monotonic clock is UTC only");
    }

    @Override
    public Instant instant() {
        Instant now = origin.plusNanos(System.nanoTime() - originNanos);
        lastRead.set(now);
        return now;
    }

    /** @return the last instant this thread read, or {@code null} when it never read one */
    Instant lastReadOnThisThread() {
        return lastRead.get();
    }
}
