package io.ferry.benchmarks;

import io.ferry.api.MigrationAgent;
import io.ferry.api.model.MigrationDecision;
import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.CloudSimMigrationModel;
import io.ferry.datacenter.DatacenterWorkloads;
import io.ferry.datacenter.DatacenterSimulation;
import io.ferry.datacenter.DatacenterWorkload;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
 * One agent decision on an 800-host data centre: the context the agent saw in its {@code decision}-th call
 * (0-based; the engine calls it at the end of every interval but the last, so call i decides interval i + 1) of a
 * PlanetLab day in CloudSim's set-up under the {@code cloudsim} migration model, taken out of the simulation
 * ({@link FrozenAgentContext}) and handed again and again to a fresh instance of the same agent. One operation is
 * one {@code decide} call: the agent's reading of the snapshot (800 hosts, 1052 VMs), its windows and capacities,
 * and its whole decision (detection, selection, placement). What the engine's context costs to answer is not in
 * the figure (the frozen context answers from a map); the simulation that produced it is JMH set-up.
 *
 * <p>The set-up prints whether the repeated decision is the original one and how many questions it asked that the
 * original never did; a figure whose decision differs is not the one of the day. Parameters: {@code agent}
 * (a name as the command line takes it, {@code lr-mmt-1.2}), {@code decision} (0 to 286; 143 decides
 * midday),
 * {@code workload} (a PlanetLab directory, relative to the working directory), {@code hosts}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DatacenterDecisionBenchmark {

    @Param({"thr-mmt-0.8", "lr-mmt-1.2"})
    public String agent;

    @Param("143")
    public int decision;

    @Param(DatacenterDayRun.DEFAULT_WORKLOAD)
    public String workload;

    @Param("800")
    public int hosts;

    private MigrationAgent fresh;
    private FrozenAgentContext context;

    @Setup(Level.Trial)
    public void capture() {
        DatacenterWorkload day = DatacenterWorkloads.planetLab(Path.of(workload));
        DatacenterSetup setup = DatacenterSetup.cloudSim(hosts, CloudSimMigrationModel.INSTANCE, 42);
        Candidate original = Plugins.candidate(agent, setup);
        FrozenAgentContext.Capturing capturing = FrozenAgentContext.capturing(
                original.agent().orElseThrow(() -> new IllegalArgumentException(
                        "agent = " + agent + ": a reference without an agent makes no decision")),
                decision);
        Candidate wrapped = new Candidate(original.label(), Optional.of(capturing), original.accounting(),
                original.placement());
        DatacenterSimulation.run(setup, day, wrapped, k -> {
        });
        context = capturing.captured().orElseThrow(() -> new IllegalStateException("decision = " + decision
                + ": the simulation called the agent " + capturing.calls() + " times"));
        fresh = Plugins.candidate(agent, setup).agent().orElseThrow();
        List<MigrationDecision> again = fresh.decide(context);
        System.out.printf("%n# %s, decision %d: %d hosts, %d VMs, %d questions asked, %d decisions; the repeated "
                + "decision %s the original (%d questions it asked were never asked)%n", agent, decision,
                context.snapshot().hosts().size(), context.snapshot().vms().size(), context.questions(),
                context.originalDecisions().size(), again.equals(context.originalDecisions()) ? "is" : "IS NOT",
                context.unanswered());
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.printf("%n# questions never asked by the original decision, over the trial: %d%n",
                context.unanswered());
    }

    @Benchmark
    public List<MigrationDecision> decide() {
        return fresh.decide(context);
    }
}
