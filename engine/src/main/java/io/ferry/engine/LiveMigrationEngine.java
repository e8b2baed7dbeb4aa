package io.ferry.engine;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.MigrationSteering;
import io.ferry.api.model.Capability;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.MigrationRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a {@link MigrationPolicy} on an {@link EngineScenario} in the page-level engine and reports the
 * policy's prediction beside the measured outcome. By default the engine offers every {@link Capability}: round
 * control, page order, post-copy and the switch; it can simulate a hypervisor that offers less.
 *
 * <p>The settings' {@link HypervisorModel} decides how far the simulated hypervisor departs from the ideal link
 * (the default is the ideal); a calibration profile sets it from measurements of a real one.
 *
 * <p>Deterministic: migration {@code i} of a scenario runs with seed {@link #seedOf(long, int)}, so the same
 * scenario, policy and seed give identical results. Cost: O(guest writes + pages sent) per migration; heap
 * about half a byte per page of each migration (its bitsets), 8 more with page-level statistics, 4 more when it may
 * switch to post-copy, plus a page-ordering policy's work during a decision; {@link #heapBytes} computes it up
 * front without allocating, so that a caller can refuse or queue what does not fit. See the benchmarks for
 * measured times.
 */
public final class LiveMigrationEngine {

    /**
     * Heap per page a policy that orders pages may allocate during one decision, bytes: the copy of the pending
     * pages it is given (an int each) and its own per-page work; 48 covers the hybrid policy's clustering (three
     * double features, the cluster members and their copies). One decision runs at a time per simulation.
     */
    public static final long DECISION_BYTES_PER_PAGE = 48;
    /** Heap per page, bytes, a migration briefly holds while it switches to post-copy (the push order being built). */
    public static final long SWITCH_BYTES_PER_PAGE = 9;

    /** Everything: the engine can do what any policy asks. */
    public static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.allOf(Capability.class));

    private final EngineSettings settings;
    private final Set<Capability> capabilities;

    /** An engine with default settings. */
    public LiveMigrationEngine() {
        this(new EngineSettings());
    }

    /** @param settings the engine's settings, including its hypervisor model; the engine offers every capability */
    public LiveMigrationEngine(EngineSettings settings) {
        this(settings, CAPABILITIES);
    }

    /**
     * An engine that simulates a hypervisor offering only {@code capabilities} (QEMU, for one, offers no
     * {@code PAGE_ORDER}): policies are told so, page-level statistics are kept only with {@code PAGE_ORDER}, and a
     * decision the hypervisor cannot execute ends in stop-and-copy with a note.
     *
     * @param settings     the engine's settings
     * @param capabilities what the simulated hypervisor offers; must include {@code PRE_COPY}
     */
    public LiveMigrationEngine(EngineSettings settings, Set<Capability> capabilities) {
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
        this.capabilities = Set.copyOf(capabilities);
        if (!this.capabilities.contains(Capability.PRE_COPY)) {
            throw new IllegalArgumentException("capabilities = " + this.capabilities + ": must include PRE_COPY");
        }
    }

    /** @return the engine's settings */
    public EngineSettings settings() {
        return settings;
    }

    /** @return what the simulated hypervisor offers */
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /**
     * Simulates the scenario's migrations (all starting together on the shared link) under {@code policy}.
     *
     * @return one result per migration of the scenario, in index order
     */
    public List<SimulationResult> simulate(EngineScenario scenario, MigrationPolicy policy, long seed) {
        SharedLinkSimulation sim = new SharedLinkSimulation(scenario.link().bandwidthBytesPerSec(), capabilities,
                settings);
        List<Optional<MigrationPlan>> plans = new ArrayList<>();
        List<String> planFailures = new ArrayList<>();
        for (int i = 0; i < scenario.concurrentMigrations(); i++) {
            MigrationRequest request = scenario.request(i);
            Optional<MigrationPlan> plan;
            String failure = null;
            try {
                plan = Optional.of(policy.plan(request));
            } catch (RuntimeException e) {
                plan = Optional.empty();
                failure = "policy could not plan: " + e;
            }
            plans.add(plan);
            planFailures.add(failure);
            MigrationSteering steering = policy.steer(request, capabilities);
            boolean pageLevel = pageLevel(policy);
            sim.start(request, scenario.dirtying(), scenario.zeroMemoryBytes(), scenario.nonZeroTopBytes(), steering,
                    seedOf(seed, i), pageLevel);
        }
        sim.runToCompletion();
        List<SimulationResult> results = new ArrayList<>();
        for (int i = 0; i < scenario.concurrentMigrations(); i++) {
            RunResult run = sim.result(i);
            if (planFailures.get(i) != null) {
                List<String> notes = new ArrayList<>(run.notes());
                notes.add(0, planFailures.get(i));
                run = new RunResult(run.technique(), run.metrics(), run.rounds(), notes, run.pausedBytes(), run.cancelled(),
                        run.start(),
                        run.end(), run.fallback());
            }
            results.add(new SimulationResult(scenario.name(), policy.name(), i, seedOf(seed, i), scenario.request(i),
                    plans.get(i), run));
        }
        return results;
    }

    /**
     * The heap {@link #simulate} needs for {@code scenario} under {@code policy}, computed without allocating it:
     * every concurrent migration's page state (see the class comment) plus what one decision at a time may
     * allocate. An estimate of the engine's own arrays, not of the JVM's overhead or of a policy's unusual needs;
     * cost O(phases or replayed samples of the dirtying model).
     *
     * @return bytes
     */
    public long heapBytes(EngineScenario scenario, MigrationPolicy policy) {
        MigrationRequest request = scenario.request(0);
        boolean pageLevel = pageLevel(policy);
        boolean postcopy = mayPostcopy(policy);
        long perRun = io.ferry.engine.internal.MigrationRun.heapBytes(request, scenario.dirtying(),
                scenario.zeroMemoryBytes(), settings, pageLevel, postcopy);
        long decision = (pageLevel ? DECISION_BYTES_PER_PAGE : 0) + (postcopy ? SWITCH_BYTES_PER_PAGE : 0);
        return scenario.concurrentMigrations() * perRun + decision * request.pageCount();
    }

    /** @return whether runs of {@code policy} keep page-level statistics: it may order pages and the engine lets it */
    private boolean pageLevel(MigrationPolicy policy) {
        return capabilities.contains(Capability.PAGE_ORDER)
                && (policy.requiredCapabilities().contains(Capability.PAGE_ORDER)
                        || policy.optionalCapabilities().contains(Capability.PAGE_ORDER));
    }

    /** @return whether runs of {@code policy} may switch to post-copy: it declares it and the engine offers it */
    private boolean mayPostcopy(MigrationPolicy policy) {
        for (Capability c : List.of(Capability.POST_COPY, Capability.POSTCOPY_SWITCH)) {
            if (capabilities.contains(c) && (policy.requiredCapabilities().contains(c)
                    || policy.optionalCapabilities().contains(c))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the seed of migration {@code index} of a scenario run with {@code seed}: a SplitMix64 step, so
     *         neighbouring seeds give unrelated streams
     */
    public static long seedOf(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
