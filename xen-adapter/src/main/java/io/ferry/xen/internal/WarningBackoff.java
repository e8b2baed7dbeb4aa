package io.ferry.xen.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Decides when a failure that repeats deserves a log line, per subject (the master, one host's
 * {@code /rrd_updates}): its first failure is logged, then the next only once a delay has passed that starts at
 * {@code first} (at least {@link #MIN_INTERVAL}) and doubles after each logged warning up to {@code max}, with the number of failures not logged
 * meanwhile; and when the subject works again, one line saying so. A master down for an hour with a 5 s poll thus
 * logs about eight warnings per subject instead of 720, and its return is never silent.
 *
 * <p>Cost: O(1) per call, one small entry per failing subject (removed when it recovers). Thread-safe.
 */
final class WarningBackoff {

    /** A subject that works again: how many failures it had and for how long. */
    record Recovery(long failures, Duration after) {
    }

    /** What is known of a failing subject. */
    private static final class Failing {
        final long since;
        long failures;
        long suppressed;
        long nextWarning;
        long delay;

        Failing(long since) {
            this.since = since;
        }
    }

    /** The shortest delay between two warnings of one subject, whatever its retry period. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(30);

    private final long first;
    private final long max;
    private final LongSupplier nanos;
    private final Map<String, Failing> failing = new ConcurrentHashMap<>();

    /**
     * @param first the delay after the first warning before the next (doubling after each); at least
     *              {@link #MIN_INTERVAL}
     * @param max   the delay's cap
     * @param nanos the clock ({@link System#nanoTime})
     */
    WarningBackoff(Duration first, Duration max, LongSupplier nanos) {
        this.first = Math.max(MIN_INTERVAL.toNanos(), first.toNanos());
        this.max = Math.max(this.first, max.toNanos());
        this.nanos = nanos;
    }

    /**
     * Records one failure of {@code subject}.
     *
     * @return when this failure is to be logged, how many failures of it were not logged since its last warning
     *         (0 for its first); empty when it is not to be logged
     */
    OptionalLong failed(String subject) {
        long now = nanos.getAsLong();
        Failing f = failing.computeIfAbsent(subject, s -> new Failing(now));
        synchronized (f) {
            f.failures++;
            if (f.failures == 1) {
                f.delay = first;
                f.nextWarning = now + first;
                return OptionalLong.of(0);
            }
            if (now - f.nextWarning < 0) {
                f.suppressed++;
                return OptionalLong.empty();
            }
            long skipped = f.suppressed;
            f.suppressed = 0;
            f.delay = Math.min(max, f.delay * 2);
            f.nextWarning = now + f.delay;
            return OptionalLong.of(skipped);
        }
    }

    /**
     * Records that {@code subject} works.
     *
     * @return its failures and how long they lasted, when it was failing (to be logged once); empty otherwise
     */
    Optional<Recovery> recovered(String subject) {
        Failing f = failing.remove(subject);
        if (f == null) {
            return Optional.empty();
        }
        synchronized (f) {
            return Optional.of(new Recovery(f.failures, Duration.ofNanos(nanos.getAsLong() - f.since)));
        }
    }

    /** @return the text to append to a logged warning that follows {@code suppressed} unlogged failures */
    static String suppressedText(long suppressed) {
        return suppressed == 0 ? "" : " (" + suppressed + " more failure" + (suppressed == 1 ? "" : "s")
                + " since the last warning)";
    }

    /** @return the text of a recovery, such as {@code after 12 failures over 65 s} */
    static String recoveryText(Recovery r) {
        return "after " + r.failures() + " failure" + (r.failures() == 1 ? "" : "s") + " over "
                + r.after().toSeconds() + " s";
    }
}
