package io.ferry.engine;

import io.ferry.api.MigrationSteering;
import io.ferry.api.model.Capability;
import io.ferry.api.model.MigrationProgress;
import io.ferry.api.model.MigrationRequest;
import io.ferry.engine.internal.MigrationRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The discrete-event loop: migrations that share one link, each granted an equal share of its bandwidth while
 * it transfers (processor sharing); each migration achieves what the settings' {@link HypervisorModel} makes of
 * its share (its rate limiter's efficiency, an unthrottled pause). Between two events every share is constant, so each run advances
 * analytically to the next event and the loop costs O(runs) per event.
 *
 * <p>Not thread-safe; one owner drives it.
 */
public final class SharedLinkSimulation {

    private final double bandwidth;
    private final Set<Capability> capabilities;
    private final EngineSettings settings;
    private final List<MigrationRun> runs = new ArrayList<>();
    private double now;

    /**
     * @param bandwidthBytesPerSec the link's bandwidth, shared equally by the migrations transferring on it
     * @param capabilities         what the simulated hypervisor offers (the engine can do everything; a
     *                             XenServer-like pool offers {@code PRE_COPY} only)
     * @param settings             engine settings
     */
    public SharedLinkSimulation(double bandwidthBytesPerSec, Set<Capability> capabilities, EngineSettings settings) {
        this.bandwidth = bandwidthBytesPerSec;
        this.capabilities = Set.copyOf(capabilities);
        this.settings = settings;
    }

    /** @return the simulated time, in seconds */
    public double now() {
        return now;
    }

    /**
     * Starts a migration now. The steering's {@code begin} is called at once. The migration gets an equal
     * share of this link's bandwidth whatever its request says; the request's link is what the policy was told
     * to expect (its RTT and compression ratio apply as given).
     *
     * @param request   the migration
     * @param dirtying  how the guest writes while it migrates
     * @param steering  the policy's decisions for this migration
     * @param seed      the seed of the guest's writes
     * @param pageLevel whether to track page-level statistics and offer the steering a {@code PageView}
     *                  (for policies that use {@code PAGE_ORDER}; costs memory and time per write)
     * @return its index, for {@link #result(int)} and {@link #progress(int)}
     */
    public int start(MigrationRequest request, DirtyingModel dirtying, MigrationSteering steering, long seed,
            boolean pageLevel) {
        return start(request, dirtying, 0, steering, seed, pageLevel);
    }

    /**
     * Starts a migration now, as {@link #start(MigrationRequest, DirtyingModel, MigrationSteering, long, boolean)},
     * of a guest whose top {@code zeroMemoryBytes} of memory hold only zeros (see
     * {@link EngineScenario#zeroMemoryBytes()}).
     *
     * @return its index
     */
    public int start(MigrationRequest request, DirtyingModel dirtying, long zeroMemoryBytes,
            MigrationSteering steering, long seed, boolean pageLevel) {
        return start(request, dirtying, zeroMemoryBytes, 0, steering, seed, pageLevel);
    }

    /**
     * Starts a migration now, as {@link #start(MigrationRequest, DirtyingModel, long, MigrationSteering, long,
     * boolean)}, with the zero memory below the top {@code nonZeroTopBytes} (see
     * {@link EngineScenario#nonZeroTopBytes()}).
     *
     * @return its index
     */
    public int start(MigrationRequest request, DirtyingModel dirtying, long zeroMemoryBytes, long nonZeroTopBytes,
            MigrationSteering steering, long seed, boolean pageLevel) {
        if (zeroMemoryBytes < 0 || zeroMemoryBytes > request.memoryBytes()) {
            throw new IllegalArgumentException("zeroMemoryBytes = " + zeroMemoryBytes + ": must be in [0, "
                    + request.memoryBytes() + "] (the memory)");
        }
        if (nonZeroTopBytes < 0 || nonZeroTopBytes > request.memoryBytes() - zeroMemoryBytes) {
            throw new IllegalArgumentException("nonZeroTopBytes = " + nonZeroTopBytes + ": must be in [0, "
                    + (request.memoryBytes() - zeroMemoryBytes) + "] (the memory that is not zero)");
        }
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        runs.add(new MigrationRun(request, dirtying, steering, capabilities, settings, rng, now, pageLevel,
                (int) (zeroMemoryBytes / request.pageSizeBytes()), (int) (nonZeroTopBytes / request.pageSizeBytes())));
        return runs.size() - 1;
    }

    /** @return whether every started migration has finished */
    public boolean idle() {
        for (MigrationRun r : runs) {
            if (!r.done()) {
                return false;
            }
        }
        return true;
    }

    /** @return whether migration {@code index} has finished */
    public boolean done(int index) {
        return runs.get(index).done();
    }

    /** @return the time of the next event, +∞ when idle */
    public double nextEventTime() {
        int active = active();
        if (active == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double share = bandwidth / active;
        double next = Double.POSITIVE_INFINITY;
        for (MigrationRun r : runs) {
            if (!r.done()) {
                next = Math.min(next, r.nextEventTime(now, share));
            }
        }
        return next;
    }

    /** Advances simulated time to {@code until}, handling every event on the way. */
    public void advanceTo(double until) {
        while (now < until) {
            int active = active();
            if (active == 0) {
                now = until;
                return;
            }
            double share = bandwidth / active;
            double next = Math.min(until, nextEventTime());
            for (MigrationRun r : runs) {
                if (!r.done()) {
                    r.advance(now, next, share);
                }
            }
            now = next;
            for (MigrationRun r : runs) {
                if (!r.done()) {
                    r.fire(now, share);
                }
            }
        }
    }

    /** Runs until every started migration has finished. */
    public void runToCompletion() {
        while (!idle()) {
            advanceTo(nextEventTime());
        }
    }

    private int active() {
        int n = 0;
        for (MigrationRun r : runs) {
            if (!r.done()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Cancels migration {@code index} now if its VM still runs on the source (pre-copy); see
     * {@link MigrationRun#cancel(double)}.
     *
     * @return whether it was cancelled; false when it had finished or is past the point of no return
     */
    public boolean cancel(int index) {
        MigrationRun r = runs.get(index);
        return !r.done() && r.cancel(now);
    }

    /** @return the live progress of migration {@code index} */
    public MigrationProgress progress(int index) {
        return runs.get(index).progress(now);
    }

    /** @return the outcome of a finished migration {@code index} */
    public RunResult result(int index) {
        MigrationRun r = runs.get(index);
        if (!r.done()) {
            throw new IllegalStateException("migration " + index + " has not finished");
        }
        return new RunResult(r.technique(), r.metrics(), r.rounds(), r.notes(), r.pausedBytes(), r.cancelled(), r.start(),
                r.end(), r.fallback());
    }

    /** @return how many migrations were started */
    public int size() {
        return runs.size();
    }
}
