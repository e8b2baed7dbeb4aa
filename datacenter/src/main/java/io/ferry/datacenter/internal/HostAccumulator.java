package io.ferry.datacenter.internal;

import io.ferry.api.model.HostId;
import io.ferry.datacenter.HostAccounting;
import java.util.Arrays;

/**
 * The engine's per-host sums over one stepped interval, added beside the day totals at the same places (so the day
 * totals are untouched). O(hosts) memory; {@link #clear()} and {@link #report} O(hosts).
 */
final class HostAccumulator {

    final double[] energyJoules;
    final double[] slaViolationSeconds;
    final double[] activeSeconds;
    final double[] migrationLostMipsSeconds;
    final double[] requestedMipsSeconds;
    final int[] migrationsStarted;
    final double[] downtimeOverBudgetSeconds;

    HostAccumulator(int hosts) {
        energyJoules = new double[hosts];
        slaViolationSeconds = new double[hosts];
        activeSeconds = new double[hosts];
        migrationLostMipsSeconds = new double[hosts];
        requestedMipsSeconds = new double[hosts];
        migrationsStarted = new int[hosts];
        downtimeOverBudgetSeconds = new double[hosts];
    }

    void clear() {
        Arrays.fill(energyJoules, 0);
        Arrays.fill(slaViolationSeconds, 0);
        Arrays.fill(activeSeconds, 0);
        Arrays.fill(migrationLostMipsSeconds, 0);
        Arrays.fill(requestedMipsSeconds, 0);
        Arrays.fill(migrationsStarted, 0);
        Arrays.fill(downtimeOverBudgetSeconds, 0);
    }

    HostAccounting report(HostId[] hosts) {
        return new HostAccounting(Arrays.asList(hosts), energyJoules, slaViolationSeconds, activeSeconds,
                migrationLostMipsSeconds, requestedMipsSeconds, migrationsStarted, downtimeOverBudgetSeconds);
    }
}
