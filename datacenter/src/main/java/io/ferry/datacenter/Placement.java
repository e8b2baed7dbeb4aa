package io.ferry.datacenter;

/**
 * How VMs are placed when the day starts, every VM asking for its full capacity (CloudSim's VMs ask for all
 * their MIPS while they are being instantiated).
 *
 * @param kind      first fit or power-aware best fit
 * @param threshold for {@link Kind#PABFD}: a non-empty host is skipped when the VM would take it above this share
 *                  of its capacity, in (0, 1]
 */
public record Placement(Kind kind, double threshold) {

    /** The placement rules. */
    public enum Kind {
        /** The first host, in host order, with the CPU (per vCPU and in total) and the memory: CloudSim's {@code PowerVmAllocationPolicySimple}. */
        FIRST_FIT,
        /** The host whose power rises least, skipping non-empty hosts pushed past the threshold: CloudSim's PABFD. */
        PABFD
    }

    /** First fit, as CloudSim places the NPA and DVFS references. */
    public static final Placement FIRST_FIT = new Placement(Kind.FIRST_FIT, 1);

    public Placement {
        if (kind == null || !(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("placement " + kind + " threshold = " + threshold + ": must be in (0, 1]");
        }
    }

    /**
     * @param threshold the share of a host's capacity placement may fill, in (0, 1]
     * @return power-aware best fit decreasing with that threshold (CloudSim places with its policy's static
     *         threshold: 0.8 for THR, the 0.7 fallback for the adaptive ones)
     */
    public static Placement pabfd(double threshold) {
        return new Placement(Kind.PABFD, threshold);
    }
}
