package io.ferry.datacenter;

import io.ferry.api.model.PowerCurve;
import java.util.Objects;

/**
 * One kind of physical host of the simulated data centre.
 *
 * @param name               a short name for reports, e.g. {@code ml110-g4}
 * @param cores              physical CPUs, &gt; 0
 * @param mipsPerCore        the capacity of one CPU in MIPS, &gt; 0; one vCPU gets at most one core
 * @param ramBytes           memory, &gt; 0
 * @param linkBytesPerSecond the migration network, &gt; 0
 * @param power              watts against CPU utilisation
 */
public record HostType(String name, int cores, double mipsPerCore, long ramBytes, long linkBytesPerSecond,
        PowerCurve power) {

    /** CloudSim's megabyte: its RAM figures (4096, 870 …) and its bandwidth divisor count in 2^20 bytes. */
    public static final long MB = 1L << 20;

    /**
     * 1 Gbit/s as CloudSim 3.0.3 costs a migration: {@code bw / 8000} = 125 of its megabytes per second.
     */
    public static final long CLOUDSIM_GIGABIT = 125 * MB;

    /**
     * HP ProLiant ML110 G4 (Intel Xeon 3040, 2 cores × 1860 MHz, 4 GB), SPECpower_ssj2008 result of
     * 2008-03-11 (www.spec.org/power_ssj2008/results/res2008q1/power_ssj2008-20080311-00053.html): 86, 89.4,
     * 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117 W at 0 … 100 % load. CloudSim 3.0.3's
     * {@code PowerModelSpecPowerHpProLiantMl110G4Xeon3040}.
     */
    public static final HostType ML110_G4 = new HostType("ml110-g4", 2, 1860, 4096 * MB, CLOUDSIM_GIGABIT,
            new PowerCurve(new double[] {86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117}));

    /**
     * HP ProLiant ML110 G5 (Intel Xeon 3075, 2 cores × 2660 MHz, 4 GB), SPECpower_ssj2008 result of
     * 2008-04-08 (www.spec.org/power_ssj2008/results/res2008q2/power_ssj2008-20080408-00062.html): 93.7, 97,
     * 101, 105, 110, 116, 121, 125, 129, 133, 135 W at 0 … 100 % load. CloudSim 3.0.3's
     * {@code PowerModelSpecPowerHpProLiantMl110G5Xeon3075}.
     */
    public static final HostType ML110_G5 = new HostType("ml110-g5", 2, 2660, 4096 * MB, CLOUDSIM_GIGABIT,
            new PowerCurve(new double[] {93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135}));

    public HostType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(power, "power");
        if (cores <= 0 || !(mipsPerCore > 0) || ramBytes <= 0 || linkBytesPerSecond <= 0) {
            throw new IllegalArgumentException("host type " + name + ": cores = " + cores + ", mipsPerCore = "
                    + mipsPerCore + ", ramBytes = " + ramBytes + ", linkBytesPerSecond = " + linkBytesPerSecond
                    + ": must all be > 0");
        }
    }

    /** @return the host's whole CPU capacity in MIPS */
    public double totalMips() {
        return cores * mipsPerCore;
    }
}
