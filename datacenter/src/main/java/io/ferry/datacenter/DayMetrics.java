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
 * @param hostShutdowns           times a host went from carrying VMs to carrying none (switched off)
 * @param meanActiveHosts         hosts carrying VMs, averaged over the day
 * @param overloadedHostIntervals (host, interval) pairs where an active host was asked for more than it had
 * @param refusedDecisions        decisions the guard refused
 * @param downtimeSecondsTotal    page-level only: all migrations' pauses
 * @param slaViolatingMigrations  page-level only: migrations whose pause exceeded the SLA budget
 * @param bytesMoved              page-level only: bytes all migrations moved
 * @param postCopyDegradedSeconds page-level only: time VMs ran degraded in post-copy
 */
public record DayMetrics(double energyKWh, long migrations, double slatah, double pdm, double slav, double esv,
        long hostShutdowns, double meanActiveHosts, long overloadedHostIntervals, long refusedDecisions,
        OptionalDouble downtimeSecondsTotal, OptionalLong slaViolatingMigrations, OptionalLong bytesMoved,
        OptionalDouble postCopyDegradedSeconds) {
}
