package io.ferry.datacenter;

import io.ferry.api.model.HostId;
import java.util.List;

/**
 * Each host's share of one interval's figures, counted where the engine counts the day's totals (so that summing a
 * column over hosts and intervals gives the day's numerator): energy, SLA violation time (SLATAH's numerator: time
 * the host was active and given less CPU than asked), active time (SLATAH's denominator), CPU demand lost to
 * migrations (PDM's numerator, attributed to the migration's source host, where the VM runs while it migrates), CPU
 * demand asked (PDM's denominator, by the host the VM ran on), migrations started from the host, and their pause
 * over the SLA budget (page-level only; 0 under {@code cloudsim}). The engine's state histories close an entry when
 * the next one starts, so time is attributed to the interval in which its entry closed: the interval of the
 * decisions, up to the next processing time. Immutable; O(hosts) memory.
 */
public final class HostAccounting {

    private final List<HostId> hosts;
    private final double[] energyJoules;
    private final double[] slaViolationSeconds;
    private final double[] activeSeconds;
    private final double[] migrationLostMipsSeconds;
    private final double[] requestedMipsSeconds;
    private final int[] migrationsStarted;
    private final double[] downtimeOverBudgetSeconds;

    /**
     * Copies every array; all have one entry per host, in the order of {@code hosts}.
     *
     * @param hosts                     the hosts, in engine order
     * @param energyJoules              energy each drew
     * @param slaViolationSeconds       time each was active and given less CPU than asked
     * @param activeSeconds             time each was active
     * @param migrationLostMipsSeconds  CPU demand (MIPS × s) lost by VMs migrating out of each
     * @param requestedMipsSeconds      CPU demand (MIPS × s) of the VMs running on each
     * @param migrationsStarted         migrations started from each
     * @param downtimeOverBudgetSeconds pause over the SLA budget of the migrations started from each
     */
    public HostAccounting(List<HostId> hosts, double[] energyJoules, double[] slaViolationSeconds,
            double[] activeSeconds, double[] migrationLostMipsSeconds, double[] requestedMipsSeconds,
            int[] migrationsStarted, double[] downtimeOverBudgetSeconds) {
        this.hosts = List.copyOf(hosts);
        int n = this.hosts.size();
        this.energyJoules = copy(energyJoules, n);
        this.slaViolationSeconds = copy(slaViolationSeconds, n);
        this.activeSeconds = copy(activeSeconds, n);
        this.migrationLostMipsSeconds = copy(migrationLostMipsSeconds, n);
        this.requestedMipsSeconds = copy(requestedMipsSeconds, n);
        if (migrationsStarted.length != n) {
            throw new IllegalArgumentException("migrationsStarted has " + migrationsStarted.length + " entries for "
                    + n + " hosts");
        }
        this.migrationsStarted = migrationsStarted.clone();
        this.downtimeOverBudgetSeconds = copy(downtimeOverBudgetSeconds, n);
    }

    private static double[] copy(double[] values, int n) {
        if (values.length != n) {
            throw new IllegalArgumentException(values.length + " entries for " + n + " hosts");
        }
        return values.clone();
    }

    /** @return the hosts, in engine order (the snapshot's order); an index below refers to this list */
    public List<HostId> hosts() {
        return hosts;
    }

    /** @return the number of hosts */
    public int size() {
        return hosts.size();
    }

    /** @param host an index into {@link #hosts()} @return the energy it drew, in joules */
    public double energyJoules(int host) {
        return energyJoules[host];
    }

    /** @param host an index into {@link #hosts()} @return the time it was active and given less than asked, s */
    public double slaViolationSeconds(int host) {
        return slaViolationSeconds[host];
    }

    /** @param host an index into {@link #hosts()} @return the time it was active, s */
    public double activeSeconds(int host) {
        return activeSeconds[host];
    }

    /** @param host an index into {@link #hosts()} @return CPU demand lost by VMs migrating out of it, MIPS × s */
    public double migrationLostMipsSeconds(int host) {
        return migrationLostMipsSeconds[host];
    }

    /** @param host an index into {@link #hosts()} @return CPU demand of the VMs that ran on it, MIPS × s */
    public double requestedMipsSeconds(int host) {
        return requestedMipsSeconds[host];
    }

    /** @param host an index into {@link #hosts()} @return migrations started from it */
    public int migrationsStarted(int host) {
        return migrationsStarted[host];
    }

    /** @param host an index into {@link #hosts()} @return pause over the SLA budget of its migrations, s */
    public double downtimeOverBudgetSeconds(int host) {
        return downtimeOverBudgetSeconds[host];
    }
}
