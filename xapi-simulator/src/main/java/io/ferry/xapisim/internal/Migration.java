package io.ferry.xapisim.internal;

import io.ferry.simcluster.MigrationLink;
import java.util.List;

/**
 * One {@code VM.pool_migrate} in flight or ended: its engine run (the memory it reserves on the target is the
 * cluster's), the
 * task that reports it (none for a synchronous call) and the faults drawn for it. Guarded by the pool's lock.
 */
final class Migration {

    final int sequence;
    final Model.Vm vm;
    final Model.Host source;
    final Model.Host target;
    /** The task of an asynchronous call, or null for a synchronous one. */
    final Model.Task task;
    /** The key in the VM's {@code current_operations}: the task's reference, or a {@code DummyRef:} for a sync call. */
    final String operationRef;
    final double start;
    /** The engine run; dropped when it ends. */
    MigrationLink.Run run;
    /** Simulated time at which an injected failure strikes, +∞ for none. */
    double failAt;
    /** Simulated time at which an injected outage of the target strikes, +∞ for none. */
    double offlineAt;

    /** Null while it runs; then SUCCESS, FAILURE or CANCELLED. */
    Model.TaskStatus outcome;
    List<String> errorInfo = List.of();
    double end = Double.NaN;
    /** Where the VM was when the migration ended (read from the VM, not inferred from the outcome). */
    Model.Host finalHost;
    /** The engine's figures once it ended. */
    int rounds;
    double downtime;
    long bytesSent;

    Migration(int sequence, Model.Vm vm, Model.Host source, Model.Host target, Model.Task task, String operationRef,
            double start, MigrationLink.Run run, double failAt, double offlineAt) {
        this.sequence = sequence;
        this.vm = vm;
        this.source = source;
        this.target = target;
        this.task = task;
        this.operationRef = operationRef;
        this.start = start;
        this.run = run;
        this.failAt = failAt;
        this.offlineAt = offlineAt;
    }

    boolean ended() {
        return outcome != null;
    }
}
