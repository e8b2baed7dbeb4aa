package io.ferry.simcluster;

/**
 * The cluster's streams of {@link io.ferry.engine.SeededHash}: one constant per kind of draw, so that the
 * workload, the failures and the memory layout of a VM never share numbers. Front ends draw their own
 * randomness from these streams too, so that two front ends given one seed see one cluster.
 */
public final class SeedStreams {

    /** A VM's workload parameters (amplitude, period, phase). */
    public static final long SHAPE = 0x5348415045L;
    /** A VM's synthetic base level, when drawn uniformly ({@link SyntheticWorkload#uniformBases}). */
    public static final long BASE = 0x42415345L;
    /** The workload noise knots. */
    public static final long NOISE = 0x4E4F495345L;
    /** The workload bursts. */
    public static final long BURST = 0x4255525354L;
    /** Injected migration failures. */
    public static final long FAILURE = 0x4641494CL;
    /** The hot-set position of a VM's memory. */
    public static final long HOT_SET = 0x484F54L;

    private SeedStreams() {
    }
}
