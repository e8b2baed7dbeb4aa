package io.ferry.api.model;

import java.util.Optional;

/**
 * How a migration ended. Whatever the status, {@code finalHost} is the one host the VM runs on afterwards:
 * the target when completed, the source when failed or cancelled.
 *
 * @param id        the migration
 * @param vm        the VM
 * @param source    where it started
 * @param target    where it was meant to go
 * @param status    how it ended
 * @param finalHost where the VM runs now
 * @param technique the technique actually executed (on XenServer always {@link Technique#PRE_COPY})
 * @param metrics   the measured cost, present when the hypervisor reported one
 * @param detail    one line for the operator: the hypervisor's error code and its meaning on failure
 * @param fallback  present when the policy's steering failed (threw, answered nothing, or its classes were gone
 *                  with its bundle) and the engine finished the migration by its own fallback, usually
 *                  stop-and-copy: one line saying when and why. Such an outcome is never a plain completion: its
 *                  pause and cost are the fallback's, not the policy's
 * @since 1.2 ({@code fallback})
 */
public record MigrationOutcome(MigrationId id, VmId vm, HostId source, HostId target, Status status,
        HostId finalHost, Technique technique, Optional<MigrationMetrics> metrics, String detail,
        Optional<String> fallback) {

    /** How a migration ended. */
    public enum Status {
        /** The VM runs on the target. */
        COMPLETED,
        /** The hypervisor refused or aborted; the VM runs on the source. */
        FAILED,
        /** Cancelled by Ferry or an operator; the VM runs on the source. */
        CANCELLED
    }

    /** An outcome the policy steered to its end (no fallback). */
    public MigrationOutcome(MigrationId id, VmId vm, HostId source, HostId target, Status status, HostId finalHost,
            Technique technique, Optional<MigrationMetrics> metrics, String detail) {
        this(id, vm, source, target, status, finalHost, technique, metrics, detail, Optional.empty());
    }

    public MigrationOutcome {
        Require.nonNull(id, "id");
        Require.nonNull(vm, "vm");
        Require.nonNull(source, "source");
        Require.nonNull(target, "target");
        Require.nonNull(status, "status");
        Require.nonNull(finalHost, "finalHost");
        Require.nonNull(technique, "technique");
        Require.nonNull(metrics, "metrics");
        Require.nonNull(detail, "detail");
        Require.nonNull(fallback, "fallback");
        HostId expected = status == Status.COMPLETED ? target : source;
        if (!finalHost.equals(expected)) {
            throw new IllegalArgumentException("finalHost = " + finalHost + ": a " + status
                    + " migration leaves the VM on " + expected);
        }
    }

    /** @return whether the engine finished the migration by its fallback after the policy's steering failed */
    public boolean fellBack() {
        return fallback.isPresent();
    }
}
