package io.ferry.benchmarks;

import io.ferry.api.model.PoolId;
import io.ferry.controller.PoolStatus;
import io.ferry.controller.embedded.EmbeddedController;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures one control cycle of the controller on the simulated pool of the issue, 100 hosts and 2,000 VMs
 * ({@link BenchmarkPool}): one operation is {@link EmbeddedController#cycle} — the pool's snapshot, the threshold
 * agent's decision (which asks the pre-copy policy for a plan of every candidate move), the guard, the policy's plan
 * of every decision let through, and one audit line per decision, written and flushed to the audit file.
 *
 * <p>The pool is in <b>dry-run</b>: the controller decides and records but starts no migration, so the pool's
 * placement is the same before every operation and every cycle does comparable work. (Outside dry-run the first
 * cycles would move VMs off the hot hosts, the guard would then refuse most decisions while they are in flight, and
 * later cycles would find less and less to do: the operations would not be comparable. {@link SwapUnderLoadRun}
 * runs cycles outside dry-run.) The simulated workload still changes with wall-clock time, as the pool's own thread
 * advances it, so the number of decisions per cycle drifts a little during a run.
 *
 * <p>Besides the time per cycle, the trial's tear-down prints the controller's own counters: cycles, decisions (what
 * the agent returned) and refusals by the guard, hence decisions per cycle. {@code maxDecisionsPerCycle} is the
 * agent's cap: 4 is its shipped default, 1000 lets it propose a move for every hot host that has a target.
 *
 * <p>Cost of a run with the defaults: 2 parameter combinations, each 5 warm-up and 10 measured iterations of 2 s,
 * about 70 s in one fork, plus the pool's set-up (a second or two).
 *
 * <p>Not the figure for how long a swap takes to show ({@link SwapLatencyRun}): cycles there are scheduled every
 * {@code intervalSeconds}, which dominates.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ControlCycleBenchmark {

    /** Hosts in the pool; the tests pass a small pool. */
    @Param("" + BenchmarkPool.HOSTS)
    int hosts;

    /** VMs in the pool. */
    @Param("" + BenchmarkPool.VMS)
    int vms;

    /** The threshold agent's cap on decisions per cycle: its default, and no cap in practice. */
    @Param({"4", "1000"})
    int maxDecisionsPerCycle;

    /** The pool's seed. */
    @Param("" + BenchmarkPool.SEED)
    long seed;

    private Path auditDirectory;
    private Plugins.OpenPool simulator;
    private EmbeddedController controller;
    private PoolId pool;

    /** Starts the pool (real time, no injected failures) and a controller without scheduled cycles. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        auditDirectory = Files.createTempDirectory("ferry-control-cycle");
        simulator = BenchmarkPool.start(BenchmarkPool.simulator(hosts, vms, seed, 1, 0));
        controller = new EmbeddedController(auditDirectory, false);
        BenchmarkPool.installPolicies(controller);
        controller.addAgent(BenchmarkPool.thresholdAgent(maxDecisionsPerCycle));
        controller.configure(BenchmarkPool.NAME, BenchmarkPool.settings(BenchmarkPool.PRECOPY, 10, true));
        controller.addAdapter(simulator.adapter());
        pool = new PoolId(BenchmarkPool.NAME);
    }

    /** One control cycle; its decisions are in the audit log and the counters. */
    @Benchmark
    public void controlCycle() {
        controller.cycle(pool);
    }

    /** @return the controller's totals since set-up */
    PoolStatus.Counters counters() {
        return controller.pool(pool).orElseThrow().counters();
    }

    /** Prints the controller's counters over the trial, then stops the pool and the controller. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        PoolStatus.Counters c = counters();
        System.out.printf(Locale.ROOT, "%n# controller counters over the trial (warm-up included), "
                + "maxDecisionsPerCycle=%d: %d cycles, %d decisions (%d refused by the guard, %d started: dry-run), "
                + "%.2f decisions per cycle; load average %s%n", maxDecisionsPerCycle, c.cycles(), c.decisions(),
                c.refused(), c.started(), c.cycles() == 0 ? 0.0 : (double) c.decisions() / c.cycles(),
                Percentiles.loadAverage());
        simulator.close();
        controller.close();
        SwapUnderLoadRun.deleteRecursively(auditDirectory);
    }
}
