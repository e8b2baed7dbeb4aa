package io.ferry.compare;

import io.ferry.api.model.LinkSpec;
import io.ferry.engine.DirtyingModel;
import io.ferry.engine.EngineScenario;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The named scenario suites {@code ./ferry compare --suite NAME} runs.
 *
 * <p>{@code standard} covers the situations that separate the techniques, with realistic sizes (2–8 GiB VMs,
 * 1–10 Gbit/s links, 0.5 ms RTT, 4 KiB pages, 1 MiB of execution state, a 300 ms downtime budget):
 * <ul>
 * <li>{@code idle}: nothing to re-send; every technique should cost one pass over memory;</li>
 * <li>{@code moderate-writer}: 5 k pages/s on 1 Gbit/s; pre-copy converges in a few rounds;</li>
 * <li>{@code heavy-writer}: 50 k pages/s on 1 Gbit/s, faster than the link's 30.5 k pages/s, so pre-copy
 * cannot converge;</li>
 * <li>{@code hot-set-16mib}: 4,096 pages rewritten at 250 k writes/s (every page many times a second) with a
 * Zipf skew of 0.99;</li>
 * <li>{@code bursty}: 5 s at 1 k pages/s then 2 s at 80 k pages/s, repeated;</li>
 * <li>{@code database-8gib}: a 1 GiB Zipf-skewed working set at 400 k writes/s on 10 Gbit/s;</li>
 * <li>{@code shared-link-4x}: four moderate writers migrating at once over one 10 Gbit/s link.</li>
 * </ul>
 * {@code smoke} is a small, fast suite for tests.
 *
 * <p>{@code standard-tcg} is {@code standard} scaled to what QEMU under TCG can migrate on a 2-core machine, stated
 * as real guests ({@link GuestScenario}: 256-512 MiB guests running the testbed's workload program, 32-128 MiB/s
 * caps) so that the QEMU testbed and the engine run the same definitions; as engine scenarios it is derived with the
 * {@code qemu-tcg} profile's guest layout (kernel memory, zero pages, full-speed write rates):
 * <ul>
 * <li>{@code idle}: 512 MiB guest, 256 MiB of idle workload, 128 MiB/s;</li>
 * <li>{@code moderate-writer}: 512/256 MiB, 3 k uniform page writes/s, 64 MiB/s: pre-copy converges;</li>
 * <li>{@code heavy-writer}: 256/128 MiB, 40 k uniform writes/s, 64 MiB/s: some 29 k distinct pages (115 MiB) per
 * round against 19 MiB that fit the budget, so pre-copy cannot converge;</li>
 * <li>{@code hot-set-16mib}: 512/256 MiB, a 16 MiB hot set swept at full speed, 64 MiB/s;</li>
 * <li>{@code bursty}: 512/256 MiB, 3 s at 1 k writes/s then 2 s at 40 k, repeated, 64 MiB/s;</li>
 * <li>{@code skewed-64mib}: 512/256 MiB, 100 k writes/s, 90 % of them to a 64 MiB hot set, 128 MiB/s;</li>
 * <li>{@code shared-link-2x}: two 256 MiB guests (96 MiB workload, 3 k writes/s) migrating at once over 64 MiB/s,
 * each capped at its 32 MiB/s share.</li>
 * </ul>
 * {@code quick-tcg} is its idle, heavy-writer and hot-set scenarios, for {@code ./ferry fidelity --quick}.
 * Both caps are one value there (QEMU's max-bandwidth and max-postcopy-bandwidth), as they were measured.
 *
 * <p>{@code validation-tcg} is measured apart from the calibration (a different run, other guests and rates) to
 * say how well the {@code qemu-tcg} profile predicts migrations it was not built from; each scenario names the
 * policies it is run with ({@link #policiesFor}):
 * <ul>
 * <li>{@code edge-uniform-5k} ... {@code edge-uniform-30k}: a 512 MiB guest writing uniformly into 256 MiB of
 * random data at 5, 10, 15, 17, 18, 20, 25 and 30 k pages/s, 128 MiB/s, QEMU's 300 ms downtime limit, pre-copy
 * under QEMU's own stop rule and no round cap ({@value #QEMU_DEFAULT}); a run that does not converge is cancelled
 * at the fidelity command's timeout and reported as not converged;</li>
 * <li>{@code edge-hotset-10k} ... {@code edge-hotset-60k}: likewise, 90 % of the writes to a 64 MiB hot set, at 10,
 * 20, 25, 30, 35, 40 and 60 k pages/s;</li>
 * <li>{@code cap-32}, {@code cap-64}, {@code cap-128}, {@code cap-512}, {@code cap-unlimited}: the same guest with
 * 3 k uniform writes/s under those pre-copy caps and no post-copy cap (QEMU's default), pre-copy and post-copy:
 * the CPU-bound regime above some 300 MiB/s, and post-copy at the host's own rate;</li>
 * <li>{@code postcopy-capped-32}, {@code -64}, {@code -128}: the same guest in post-copy with
 * max-postcopy-bandwidth set to the cap;</li>
 * <li>{@code hybrid-64-capped}, {@code hybrid-64-uncapped}, {@code hybrid-128-capped}, {@code hybrid-128-uncapped}:
 * a 40 k writes/s uniform writer that pre-copy cannot converge, under the hybrid policy, with and without
 * max-postcopy-bandwidth.</li>
 * </ul>
 */
public final class ScenarioSuites {

    /** 1 Gbit/s in bytes per second. */
    public static final double GIGABIT = 1e9 / 8;
    /** The RTT of the suites' links. */
    public static final Duration RTT = Duration.ofNanos(500_000);

    private static final long GIB = 1L << 30;
    private static final int PAGE = EngineScenario.DEFAULT_PAGE_SIZE;
    private static final long STATE = EngineScenario.DEFAULT_EXECUTION_STATE_BYTES;
    private static final Duration BUDGET = EngineScenario.DEFAULT_DOWNTIME_BUDGET;

    private static final Map<String, List<EngineScenario>> SUITES = new TreeMap<>(Map.of(
            "standard", standard(),
            "smoke", smoke()));
    private static final Map<String, List<GuestScenario>> GUEST_SUITES = new TreeMap<>(Map.of(
            "standard-tcg", standardTcg(),
            "quick-tcg", quickTcg(),
            "validation-tcg", validationTcg()));

    /**
     * The name of the pre-copy run under QEMU's own stop rule and no round cap: the {@code precopy} policy with
     * {@code maxRounds} 1000, {@code targetDirtyPages} 0 and {@code stopWithinBudget} false, so that only the
     * hypervisor's own convergence (QEMU's: the pending pages fit bandwidth x downtime-limit) or the time bound
     * ends it, on QEMU and in the engine alike.
     */
    public static final String QEMU_DEFAULT = "qemu-default";

    /** The validation suite's name. */
    public static final String VALIDATION = "validation-tcg";

    private ScenarioSuites() {
    }

    /** @return the names of the suites, the guest suites included */
    public static Set<String> names() {
        Set<String> all = new java.util.TreeSet<>(SUITES.keySet());
        all.addAll(GUEST_SUITES.keySet());
        return all;
    }

    /**
     * @return the suite with this name, if there is one; a guest suite as engine scenarios derived with the
     *         {@code qemu-tcg} profile
     */
    public static Optional<List<EngineScenario>> byName(String name) {
        List<EngineScenario> suite = SUITES.get(name);
        if (suite != null) {
            return Optional.of(suite);
        }
        return guestSuite(name).map(guests -> {
            EngineProfile tcg = EngineProfiles.byName("qemu-tcg").orElseThrow();
            return guests.stream().map(g -> g.toEngine(tcg)).toList();
        });
    }

    /** @return the names of the suites stated as real guests, which the QEMU testbed can run */
    public static Set<String> guestSuiteNames() {
        return GUEST_SUITES.keySet();
    }

    /** @return the guest suite with this name, if there is one */
    public static Optional<List<GuestScenario>> guestSuite(String name) {
        return Optional.ofNullable(GUEST_SUITES.get(name));
    }

    private static EngineScenario scenario(String name, long memory, double gbits, DirtyingModel dirtying,
            int concurrent) {
        return new EngineScenario(name, memory, PAGE, STATE, new LinkSpec(gbits * GIGABIT, RTT, 1), dirtying, BUDGET,
                concurrent);
    }

    private static List<EngineScenario> standard() {
        return List.of(
                scenario("idle", 4 * GIB, 10, new DirtyingModel.Idle(), 1),
                scenario("moderate-writer", 4 * GIB, 1, new DirtyingModel.Uniform(5_000), 1),
                scenario("heavy-writer", 4 * GIB, 1, new DirtyingModel.Uniform(50_000), 1),
                scenario("hot-set-16mib", 4 * GIB, 1, new DirtyingModel.HotSet(250_000, 4_096, 0.99, 0), 1),
                scenario("bursty", 2 * GIB, 1, new DirtyingModel.Phased(List.of(
                        new DirtyingModel.Phase(5, new DirtyingModel.Uniform(1_000)),
                        new DirtyingModel.Phase(2, new DirtyingModel.Uniform(80_000)))), 1),
                scenario("database-8gib", 8 * GIB, 10, new DirtyingModel.HotSet(400_000, 262_144, 1.0, 100_000), 1),
                scenario("shared-link-4x", 2 * GIB, 10, new DirtyingModel.Uniform(5_000), 4));
    }

    private static List<GuestScenario> standardTcg() {
        GuestScenario.Writer uniform = GuestScenario.Writer.UNIFORM;
        return List.of(
                GuestScenario.idle("idle", 512, 256, 128).analogueOf("idle"),
                GuestScenario.idle("moderate-writer", 512, 256, 64).withWriter(uniform, 3_000, 16, 90)
                        .analogueOf("moderate-writer"),
                GuestScenario.idle("heavy-writer", 256, 128, 64).withWriter(uniform, 40_000, 16, 90)
                        .analogueOf("heavy-writer"),
                GuestScenario.idle("hot-set-16mib", 512, 256, 64).withWriter(GuestScenario.Writer.SWEEP, 0, 16, 90)
                        .analogueOf("hot-set-16mib"),
                GuestScenario.idle("bursty", 512, 256, 64).withWriter(uniform, 0, 16, 90)
                        .withSchedule(List.of(new GuestScenario.Step(1_000, 3), new GuestScenario.Step(40_000, 2)))
                        .analogueOf("bursty"),
                GuestScenario.idle("skewed-64mib", 512, 256, 128)
                        .withWriter(GuestScenario.Writer.HOT_COLD, 100_000, 64, 90).analogueOf("database-8gib"),
                GuestScenario.idle("shared-link-2x", 256, 96, 64).withWriter(uniform, 3_000, 16, 90)
                        .withConcurrent(2).analogueOf("shared-link-4x"));
    }

    private static List<GuestScenario> quickTcg() {
        return standardTcg().stream()
                .filter(g -> List.of("idle", "heavy-writer", "hot-set-16mib").contains(g.name())).toList();
    }

    /**
     * @return the policies a guest suite's scenario is meant to run with, when its suite names them (the
     *         validation suite does; the others run every policy asked for)
     */
    public static Optional<List<String>> policiesFor(String suite, String scenario) {
        if (!VALIDATION.equals(suite)) {
            return Optional.empty();
        }
        if (scenario.startsWith("edge-")) {
            return Optional.of(List.of(QEMU_DEFAULT));
        }
        if (scenario.startsWith("cap-")) {
            return Optional.of(List.of("precopy", "postcopy"));
        }
        if (scenario.startsWith("postcopy-capped-")) {
            return Optional.of(List.of("postcopy"));
        }
        if (scenario.startsWith("hybrid-")) {
            return Optional.of(List.of("hybrid"));
        }
        return Optional.empty();
    }

    private static List<GuestScenario> validationTcg() {
        GuestScenario.Writer uniform = GuestScenario.Writer.UNIFORM;
        GuestScenario base = GuestScenario.idle("base", 512, 256, 128).withPostcopyCap(0);
        List<GuestScenario> out = new java.util.ArrayList<>();
        for (int k : new int[] {5, 10, 15, 17, 18, 20, 25, 30}) {
            out.add(base.named("edge-uniform-" + k + "k").withWriter(uniform, k * 1000L, 16, 90));
        }
        for (int k : new int[] {10, 20, 25, 30, 35, 40, 60}) {
            out.add(base.named("edge-hotset-" + k + "k").withWriter(GuestScenario.Writer.HOT_COLD, k * 1000L, 64, 90));
        }
        GuestScenario moderate = base.withWriter(uniform, 3_000, 16, 90);
        for (int cap : new int[] {32, 64, 128, 512}) {
            out.add(moderate.named("cap-" + cap).withCap(cap));
        }
        out.add(moderate.named("cap-unlimited").withCap(GuestScenario.UNLIMITED_MIBPS));
        for (int cap : new int[] {32, 64, 128}) {
            out.add(moderate.named("postcopy-capped-" + cap).withCap(cap).withPostcopyCap(cap));
        }
        GuestScenario heavy = base.withWriter(uniform, 40_000, 16, 90);
        for (int cap : new int[] {64, 128}) {
            out.add(heavy.named("hybrid-" + cap + "-capped").withCap(cap).withPostcopyCap(cap));
            out.add(heavy.named("hybrid-" + cap + "-uncapped").withCap(cap));
        }
        return List.copyOf(out);
    }

    private static List<EngineScenario> smoke() {
        long mib256 = 256L << 20;
        return List.of(
                scenario("smoke-idle", mib256, 1, new DirtyingModel.Idle(), 1),
                scenario("smoke-writer", mib256, 1, new DirtyingModel.Uniform(40_000), 1),
                scenario("smoke-hot-set", mib256, 1, new DirtyingModel.HotSet(100_000, 1_024, 0.99, 0), 1));
    }
}
