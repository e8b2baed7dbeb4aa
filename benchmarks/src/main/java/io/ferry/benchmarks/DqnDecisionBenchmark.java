package io.ferry.benchmarks;

import io.ferry.agent.dqn.DqnAgent;
import io.ferry.agent.dqn.DqnModel;
import io.ferry.agent.dqn.Dl4jQNetworks;
import io.ferry.agent.dqn.HostAction;
import io.ferry.agent.dqn.HostFeatures;
import io.ferry.agent.dqn.PoolView;
import io.ferry.agent.dqn.Provenance;
import io.ferry.agent.dqn.QNetwork;
import io.ferry.api.AgentContext;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.MigrationDecision;
import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.CloudSimMigrationModel;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.DatacenterSimulation;
import io.ferry.datacenter.DatacenterWorkload;
import io.ferry.datacenter.DatacenterWorkloads;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One decision of the DQN agent on a 100-host pool of about 130 VMs with a 16→64→64→4 network (random Xavier
 * weights: the cost does not depend on their values), three ways:
 * <ul>
 * <li>{@link #decide}: the whole {@code DqnAgent.decide} — view, features of every active host, one plain-Java
 * forward pass per active host, the executor;</li>
 * <li>{@link #plainForward}: the forward passes alone, the same batch of active-host features;</li>
 * <li>{@link #dl4jForward}: DL4J's {@code output} of that batch in one call (the alternative to the plain-Java
 * pass).</li>
 * </ul>
 * The pool is real: every 8th VM of a PlanetLab day ({@code workload}) on {@code hosts} hosts of CloudSim's set-up,
 * with physical memory accounting (no VM retires), consolidated up to interval {@code decision} by {@code thr-mmt-0.8}; the context the agent saw there is frozen
 * ({@link FrozenAgentContext}) and handed to it again and again. Run with {@code OMP_NUM_THREADS=1
 * MALLOC_ARENA_MAX=2}. Cost of a run: 3 benchmarks × (3 warm-up + 5 measured) iterations of 1 s in one fork, plus
 * the simulation (≈1 s) and ND4J's start (≈2 s).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class DqnDecisionBenchmark {

    @Param(DatacenterDayRun.DEFAULT_WORKLOAD)
    public String workload;

    @Param("100")
    public int hosts;

    /** Every {@code stride}-th VM of the day: 8 gives 132 of PlanetLab 20110303's 1052. */
    @Param("8")
    public int stride;

    @Param("143")
    public int decision;

    private DqnAgent agent;
    private FrozenAgentContext context;
    private QNetwork network;
    private MultiLayerNetwork dl4j;
    private double[][] batch;
    private INDArray batchArray;

    @Setup(Level.Trial)
    public void capture() {
        DatacenterWorkload day = subset(DatacenterWorkloads.planetLab(Path.of(workload)), stride);
        // physical: every VM stays all day and holds its memory wherever it runs (CloudSim retires idle VMs)
        DatacenterSetup setup = DatacenterSetup.cloudSim(hosts, CloudSimMigrationModel.INSTANCE, 42).physical();
        dl4j = Dl4jQNetworks.build(HostFeatures.COUNT, new int[] {64, 64}, HostAction.COUNT, 42, 1e-3);
        network = Dl4jQNetworks.fromDl4j(dl4j);
        DqnModel model = new DqnModel(network, Provenance.builder().name("bench").hidden(List.of(64, 64)).build());
        agent = new DqnAgent(model, DqnAgent.Settings.DEFAULTS);
        Candidate heuristic = Plugins.candidate("thr-mmt-0.8", setup);
        MigrationAgent thr = heuristic.agent().orElseThrow();
        DqnAgent asker = new DqnAgent(model, DqnAgent.Settings.DEFAULTS);
        // thr-mmt decides the day; the DQN agent is asked too, so that its questions are recorded at the capture
        MigrationAgent both = new MigrationAgent() {
            @Override
            public String name() {
                return thr.name();
            }

            @Override
            public List<MigrationDecision> decide(AgentContext c) {
                asker.decide(c);
                return thr.decide(c);
            }
        };
        FrozenAgentContext.Capturing capturing = FrozenAgentContext.capturing(both, decision);
        DatacenterSimulation.run(setup, day, new Candidate(heuristic.label(), Optional.of(capturing),
                heuristic.accounting(), heuristic.placement()), k -> {
        });
        context = capturing.captured().orElseThrow(() -> new IllegalStateException("decision = " + decision
                + ": the simulation called the agent " + capturing.calls() + " times"));
        PoolView view = PoolView.of(context);
        double[][] all = HostFeatures.encodeAll(view);
        List<Integer> active = view.activeHosts();
        batch = new double[active.size()][];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = all[active.get(i)];
        }
        batchArray = Nd4j.create(batch).castTo(DataType.FLOAT);
        List<MigrationDecision> d = agent.decide(context);
        System.out.printf("%n# %d hosts (%d active), %d VMs, %d decisions; %d questions never asked by the original%n",
                view.hosts().size(), active.size(), view.vms().size(), d.size(), context.unanswered());
    }

    private static DatacenterWorkload subset(DatacenterWorkload all, int stride) {
        int n = (all.vms() + stride - 1) / stride;
        return new DatacenterWorkload() {
            @Override
            public String label() {
                return all.label() + " every " + stride + "th VM";
            }

            @Override
            public int vms() {
                return n;
            }

            @Override
            public String vmName(int vm) {
                return all.vmName(vm * stride);
            }

            @Override
            public int samples() {
                return all.samples();
            }

            @Override
            public double utilisation(int vm, int sample) {
                return all.utilisation(vm * stride, sample);
            }
        };
    }

    /** @return one whole decision */
    @Benchmark
    public List<MigrationDecision> decide() {
        return agent.decide(context);
    }

    /** @return the plain-Java forward pass over every active host's features */
    @Benchmark
    public double plainForward() {
        double sum = 0;
        for (double[] x : batch) {
            sum += network.q(x)[0];
        }
        return sum;
    }

    /** @return DL4J's forward pass of the same batch, one call */
    @Benchmark
    public INDArray dl4jForward() {
        return dl4j.output(batchArray, false);
    }
}
