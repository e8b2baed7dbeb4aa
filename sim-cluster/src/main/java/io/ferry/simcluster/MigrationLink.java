package io.ferry.simcluster;

import io.ferry.api.MigrationSteering;
import io.ferry.api.model.Capability;
import io.ferry.api.model.MigrationProgress;
import io.ferry.api.model.MigrationRequest;
import io.ferry.engine.DirtyingModel;
import io.ferry.engine.EngineSettings;
import io.ferry.engine.RunResult;
import io.ferry.engine.SharedLinkSimulation;
import java.util.Set;

/**
 * The cluster's migration network: the page-level engine's {@link SharedLinkSimulation}, whose bandwidth
 * concurrent migrations share, on the cluster's clock (times here are cluster seconds; the engine's own time
 * starts at 0 when a run starts on an idle link).
 *
 * <p>Decides nothing the engine does not: it only keeps the engine's memory bounded. The engine keeps every run
 * it started (about 9 bytes per page each); so whenever the link is idle, the next migration starts on a fresh
 * simulation, and a {@link Run} that ended lets go of it when its owner drops the run. While migrations overlap
 * without a pause, finished runs stay in the engine until the link is next idle. Cost: O(runs in the current
 * simulation) per event, as the engine.
 *
 * <p>Not thread-safe; the owner's lock guards it.
 */
public final class MigrationLink {

    private final double bandwidth;
    private final Set<Capability> capabilities;
    private final EngineSettings settings;
    private SharedLinkSimulation simulation;
    private double epoch;

    /**
     * @param bandwidthBytesPerSecond the link's bandwidth
     * @param capabilities            what the simulated hypervisor offers ({@code PRE_COPY} and {@code CANCEL}
     *                                only: the engine applies Xen's own pre-copy rule)
     * @param settings                the engine's settings
     */
    public MigrationLink(double bandwidthBytesPerSecond, Set<Capability> capabilities, EngineSettings settings) {
        this.bandwidth = bandwidthBytesPerSecond;
        this.capabilities = Set.copyOf(capabilities);
        this.settings = settings;
        this.simulation = fresh();
    }

    /** @return the link's bandwidth, in bytes per second */
    public double bandwidth() {
        return bandwidth;
    }

    /** @return the seconds {@code bytes} take alone on the link: a floor on any migration of them */
    public double aloneSeconds(long bytes) {
        return bytes / bandwidth;
    }

    /**
     * Starts a migration at cluster time {@code now}; the steering's {@code begin} is called at once.
     *
     * @throws RuntimeException whatever the engine throws for a request it cannot run
     * @see SharedLinkSimulation#start(MigrationRequest, DirtyingModel, MigrationSteering, long, boolean)
     */
    public Run start(double now, MigrationRequest request, DirtyingModel dirtying, MigrationSteering steering,
            long seed, boolean pageLevel) {
        if (simulation.idle()) {
            if (simulation.size() > 0) {
                simulation = fresh();
            }
            epoch = now - simulation.now();
        } else {
            simulation.advanceTo(now - epoch);
        }
        int index = simulation.start(request, dirtying, steering, seed, pageLevel);
        return new Run(simulation, index, epoch);
    }

    /** @return whether no migration is in flight */
    public boolean idle() {
        return simulation.idle();
    }

    /** @return the cluster time of the engine's next event (a round end, a completion), +∞ when idle */
    public double nextEventTime() {
        return simulation.idle() ? Double.POSITIVE_INFINITY : epoch + simulation.nextEventTime();
    }

    /** Advances the migrations in flight to cluster time {@code t}, handling every event on the way. */
    public void advanceTo(double t) {
        if (!simulation.idle()) {
            simulation.advanceTo(t - epoch);
        }
    }

    /** Runs every migration in flight to its end. */
    public void runToCompletion() {
        simulation.runToCompletion();
    }

    private SharedLinkSimulation fresh() {
        return new SharedLinkSimulation(bandwidth, capabilities, settings);
    }

    /** One migration on the link: its engine run and the cluster time its simulation started at. */
    public static final class Run {

        private final SharedLinkSimulation simulation;
        private final int index;
        private final double epoch;

        private Run(SharedLinkSimulation simulation, int index, double epoch) {
            this.simulation = simulation;
            this.index = index;
            this.epoch = epoch;
        }

        /** @return whether it has finished (completed or cancelled) */
        public boolean done() {
            return simulation.done(index);
        }

        /** @return whether it was cancelled now; false when it had finished or is past the point of no return */
        public boolean cancel() {
            return simulation.cancel(index);
        }

        /** @return its live progress */
        public MigrationProgress progress() {
            return simulation.progress(index);
        }

        /** @return the outcome of a finished run */
        public RunResult result() {
            return simulation.result(index);
        }

        /** @return the cluster time a finished run ended at */
        public double endSeconds() {
            return epoch + simulation.result(index).end();
        }
    }
}
