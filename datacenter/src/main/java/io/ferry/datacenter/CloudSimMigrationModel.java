package io.ferry.datacenter;

/**
 * CloudSim 3.0.3's migration model ({@code PowerDatacenter.updateCloudletProcessing}): a migration takes the
 * VM's RAM over half the link ({@code ram / (bw / (2 × 8000))}: half the bandwidth is left for the VMs' own
 * traffic), moves the RAM once, never pauses the VM, and the VM gets {@value #LOST_CPU_SHARE} less of its CPU
 * meanwhile. With the 1 Gbit/s link of {@link HostType#CLOUDSIM_GIGABIT} an 870 MB VM takes 13.92 s. It ignores
 * dirty pages, so it flatters every heuristic that migrates often: use {@code page-level} to see what those
 * migrations really cost. Cost: O(1) per estimate; stateless.
 */
public final class CloudSimMigrationModel implements MigrationModel {

    /** The model's name on the command line and in reports. */
    public static final String NAME = "cloudsim";

    /** The share of the link a migration gets (CloudSim: half, the rest for the VMs' traffic). */
    public static final double LINK_SHARE = 0.5;

    /** The share of its CPU demand a migrating VM does not get (CloudSim: 10 %). */
    public static final double LOST_CPU_SHARE = 0.1;

    /** The one instance; the model has no state. */
    public static final CloudSimMigrationModel INSTANCE = new CloudSimMigrationModel();

    private CloudSimMigrationModel() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public MigrationEstimate estimate(MigrationJob job) {
        double seconds = job.ramBytes() / (job.linkBytesPerSecond() * LINK_SHARE);
        return new MigrationEstimate(seconds, 0, job.ramBytes(), 0, LOST_CPU_SHARE, false);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
