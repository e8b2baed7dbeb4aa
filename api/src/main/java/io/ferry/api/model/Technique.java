package io.ferry.api.model;

/** How one VM's memory moves from source to target. */
public enum Technique {
    /** Rounds of copying while the VM runs, then a short pause to copy the rest. */
    PRE_COPY,
    /** Pause briefly to move the execution state, run on the target and fetch memory behind it. */
    POST_COPY,
    /** Pre-copy first, then switch to post-copy for what would not converge. */
    HYBRID
}
