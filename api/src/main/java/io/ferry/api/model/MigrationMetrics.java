package io.ferry.api.model;

import java.time.Duration;

/**
 * The measured cost of a completed migration, as the engine, QEMU or XAPI reports it. Fields a hypervisor
 * cannot measure are reported as what it can honestly say (XAPI: no rounds, so {@code rounds} = 0).
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
 * @param slaViolated    whether {@code downtime} exceeded the SLA budget
 */
public record MigrationMetrics(Duration totalTime, Duration downtime, long bytesSent, long pagesSent,
        long pagesResent, int rounds, long postcopyFaults, Duration degradedTime, Duration faultStallTime,
        boolean slaViolated) {

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
    }

    /** @return total time, downtime and bytes as a {@link MigrationCost}, to set against a prediction */
    public MigrationCost cost() {
        return new MigrationCost(totalTime, downtime, bytesSent);
    }
}
