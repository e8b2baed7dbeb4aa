package io.ferry.simpool.internal;

import io.ferry.api.MigrationHandle;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationProgress;
import io.ferry.simcluster.MigrationLink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One migration in flight in a {@link SimulatedPool}: its engine run, its memory reservation on the target and
 * the outcome it will complete. Every mutable field is guarded by the pool's state lock; the handle's methods
 * take that lock through the pool and return at once.
 *
 * <p>Cost: a few fields while in flight; once ended, only the final progress (the engine's run is released).
 *
 * <p>The outcome stage handed out is a minimal stage of a private future, so callers cannot complete it: the
 * pool completes it exactly once.
 */
final class SimulatedMigration implements MigrationHandle {

    private final SimulatedPool pool;
    private final MigrationId id;
    private final int vm;
    private final int source;
    private final int target;
    private final long memoryBytes;
    /**
     * The engine run, dropped when it ends so that a handle kept in a history pins neither the engine's page
     * bitmaps nor the policy's steering (and with it the policy bundle's class loader); guarded by the pool lock.
     */
    private MigrationLink.Run run;
    private final CompletableFuture<MigrationOutcome> outcome = new CompletableFuture<>();
    private final CompletionStage<MigrationOutcome> publicOutcome = outcome.minimalCompletionStage();

    /** Simulated time at which an injected fault strikes, or {@link Long#MAX_VALUE}; guarded by the pool lock. */
    private long failAtNanos;
    /** The progress when it ended, null while in flight; guarded by the pool lock. */
    private MigrationProgress last;

    SimulatedMigration(SimulatedPool pool, MigrationId id, int vm, int source, int target, long memoryBytes,
            MigrationLink.Run run, long failAtNanos) {
        this.pool = pool;
        this.id = id;
        this.vm = vm;
        this.source = source;
        this.target = target;
        this.memoryBytes = memoryBytes;
        this.run = run;
        this.failAtNanos = failAtNanos;
    }

    @Override
    public MigrationId id() {
        return id;
    }

    @Override
    public MigrationProgress progress() {
        return pool.progressOf(this);
    }

    @Override
    public CompletionStage<MigrationOutcome> outcome() {
        return publicOutcome;
    }

    @Override
    public void cancel() {
        pool.cancel(this);
    }

    @Override
    public String toString() {
        return "SimulatedMigration[" + id + "]";
    }

    int vm() {
        return vm;
    }

    int source() {
        return source;
    }

    int target() {
        return target;
    }

    long memoryBytes() {
        return memoryBytes;
    }

    MigrationLink.Run run() {
        return run;
    }

    long failAtNanos() {
        return failAtNanos;
    }

    void clearFailure() {
        failAtNanos = Long.MAX_VALUE;
    }

    boolean finished() {
        return last != null;
    }

    MigrationProgress last() {
        return last;
    }

    void ended(MigrationProgress progress) {
        last = progress;
        run = null;
    }

    /** @return whether this call completed the outcome (false if it had been completed before) */
    boolean complete(MigrationOutcome result) {
        return outcome.complete(result);
    }
}
