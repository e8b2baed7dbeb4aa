package io.ferry.datacenter;

import java.util.List;
import java.util.Objects;

/**
 * One kind of VM: its CPU capacity and memory. A trace's utilisation u makes the VM ask for
 * {@code u × vcpus × mipsPerVcpu} MIPS.
 *
 * @param name        a short name for reports
 * @param vcpus       virtual CPUs, &gt; 0
 * @param mipsPerVcpu what one vCPU can use at 100 %, &gt; 0
 * @param ramBytes    memory, &gt; 0
 */
public record VmType(String name, int vcpus, double mipsPerVcpu, long ramBytes) {

    /**
     * The four VM types of CloudSim 3.0.3's PlanetLab examples (Amazon EC2's high-CPU medium, extra large,
     * small and micro instances as Beloglazov and Buyya sized them): 2500, 2000, 1000, 500 MIPS with 870, 1740,
     * 1740, 613 MB, one vCPU each.
     */
    public static final List<VmType> CLOUDSIM = List.of(
            new VmType("ec2-high-cpu-medium", 1, 2500, 870 * HostType.MB),
            new VmType("ec2-extra-large", 1, 2000, 1740 * HostType.MB),
            new VmType("ec2-small", 1, 1000, 1740 * HostType.MB),
            new VmType("ec2-micro", 1, 500, 613 * HostType.MB));

    public VmType {
        Objects.requireNonNull(name, "name");
        if (vcpus <= 0 || !(mipsPerVcpu > 0) || ramBytes <= 0) {
            throw new IllegalArgumentException("VM type " + name + ": vcpus = " + vcpus + ", mipsPerVcpu = "
                    + mipsPerVcpu + ", ramBytes = " + ramBytes + ": must all be > 0");
        }
    }

    /** @return the VM's whole CPU capacity in MIPS */
    public double totalMips() {
        return vcpus * mipsPerVcpu;
    }
}
