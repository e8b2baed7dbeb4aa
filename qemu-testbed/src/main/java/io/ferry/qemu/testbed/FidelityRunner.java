package io.ferry.qemu.testbed;

import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationCost;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.VmId;
import io.ferry.compare.Comparison;
import io.ferry.compare.ComparisonRunner;
import io.ferry.compare.EngineProfile;
import io.ferry.compare.FidelityRow;
import io.ferry.compare.GuestScenario;
import io.ferry.compare.ResultRow;
import io.ferry.compare.RowAggregate;
import io.ferry.engine.EngineScenario;
import io.ferry.engine.EngineSettings;
import io.ferry.engine.LiveMigrationEngine;
import io.ferry.qemu.DirtyRateSample;
import io.ferry.qemu.GuestSpec;
import io.ferry.qemu.Heartbeat;
import io.ferry.qemu.RateStep;
import io.ferry.qemu.WriterMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs scenarios stated as real guests ({@link GuestScenario}) both ways: on the QEMU testbed, {@code runs} times per
 * policy, and in the engine under a calibration profile, from the same definition; returns one {@link FidelityRow}
 * per scenario and policy (the real medians and ranges beside the simulated figures).
 *
 * <p>On the testbed, each scenario boots its guests once (all on host-a; {@code concurrent} guests for a shared link,
 * each capped at its share), samples their dirty rate with calc-dirty-rate (what the policies are told), then chains
 * the migrations: run 1 of every policy, run 2 of every policy, and so on, each guest moving to the next host; a
 * scheduled (bursty) guest is migrated at the start of its cycle, as the engine's phases start. Every migration is
 * checked afterwards (alive, a full integrity pass, no corrupted page). The guests run the workload with 20 ms
 * heartbeats and a 1 s integrity pass, as the profile's calibration did.
 *
 * <p>The engine runs each scenario and policy once with the runner's seed: {@code profile.apply(scenario.toEngine(
 * profile))} on {@code profile.engine()}, its settings and its hypervisor's capabilities. Cost: the real migrations (seconds each, one at a
 * time); the engine's share is negligible. Not thread-safe.
 */
public final class FidelityRunner {

    /** Heartbeat period of the fidelity guests, ms. */
    public static final int HEARTBEAT_MILLIS = 20;
    /** Seconds per integrity pass of the fidelity guests (the profile was calibrated with the same). */
    public static final int CHECK_SECONDS = 1;
    /** calc-dirty-rate samples per guest before the first migration. */
    public static final int DIRTY_RATE_SAMPLES = 5;

    /** Hears the runner's progress. */
    public interface Listener {
        /** A line worth showing (a boot, a migration's summary). */
        void line(String text);
    }

    private final Testbed testbed;
    private final EngineProfile profile;
    private final List<MigrationPolicy> policies;
    private final int runs;
    private final long seed;
    private final Listener listener;
    private final Duration precopyTimeout;

    /**
     * @param testbed  an open testbed whose pool cap is at least every scenario's cap
     * @param profile  the profile the engine runs under
     * @param policies the policies, at least one
     * @param runs     real migrations per scenario and policy, 1 to 20
     * @param seed     the engine's seed
     * @param listener hears progress
     */
    public FidelityRunner(Testbed testbed, EngineProfile profile, List<MigrationPolicy> policies, int runs, long seed,
            Listener listener) {
        this(testbed, profile, policies, runs, seed, listener, DEFAULT_PRECOPY_TIMEOUT);
    }

    /** The testbed's pre-copy timeout {@link FidelityCommand} sets by default, seconds. */
    public static final Duration DEFAULT_PRECOPY_TIMEOUT = Duration.ofSeconds(90);

    /**
     * @param precopyTimeout the testbed's pre-copy timeout (its pool's {@code migrationTimeoutSeconds}): a real
     *                       pre-copy still running then is cancelled, not converged; the engine gets the same time
     *                       bound ({@code maxSimulatedTime}), so a run that does not converge by then is not
     *                       converged on either side
     * @see #FidelityRunner(Testbed, EngineProfile, List, int, long, Listener)
     */
    public FidelityRunner(Testbed testbed, EngineProfile profile, List<MigrationPolicy> policies, int runs, long seed,
            Listener listener, Duration precopyTimeout) {
        this.precopyTimeout = Objects.requireNonNull(precopyTimeout, "precopyTimeout");
        if (precopyTimeout.isNegative() || precopyTimeout.isZero()) {
            throw new IllegalArgumentException("precopyTimeout = " + precopyTimeout + ": must be > 0");
        }
        this.testbed = Objects.requireNonNull(testbed, "testbed");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.policies = List.copyOf(policies);
        if (this.policies.isEmpty()) {
            throw new IllegalArgumentException("policies: at least one is needed");
        }
        if (runs < 1 || runs > 20) {
            throw new IllegalArgumentException("runs = " + runs + ": must be in [1, 20]");
        }
        this.runs = runs;
        this.seed = seed;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** @return the testbed guest of {@code scenario}'s guest number {@code index} */
    public static GuestSpec guestSpec(GuestScenario scenario, int index) {
        WriterMode mode = switch (scenario.writer()) {
            case IDLE -> WriterMode.IDLE;
            case UNIFORM -> WriterMode.UNIFORM;
            case SWEEP -> WriterMode.SWEEP;
            case HOT_COLD -> WriterMode.HOT_COLD;
        };
        String name = scenario.concurrent() == 1 ? scenario.name() : scenario.name() + "-" + index;
        return GuestSpec.of(name, scenario.guestMiB(), scenario.workloadMiB())
                .withWriter(mode, scenario.writesPerSecond(), scenario.hotSetMiB())
                .withHotPercent(scenario.hotPercent())
                .withSchedule(scenario.schedule().stream().map(s -> new RateStep(s.writesPerSecond(), s.seconds()))
                        .toList())
                .withHeartbeat(HEARTBEAT_MILLIS, CHECK_SECONDS)
                .withSeed(1 + index);
    }

    /**
     * @return the engine's row of {@code scenario} under {@code policy} with this runner's profile and seed, its
     *         time bound the testbed's pre-copy timeout
     */
    public ResultRow simulate(GuestScenario scenario, MigrationPolicy policy) throws InterruptedException {
        EngineScenario s = profile.apply(scenario.toEngine(profile));
        EngineSettings p = profile.settings();
        EngineSettings bounded = new EngineSettings(p.roundSyncCost(), p.maxRounds(), precopyTimeout,
                p.ownMaxRounds(), p.ownTargetDirtyPages(), p.hypervisor());
        Comparison c = new ComparisonRunner(new LiveMigrationEngine(bounded, profile.capabilities()), 1)
                .run(List.of(s), List.of(policy), seed);
        return c.rows().get(0);
    }

    /**
     * Runs every scenario, real then simulated.
     *
     * @throws HypervisorException when the testbed refuses a boot or a migration gives no outcome (an error of the
     *                             testbed, not a result)
     */
    public List<FidelityRow> run(List<GuestScenario> scenarios) throws HypervisorException, InterruptedException {
        return run(scenarios, s -> policies);
    }

    /** {@link #run(List)} with each scenario's own policies. */
    public List<FidelityRow> run(List<GuestScenario> scenarios,
            java.util.function.Function<GuestScenario, List<MigrationPolicy>> policiesOf)
            throws HypervisorException, InterruptedException {
        List<FidelityRow> rows = new ArrayList<>();
        for (GuestScenario scenario : scenarios) {
            rows.addAll(run(scenario, policiesOf.apply(scenario)));
        }
        return rows;
    }

    /** Runs one scenario; see {@link #run(List)}. */
    public List<FidelityRow> run(GuestScenario scenario) throws HypervisorException, InterruptedException {
        return run(scenario, policies);
    }

    /** Runs one scenario with these policies; see {@link #run(List)}. */
    public List<FidelityRow> run(GuestScenario scenario, List<MigrationPolicy> policies)
            throws HypervisorException, InterruptedException {
        if (policies.isEmpty()) {
            throw new IllegalArgumentException(scenario.name() + ": no policy to run");
        }
        Map<String, List<ResultRow>> real = new LinkedHashMap<>();
        Map<String, Long> corrupted = new LinkedHashMap<>();
        policies.forEach(p -> {
            real.put(p.name(), new ArrayList<>());
            corrupted.put(p.name(), 0L);
        });
        List<VmId> vms = new ArrayList<>();
        try {
            for (int i = 0; i < scenario.concurrent(); i++) {
                GuestSpec spec = guestSpec(scenario, i);
                Duration boot = testbed.boot(spec, Testbed.host(0));
                vms.add(new VmId(spec.name()));
                listener.line(String.format("%s: booted %s on %s in %.1f s", scenario.name(), spec.name(),
                        Testbed.host(0), boot.toMillis() / 1e3));
            }
            List<DirtyBehaviour> told = new ArrayList<>();
            for (int i = 0; i < vms.size(); i++) {
                List<DirtyRateSample> samples = testbed.sampleDirtyRate(vms.get(i), DIRTY_RATE_SAMPLES,
                        TestbedScenario.DEFAULT_WINDOW);
                told.add(Testbed.dirtying(guestSpec(scenario, i), samples));
                listener.line(String.format("%s: %s dirty rate %s pages/s (calc-dirty-rate, 200 ms)", scenario.name(),
                        vms.get(i), samples.stream().map(s -> Long.toString(Math.round(s.pagesPerSecond())))
                                .collect(Collectors.joining(", "))));
            }
            Map<VmId, Long> corruptSeen = new LinkedHashMap<>();
            vms.forEach(v -> corruptSeen.put(v, lastCorrupt(v)));
            for (int run = 1; run <= runs; run++) {
                for (MigrationPolicy policy : policies) {
                    waitForCycleStart(scenario, vms.get(0));
                    List<Testbed.InFlight> flights = new ArrayList<>();
                    for (int i = 0; i < vms.size(); i++) {
                        VmId vm = vms.get(i);
                        HostId at = testbed.pool().snapshot().vm(vm).flatMap(io.ferry.api.model.VmState::residentOn)
                                .orElseThrow(() -> new HypervisorException("VM_NOT_RUNNING", vm + " runs nowhere", null));
                        HostId next = Testbed.host(Testbed.HOSTS.indexOf(at.value()) + 1);
                        flights.add(testbed.start(vm, next, policy, scenario.capPerMigrationMiBps(),
                                scenario.postcopyCapPerMigrationMiBps(), scenario.downtimeBudget(), told.get(i)));
                    }
                    List<MeasuredMigration> measured = new ArrayList<>();
                    for (Testbed.InFlight f : flights) {
                        measured.add(testbed.await(f));
                    }
                    long newlyCorrupt = 0;
                    for (MeasuredMigration m : measured) {
                        VmId vm = m.request().vm();
                        long now = Math.max(m.integrity().corruptPages(), lastCorrupt(vm));
                        newlyCorrupt += Math.max(0, now - corruptSeen.get(vm));
                        corruptSeen.put(vm, now);
                        listener.line(String.format("%s run %d: %s", scenario.name(), run, m.summary()));
                    }
                    real.get(policy.name()).add(realRow(scenario, measured));
                    corrupted.merge(policy.name(), newlyCorrupt, Long::sum);
                }
            }
        } finally {
            vms.forEach(testbed::stop);
        }
        List<FidelityRow> rows = new ArrayList<>();
        for (MigrationPolicy policy : policies) {
            rows.add(FidelityRow.ofRuns(real.get(policy.name()), corrupted.get(policy.name()),
                    simulate(scenario, policy)));
        }
        return rows;
    }

    private long lastCorrupt(VmId vm) {
        List<Heartbeat> hb = testbed.pool().heartbeats(vm);
        return hb.isEmpty() ? 0 : hb.get(hb.size() - 1).corruptPages();
    }

    /**
     * Waits until a scheduled guest is at the start of its cycle (its heartbeats carry its clock), so that the real
     * migration starts in the phase the engine's phases start in.
     */
    private void waitForCycleStart(GuestScenario scenario, VmId vm) throws InterruptedException {
        int cycle = scenario.cycleSeconds() * 1000;
        if (cycle == 0) {
            return;
        }
        List<Heartbeat> hb = testbed.pool().heartbeats(vm);
        if (hb.isEmpty()) {
            return;
        }
        Heartbeat last = hb.get(hb.size() - 1);
        long sinceRead = (System.nanoTime() - last.hostNanos()) / 1_000_000;
        long guestNow = last.guestMillis() + sinceRead;
        long wait = Math.floorMod(-guestNow, cycle);
        Thread.sleep(wait);
    }

    /**
     * @return one row of the real migrations of one scenario and policy (several when guests migrate together:
     *         aggregated as compare's rows are: makespan, the longest pause, summed bytes, pages and faults)
     */
    static ResultRow realRow(GuestScenario scenario, List<MeasuredMigration> measured) {
        RowAggregate group = new RowAggregate();
        List<String> notes = new ArrayList<>();
        for (MeasuredMigration m : measured) {
            Optional<MigrationCost> predicted = Optional.of(m.plan().predicted());
            Optional<MigrationMetrics> metrics = m.outcome().metrics();
            if (metrics.isPresent()) {
                group.add(0, metrics.get(), m.outcome().technique(), predicted);
            } else {
                // cancelled or failed: the time until the cancel, and what was sent meanwhile
                group.addUnfinished(0, m.report().totalTime(), m.report().transferredBytes(), m.report().rounds(),
                        m.outcome().technique(), predicted);
            }
            if (m.outcome().status() != MigrationOutcome.Status.COMPLETED || !m.integrity().intact()) {
                notes.add(m.outcome().status() + ": " + m.outcome().detail() + "; " + m.integrity().message());
            }
        }
        return group.row(scenario.name(), measured.get(0).policy(), (long) scenario.guestMiB() << 20,
                scenario.capMiBps() * (1 << 20), scenario.concurrent(), ms(scenario.downtimeBudget()), 1, notes);
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
