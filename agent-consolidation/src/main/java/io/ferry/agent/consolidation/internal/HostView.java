package io.ferry.agent.consolidation.internal;

/**
 * What an {@link OverloadDetector} sees of one host: its VMs as the round's working placement has them (or with
 * one VM tentatively added), in CloudSim's terms.
 */
interface HostView {

    /** @return the host's capacity: CPUs × MIPS per CPU (CPUs × 1.0 when the hypervisor gives no speed) */
    double totalMips();

    /** @return the sum of its VMs' requested MIPS, uncapped ({@code Vm.getCurrentRequestedTotalMips}) */
    double requestedMips();

    /**
     * @return {@code PowerHostUtilizationHistory.getUtilizationHistory()}: newest first, the sum over its VMs of
     *         each VM's utilisation history scaled by VM MIPS / host MIPS, zero tail trimmed; a fresh array
     */
    double[] utilisationHistory();

    /** @return the largest memory of its VMs, 0 when it has none */
    long maxVmRamBytes();

    /** @return its migration link in bytes per second, 0 when unknown */
    long linkBytesPerSecond();

    /** @return the step of its VMs' utilisation histories in seconds (the scheduling interval), 0 when unknown */
    double intervalSeconds();
}
