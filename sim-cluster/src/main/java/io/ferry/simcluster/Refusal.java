package io.ferry.simcluster;

/**
 * Why a cluster refuses to start a migration, with the figures a front end quotes. Each front end turns it into
 * its own error (sim-pool a {@code HypervisorException}, the XAPI simulator xapi's error codes).
 *
 * @param reason    which check failed
 * @param needed    for {@link Reason#NOT_ENOUGH_MEMORY}: the bytes the migration would reserve; else 0
 * @param available for {@link Reason#NOT_ENOUGH_MEMORY}: the bytes free on the target; else 0
 */
public record Refusal(Reason reason, long needed, long available) {

    /** The checks of {@link Cluster#check}, in the order it makes them (xapi's order). */
    public enum Reason {
        /** The VM is halted (xapi's {@code VM_BAD_POWER_STATE}). */
        NOT_RUNNING,
        /** The VM is already migrating ({@code OTHER_OPERATION_IN_PROGRESS}). */
        MIGRATING,
        /** The target is in maintenance ({@code HOST_DISABLED}). */
        TARGET_DISABLED,
        /** The target is offline ({@code HOST_OFFLINE}). */
        TARGET_OFFLINE,
        /** The VM's host is offline ({@code HOST_OFFLINE}). */
        SOURCE_OFFLINE,
        /** The VM is not on the host the request names ({@code VM_NOT_RESIDENT_HERE}). */
        NOT_RESIDENT,
        /** The target has too little free memory ({@code HOST_NOT_ENOUGH_FREE_MEMORY}). */
        NOT_ENOUGH_MEMORY
    }

    static Refusal of(Reason reason) {
        return new Refusal(reason, 0, 0);
    }
}
