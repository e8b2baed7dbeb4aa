package io.ferry.xapisim;

import java.util.List;
import java.util.Objects;

/**
 * One {@code VM.pool_migrate} the simulator accepted, as the simulator itself saw it: where the VM was asked to
 * go, what clients were told, and where the VM really ended. For tests and demos that check a client against the
 * ground truth (a migration reported as a success must have moved its VM; any other outcome must leave it on its
 * source).
 *
 * @param operation     the task reference of an asynchronous call, or the {@code DummyRef:} of a synchronous one
 * @param vmUuid        the VM
 * @param sourceUuid    the host it ran on when the migration started
 * @param targetUuid    the host it was asked to move to
 * @param async         whether it was started by {@code Async.VM.pool_migrate}
 * @param status        what clients are told
 * @param errorInfo     the error reported for a failed or cancelled migration (empty otherwise)
 * @param finalHostUuid where the VM runs now (its source while the migration runs)
 * @param startSeconds  simulated seconds after the simulator's epoch at which it started
 * @param endSeconds    when it ended, NaN while it runs
 * @param rounds        pre-copy rounds the engine ran (so far, for one that failed or was cancelled); 0 while it
 *                      runs
 * @param downtimeSeconds how long the VM was paused for the hand-over; 0 unless it succeeded
 * @param bytesSent     bytes the migration put on the wire; 0 while it runs
 */
public record MigrationRecord(String operation, String vmUuid, String sourceUuid, String targetUuid, boolean async,
        Status status, List<String> errorInfo, String finalHostUuid, double startSeconds, double endSeconds,
        int rounds, double downtimeSeconds, long bytesSent) {

    /** What clients are told of a migration. */
    public enum Status {
        /** Still in flight; its task is {@code pending}. */
        RUNNING,
        /** Completed: the VM runs on the target. */
        SUCCESS,
        /** Failed: the VM still runs on its source. */
        FAILURE,
        /** Cancelled in pre-copy: the VM still runs on its source. */
        CANCELLED
    }

    public MigrationRecord {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(status, "status");
        errorInfo = List.copyOf(errorInfo);
    }
}
