package io.ferry.api.model;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The measured cost of a completed migration, as the engine, QEMU or XAPI reports it. Figures a hypervisor does
 * not measure are listed in {@code unreported}; their fields then hold 0 and mean nothing (XAPI reports a
 * migration's total time only: downtime, bytes, pages and rounds are unreported). Whoever shows or compares
 * metrics checks {@link #reports(Figure)} first.
 *
 * @param totalTime      from start until every page is on the target
 * @param downtime       the time the VM ran nowhere
 * @param bytesSent      bytes on the wire
 * @param pagesSent      pages sent, counting every resend
 * @param pagesResent    pages sent more than once (each resend counted)
 * @param rounds         pre-copy rounds, 0 for pure post-copy
 * @param postcopyFaults pages the VM touched on the target before they arrived
 * @param degradedTime   time the VM ran on the target while pages were still missing
 * @param faultStallTime part of {@code degradedTime} the VM spent blocked waiting for faulted pages
 * @param slaViolated    whether {@code downtime} exceeded the SLA budget (false when downtime is unreported)
 * @param unreported     the figures the hypervisor did not measure; empty when all were
 * @since 1.1 ({@code unreported})
 */
public record MigrationMetrics(Duration totalTime, Duration downtime, long bytesSent, long pagesSent,
        long pagesResent, int rounds, long postcopyFaults, Duration degradedTime, Duration faultStallTime,
        boolean slaViolated, Set<Figure> unreported) {

    /** The figures of a migration a hypervisor may leave unmeasured (total time is always measured). */
    public enum Figure {
        /** {@code downtime} (and so {@code slaViolated}) */
        DOWNTIME,
        /** {@code bytesSent} */
        BYTES,
        /** {@code pagesSent} and {@code pagesResent} */
        PAGES,
        /** {@code rounds} */
        ROUNDS,
        /** {@code postcopyFaults}, {@code degradedTime} and {@code faultStallTime} */
        POSTCOPY
    }

    /** Metrics with every figure measured. */
    public MigrationMetrics(Duration totalTime, Duration downtime, long bytesSent, long pagesSent, long pagesResent,
            int rounds, long postcopyFaults, Duration degradedTime, Duration faultStallTime, boolean slaViolated) {
        this(totalTime, downtime, bytesSent, pagesSent, pagesResent, rounds, postcopyFaults, degradedTime,
                faultStallTime, slaViolated, Set.of());
    }

    public MigrationMetrics {
        Require.nonNegative(totalTime, "totalTime");
        Require.nonNegative(downtime, "downtime");
        Require.nonNegative(bytesSent, "bytesSent");
        Require.nonNegative(pagesSent, "pagesSent");
        Require.nonNegative(pagesResent, "pagesResent");
        Require.nonNegative(rounds, "rounds");
        Require.nonNegative(postcopyFaults, "postcopyFaults");
        Require.nonNegative(degradedTime, "degradedTime");
        Require.nonNegative(faultStallTime, "faultStallTime");
        Require.nonNull(unreported, "unreported");
        unreported = unreported.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(unreported));
    }

    /** @return whether the hypervisor measured {@code figure} */
    public boolean reports(Figure figure) {
        return !unreported.contains(figure);
    }

    /** @return total time, downtime and bytes as a {@link MigrationCost}, to set against a prediction */
    public MigrationCost cost() {
        return new MigrationCost(totalTime, downtime, bytesSent);
    }
}
