package io.ferry.qemu;

/**
 * How the guest workload program writes its memory (kernel parameter {@code ferry.mode}); the same families as
 * the engine's dirtying models, so a scenario can run on both.
 */
public enum WriterMode {
    /** No writes: heartbeats and integrity checks only. Pre-copy converges after one round. */
    IDLE("idle"),
    /** Each write hits a uniformly random page of the workload's memory. */
    UNIFORM("uniform"),
    /** Writes walk the hot set page after page, cyclically: the working set is exactly the hot set. */
    SWEEP("sweep"),
    /** A share of the writes ({@link GuestSpec#hotPercent()}) hits random hot pages, the rest any page. */
    HOT_COLD("hotcold");

    private final String kernelName;

    WriterMode(String kernelName) {
        this.kernelName = kernelName;
    }

    /** @return the value of {@code ferry.mode} on the guest's command line */
    public String kernelName() {
        return kernelName;
    }
}
