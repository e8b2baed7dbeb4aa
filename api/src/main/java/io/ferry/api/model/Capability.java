package io.ferry.api.model;

/**
 * What a hypervisor's migration engine can really do, and so what a policy may ask of it.
 *
 * <p>An adapter declares the set it offers; a policy declares the set it requires and the set it uses when
 * offered. Selecting a policy whose required capabilities the pool's adapter lacks is refused at selection
 * time, naming the missing capability. XenServer offers {@link #PRE_COPY} only (XAPI exposes no downtime,
 * bandwidth or round parameter, and no dirty-page rate); QEMU offers post-copy and the hybrid switch; the
 * page-level simulation engine offers everything.
 */
public enum Capability {
    /** Iterative pre-copy followed by stop-and-copy. */
    PRE_COPY("iterative pre-copy then stop-and-copy"),
    /** Resume on the target first and fetch missing pages on fault, with a background push. */
    POST_COPY("post-copy: resume on the target, fetch pages on fault"),
    /** Switch a running pre-copy migration to post-copy at a moment the policy chooses. */
    POSTCOPY_SWITCH("switch a running pre-copy to post-copy"),
    /** The policy is consulted after every pre-copy round and decides the next step. */
    ROUND_CONTROL("policy decides after every pre-copy round"),
    /** The policy chooses which pages a round sends, in which order, and which it defers. */
    PAGE_ORDER("policy chooses the pages of each round and their order"),
    /** A maximum downtime can be imposed on the hypervisor's own stop-and-copy decision. */
    DOWNTIME_LIMIT("hypervisor accepts a downtime limit"),
    /** The migration's bandwidth can be capped. */
    BANDWIDTH_LIMIT("hypervisor accepts a bandwidth cap"),
    /** The hypervisor measures and reports the guest's dirty-page rate. */
    DIRTY_RATE_METRIC("hypervisor reports a measured dirty-page rate"),
    /** A migration in flight can be cancelled, leaving the VM running on its source. */
    CANCEL("a migration in flight can be cancelled");

    private final String description;

    Capability(String description) {
        this.description = description;
    }

    /** @return one line saying what the capability allows, for shell output and error messages */
    public String description() {
        return description;
    }
}
