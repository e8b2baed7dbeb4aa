package io.ferry.agent.threshold.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.AgentContext;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationCost;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.Technique;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ThresholdAgentTest {

    private static final long GIB = 1L << 30;

    private static HostState host(String id, double cpu, boolean maintenance, long freeGib) {
        return new HostState(new HostId(id), id, true, maintenance, 16, cpu, 64 * GIB, freeGib * GIB);
    }

    private static VmState vm(String id, String host, double cpu, long memGib) {
        return new VmState(new VmId(id), id, PowerState.RUNNING, Optional.of(new HostId(host)), memGib * GIB, 4, cpu,
                Set.of());
    }

    /** A context whose predicted migration time is the VM's memory in seconds, with optional dirty rates. */
    private static AgentContext context(List<HostState> hosts, List<VmState> vms, Map<String, Double> dirty) {
        ClusterSnapshot s = new ClusterSnapshot(new PoolId("p"), Instant.EPOCH, hosts, vms);
        return new AgentContext() {
            @Override
            public ClusterSnapshot snapshot() {
                return s;
            }

            @Override
            public Optional<MetricWindow> metrics(String subject, Metric metric, int samples) {
                Double r = dirty.get(subject);
                return r == null || metric != Metric.DIRTY_PAGES_PER_SECOND ? Optional.empty()
                        : Optional.of(new MetricWindow(subject, metric, Instant.EPOCH, Duration.ofSeconds(5),
                                new double[] {r}));
            }

            @Override
            public Optional<Forecast> forecast(String subject, Metric metric) {
                return Optional.empty();
            }

            @Override
            public Optional<MigrationPlan> plan(VmId vm, HostId target) {
                long mem = s.vm(vm).orElseThrow().memoryBytes() / GIB;
                return Optional.of(new MigrationPlan("p", Technique.PRE_COPY,
                        new MigrationCost(Duration.ofSeconds(mem), Duration.ZERO, 0), Optional.empty(), ""));
            }
        };
    }

    private final ThresholdAgent agent = new ThresholdAgent(Map.of());

    @Test
    void decideWhenTheBestVmIsCoolingDownThenProposesTheNextBest() {
        AgentContext base = context(
                List.of(host("h1", 0.9, false, 10), host("h2", 0.5, false, 30), host("h3", 0.2, false, 30)),
                List.of(vm("big", "h1", 0.9, 8), vm("small", "h1", 0.9, 2)), Map.of());
        AgentContext coolingSmall = new AgentContext() {
            @Override
            public ClusterSnapshot snapshot() {
                return base.snapshot();
            }

            @Override
            public Optional<MetricWindow> metrics(String subject, Metric metric, int samples) {
                return base.metrics(subject, metric, samples);
            }

            @Override
            public Optional<Forecast> forecast(String subject, Metric metric) {
                return base.forecast(subject, metric);
            }

            @Override
            public Optional<MigrationPlan> plan(VmId vm, HostId target) {
                return base.plan(vm, target);
            }

            @Override
            public Optional<String> blocked(VmId vm) {
                return vm.value().equals("small") ? Optional.of("VM small moved recently: cooldown until later")
                        : Optional.empty();
            }
        };
        assertThat(agent.decide(coolingSmall)).singleElement()
                .satisfies(m -> assertThat(m.vm()).isEqualTo(new VmId("big")));
    }

    @Test
    void hotHostShedsTheVmWithTheShortestPredictedMigrationToTheLeastLoadedHost() {
        List<MigrationDecision> d = agent.decide(context(
                List.of(host("h1", 0.9, false, 10), host("h2", 0.5, false, 30), host("h3", 0.2, false, 30)),
                List.of(vm("big", "h1", 0.9, 8), vm("small", "h1", 0.9, 2)), Map.of()));
        assertThat(d).singleElement().satisfies(m -> {
            assertThat(m.vm()).isEqualTo(new VmId("small"));
            assertThat(m.target()).isEqualTo(new HostId("h3"));
            assertThat(m.agent()).isEqualTo("threshold");
            assertThat(m.reason()).isEqualTo("host h1 at 90% CPU >= 80%; small has the shortest predicted "
                    + "migration (2.0 s)");
        });
    }

    @Test
    void coolPoolNeedsNothing() {
        assertThat(agent.decide(context(List.of(host("h1", 0.79, false, 10), host("h2", 0.1, false, 10)),
                List.of(vm("v", "h1", 0.5, 2)), Map.of()))).isEmpty();
    }

    @Test
    void targetsInMaintenanceOrWithoutMemoryAreSkipped() {
        List<MigrationDecision> d = agent.decide(context(
                List.of(host("h1", 0.9, false, 10), host("h2", 0.1, true, 30), host("h3", 0.2, false, 1),
                        host("h4", 0.5, false, 30)),
                List.of(vm("v", "h1", 0.9, 2)), Map.of()));
        assertThat(d).singleElement().satisfies(m -> assertThat(m.target()).isEqualTo(new HostId("h4")));
    }

    @Test
    void noTargetThatStaysBelowTheThresholdMeansNoDecision() {
        assertThat(agent.decide(context(List.of(host("h1", 0.95, false, 10), host("h2", 0.78, false, 30)),
                List.of(vm("v", "h1", 1.0, 2)), Map.of()))).isEmpty();
    }

    @Test
    void projectedLoadsSpreadDecisionsOfOneCycle() {
        List<MigrationDecision> d = agent.decide(context(
                List.of(host("h1", 0.9, false, 10), host("h2", 0.9, false, 10), host("h3", 0.1, false, 30),
                        host("h4", 0.15, false, 30)),
                List.of(vm("a", "h1", 1.0, 2), vm("b", "h2", 1.0, 2)), Map.of()));
        assertThat(d).extracting(MigrationDecision::target).containsExactly(new HostId("h3"), new HostId("h4"));
    }

    @Test
    void vmDirtyingFasterThanThetaMovesToALessLoadedHost() {
        List<MigrationDecision> d = agent.decide(context(
                List.of(host("h1", 0.5, false, 10), host("h2", 0.1, false, 30)),
                List.of(vm("writer", "h1", 0.5, 2), vm("calm", "h1", 0.5, 2)), Map.of("writer", 40_000.0, "calm", 10.0)));
        assertThat(d).singleElement().satisfies(m -> {
            assertThat(m.vm()).isEqualTo(new VmId("writer"));
            assertThat(m.reason()).isEqualTo("writer dirties 40000 pages/s >= 25000; moving it to the least-loaded host");
        });
        ThresholdAgent off = new ThresholdAgent(Map.of("dirtyRateThreshold", 0.0));
        assertThat(off.decide(context(List.of(host("h1", 0.5, false, 10), host("h2", 0.1, false, 30)),
                List.of(vm("writer", "h1", 0.5, 2)), Map.of("writer", 40_000.0)))).isEmpty();
    }

    @Test
    void outOfRangeConfigurationNamesAttribute() {
        assertThatThrownBy(() -> new ThresholdAgent(Map.of("cpuThreshold", 1.5)))
                .hasMessage("cpuThreshold = 1.5: must be in [0.05, 1.0]");
    }
}
