package io.ferry.datacenter;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A run's metrics for the day (the README defines each in one line).
 *
 * @param energyKWh               energy of all hosts
 * @param migrations              migrations started
 * @param slatah                  SLA violation time per active host: the share of active-host time a host was
 *                                asked for more CPU than it gave
 * @param pdm                     performance degradation due to migrations: CPU demand lost to migrations over
 *                                all CPU demand
 * @param slav                    SLATAH × PDM
 * @param esv                     energy × SLAV
 * @param hostShutdowns           times a host went from active to inactive (CloudSim's count: a host is active
 *                                while its allocated CPU is &gt; 0, and its history starts active, so a host
 *                                never used counts one shutdown)
 * @param meanActiveHosts         active hosts (allocated CPU &gt; 0) at each interval's start, weighted by the
 *                                interval's length, from the first decision on
 * @param overloadedHostIntervals (host, interval) pairs where an active host was asked for more than it had
 * @param refusedDecisions        decisions refused: invalid (unknown VM or host, wrong source, already
 *                                migrating, no memory on the target) or refused by the guard; never executed
 * @param agentFailures           intervals where the agent threw or returned null (they ran with no migration)
 * @param downtimeSecondsTotal    page-level only: all migrations' pauses
 * @param slaViolatingMigrations  page-level only: migrations whose pause exceeded the SLA budget
 * @param bytesMoved              page-level only: bytes all migrations moved
 * @param postCopyDegradedSeconds page-level only: time VMs ran degraded in post-copy
 */
public record DayMetrics(double energyKWh, long migrations, double slatah, double pdm, double slav, double esv,
        long hostShutdowns, double meanActiveHosts, long overloadedHostIntervals, long refusedDecisions,
        long agentFailures, OptionalDouble downtimeSecondsTotal, OptionalLong slaViolatingMigrations, OptionalLong bytesMoved,
        OptionalDouble postCopyDegradedSeconds) {

    /** The metrics without an agent-failure count (the skeleton's constructor, kept for its callers): 0 failures. */
    public DayMetrics(double energyKWh, long migrations, double slatah, double pdm, double slav, double esv,
            long hostShutdowns, double meanActiveHosts, long overloadedHostIntervals, long refusedDecisions,
            OptionalDouble downtimeSecondsTotal, OptionalLong slaViolatingMigrations, OptionalLong bytesMoved,
            OptionalDouble postCopyDegradedSeconds) {
        this(energyKWh, migrations, slatah, pdm, slav, esv, hostShutdowns, meanActiveHosts, overloadedHostIntervals,
                refusedDecisions, 0, downtimeSecondsTotal, slaViolatingMigrations, bytesMoved,
                postCopyDegradedSeconds);
    }
}
