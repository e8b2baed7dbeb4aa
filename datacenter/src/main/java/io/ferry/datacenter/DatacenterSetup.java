package io.ferry.datacenter;

import java.util.List;

/**
 * The data centre and the day: hosts (types assigned in turn: host i is {@code hostTypes[i % n]}), VM types
 * (assigned in contiguous blocks over the workload's VMs, as CloudSim does), the scheduling interval and the
 * day's length, the migration model and the seed. {@link #cloudSim(int)} is CloudSim 3.0.3's PlanetLab set-up.
 *
 * @param hosts           how many hosts, &gt; 0
 * @param hostTypes       the host types, in turn
 * @param vmTypes         the VM types, in contiguous blocks
 * @param intervalSeconds the scheduling interval (the agent is invoked at each), &gt; 0, and the traces' step
 * @param lengthSeconds   the simulated day, &gt; 0
 * @param migrationModel  what migrations cost
 * @param seed            the run's seed
 */
public record DatacenterSetup(int hosts, List<HostType> hostTypes, List<VmType> vmTypes, double intervalSeconds,
        double lengthSeconds, MigrationModel migrationModel, long seed) {

    public DatacenterSetup {
        hostTypes = List.copyOf(hostTypes);
        vmTypes = List.copyOf(vmTypes);
        if (hosts <= 0) {
            throw new IllegalArgumentException("hosts = " + hosts + ": must be > 0");
        }
    }

    /**
     * CloudSim 3.0.3's PlanetLab set-up: hosts alternating ML110 G4 and G5, its four VM types, 300 s, 24 h.
     *
     * @param hosts          how many hosts (800 in the literature)
     * @param migrationModel what migrations cost
     * @param seed           the run's seed
     * @return the set-up
     */
    public static DatacenterSetup cloudSim(int hosts, MigrationModel migrationModel, long seed) {
        return new DatacenterSetup(hosts, List.of(HostType.ML110_G4, HostType.ML110_G5), VmType.CLOUDSIM, 300,
                24 * 3600, migrationModel, seed);
    }
}
