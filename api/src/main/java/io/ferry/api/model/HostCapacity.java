package io.ferry.api.model;

import java.util.Optional;

/**
 * What a host can give beyond what {@link HostState} says: the speed of one of its CPUs, its migration link
 * and, where it is known, its power curve. Consolidation agents weigh VMs and hosts in MIPS with it and
 * power-aware placement reads the curve. The data-centre engine knows all three; a hypervisor adapter may
 * know only some, or none (then {@link io.ferry.api.AgentContext#capacity} is empty and agents count in
 * whole CPUs).
 *
 * @param mipsPerCpu         the capacity of one physical CPU in MIPS (or MHz where that is all the
 *                           hypervisor says), &gt; 0; the host offers {@code cpuCount × mipsPerCpu}
 * @param linkBytesPerSecond the bandwidth of its migration network, &gt; 0
 * @param power              its power curve, empty when unknown
 */
public record HostCapacity(double mipsPerCpu, long linkBytesPerSecond, Optional<PowerCurve> power) {

    public HostCapacity {
        Require.positive(mipsPerCpu, "mipsPerCpu");
        Require.positive(linkBytesPerSecond, "linkBytesPerSecond");
        Require.nonNull(power, "power");
    }
}
