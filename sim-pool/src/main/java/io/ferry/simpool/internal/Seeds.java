package io.ferry.simpool.internal;

/**
 * The pool's streams of {@link io.ferry.engine.SeededHash}: one constant per kind of draw, so that the workload,
 * the failures and the memory layout of a VM never share numbers.
 */
final class Seeds {

    /** Stream of a VM's workload parameters (amplitude, period, phase). */
    static final long SHAPE = 0x5348415045L;
    /** Stream of the workload noise knots. */
    static final long NOISE = 0x4E4F495345L;
    /** Stream of the workload bursts. */
    static final long BURST = 0x4255525354L;
    /** Stream of injected migration failures. */
    static final long FAILURE = 0x4641494CL;
    /** Stream of the hot-set position of a VM's memory. */
    static final long HOT_SET = 0x484F54L;

    private Seeds() {
    }
}
