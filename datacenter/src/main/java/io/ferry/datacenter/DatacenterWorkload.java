package io.ferry.datacenter;

/**
 * The CPU demand of every VM of the day, one sample per interval: VM {@code vm} asks for
 * {@code utilisation(vm, k)} of its capacity from {@code k × interval} on, linear to the next sample.
 * Implementations: PlanetLab directories (one trace file per VM, name order) and sim-cluster's synthetic
 * workloads, so that tests need no data. Immutable.
 */
public interface DatacenterWorkload {

    /** @return a label for reports: the directory, or the synthetic workload's parameters */
    String label();

    /** @return how many VMs the workload drives, &gt; 0 */
    int vms();

    /** @return the VM's name (its trace file's name), for reports and the snapshot */
    String vmName(int vm);

    /** @return how many samples each VM has (288 for a PlanetLab day) */
    int samples();

    /**
     * @param vm     0 to {@link #vms()} - 1
     * @param sample 0 to {@link #samples()} - 1
     * @return the share of the VM's capacity it asks for, in [0, 1]
     */
    double utilisation(int vm, int sample);
}
