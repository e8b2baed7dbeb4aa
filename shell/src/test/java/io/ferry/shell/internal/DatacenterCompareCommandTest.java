package io.ferry.shell.internal;

import static io.ferry.shell.internal.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.AgentContext;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.SettingDescription;
import io.ferry.controller.PluginInfo;
import io.ferry.controller.PluginKind;
import io.ferry.controller.PoolRecording;
import io.ferry.controller.PoolStatus;
import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.DatacenterResult;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.DayMetrics;
import io.ferry.datacenter.IntervalMetrics;
import io.ferry.datacenter.MigrationEstimate;
import io.ferry.datacenter.MigrationJob;
import io.ferry.datacenter.MigrationModel;
import io.ferry.datacenter.PageLevelMigrationModel;
import io.ferry.datacenter.Placement;
import io.ferry.datacenter.PowerAccounting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migration:compare --datacenter}: a pool's hosts and recording as a data-centre day, over a fake engine. */
class DatacenterCompareCommandTest {

    @TempDir
    Path dir;

    private final FakeController controller = new FakeController();
    private final CompareCommand command = new CompareCommand();
    private final Map<String, Candidate> candidates = new ConcurrentHashMap<>();
    private final Map<String, DatacenterSetup> setups = new ConcurrentHashMap<>();

    record FakeAgent(String name) implements MigrationAgent {
        @Override
        public List<MigrationDecision> decide(AgentContext context) {
            return List.of();
        }
    }

    record FakeFactory(String name, String parameterDefault) implements MigrationAgentFactory {
        @Override
        public String description() {
            return "fake";
        }

        @Override
        public List<SettingDescription> settings() {
            return List.of(new SettingDescription("parameter", "Double", parameterDefault, "", Optional.empty(),
                    Optional.empty()));
        }

        @Override
        public MigrationAgent create(Map<String, ?> settings) {
            return new FakeAgent(name);
        }
    }

    private static final MigrationModel CLOUDSIM = new MigrationModel() {
        @Override
        public String name() {
            return "cloudsim";
        }

        @Override
        public MigrationEstimate estimate(MigrationJob job) {
            throw new UnsupportedOperationException();
        }
    };

    @BeforeEach
    void aPoolWithThreeHostsAndARecording() {
        command.controller = controller;
        command.agentFactories = () -> List.of(new FakeFactory("lr-mmt", "1.2"), new FakeFactory("thr-mmt", "0.8"));
        command.cloudSimModel = () -> CLOUDSIM;
        command.simulation = (setup, workload, candidate, progress) -> {
            candidates.put(candidate.label(), candidate);
            setups.put(candidate.label(), setup);
            List<IntervalMetrics> intervals = new ArrayList<>();
            for (int k = 0; k < workload.samples(); k++) {
                intervals.add(new IntervalMetrics(k, k * setup.intervalSeconds(), setup.hosts(), 300, 0.005, 1, 0, 0,
                        0, 0));
                progress.accept(k + 1);
            }
            return new DatacenterResult(candidate.label(), setup.migrationModel().name(), new DayMetrics(
                    candidate.label().length(), workload.vms(), 0.01, 0.001, 1e-5, 1e-5, 0, setup.hosts(), 0, 0,
                    OptionalDouble.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty()),
                    intervals, 0);
        };
        FixedRoundsPolicy policy = new FixedRoundsPolicy("two-rounds", 2);
        controller.policies.put(policy.name(), policy);
        controller.plugins.add(new PluginInfo(PluginKind.POLICY, policy.name(), "io.ferry.test", "1.0.0",
                policy.requiredCapabilities(), Set.of(), "", List.of()));
        HostId h1 = new HostId("h1");
        ClusterSnapshot snapshot = new ClusterSnapshot(new PoolId("sim"), Fixtures.T0, List.of(
                new HostState(h1, "one", true, false, 8, 0.5, 64L << 30, 32L << 30),
                new HostState(new HostId("h2"), "two", true, true, 8, 0, 64L << 30, 64L << 30),
                new HostState(new HostId("h3"), "three", true, false, 4, 0, 32L << 30, 32L << 30)), List.of());
        controller.pools.add(new PoolStatus(new PoolId("sim"), "simulator", Set.of(Capability.PRE_COPY),
                Fixtures.selection("two-rounds"), Optional.of(snapshot), List.of(), Optional.empty(),
                Optional.empty(), new PoolStatus.Counters(0, 0, 0, 0, 0, 0, 0), ""));
        for (String vm : List.of("web", "db")) {
            double[] cpu = new double[36];
            java.util.Arrays.fill(cpu, vm.equals("web") ? 0.6 : 0.2);
            controller.recording.add(new PoolRecording.VmRecording(new VmState(new VmId(vm), vm, PowerState.RUNNING,
                    Optional.of(h1), 2L << 30, 2, 0.5, Set.of()), new DirtyBehaviour(500, 0,
                            DirtyBehaviour.Source.INFERRED), Optional.empty(), Optional.of(new MetricWindow(vm,
                                    Metric.CPU_UTILISATION, Instant.EPOCH, Duration.ofSeconds(5), cpu))));
        }
        command.datacenter = true;
        command.recording = "sim";
        command.out = dir.toString();
    }

    @Test
    void executeWhenAgentsNamedThenPoolHostsAndRecordedVmsRunAndTheFourReports() throws Exception {
        command.agents = "npa,dvfs,lr-mmt-1.2,thr-mmt-0.9";

        String out = run(command);

        assertThat(controller.calls).containsExactly("recording sim " + Integer.MAX_VALUE);
        assertThat(out.lines().filter(l -> l.startsWith("[")).map(l -> l.split(" ")[1]))
                .containsExactlyInAnyOrder("npa", "dvfs", "lr-mmt-1.2", "thr-mmt-0.9");
        assertThat(out).contains("energy kWh", "SLATAH %", "mean active hosts");
        for (String file : List.of("datacenter.json", "datacenter.csv", "datacenter-intervals.csv",
                "datacenter.html")) {
            assertThat(dir.resolve(file)).isNotEmptyFile();
            assertThat(out.lines()).contains(dir.resolve(file).toAbsolutePath().toString());
        }
        DatacenterSetup setup = setups.get("lr-mmt-1.2");
        assertThat(setup.hosts()).isEqualTo(2);
        assertThat(setup.hostTypes()).extracting(t -> t.name() + "/" + t.cores()).containsExactly("one/8",
                "three/4");
        assertThat(setup.vmTypes()).extracting(t -> t.name() + "/" + t.vcpus()).containsExactly("web/2", "db/2");
        assertThat(setup.intervalSeconds()).isEqualTo(60);
        assertThat(setup.lengthSeconds()).isEqualTo(180);
        assertThat(setup.migrationModel()).isSameAs(CLOUDSIM);
        assertThat(candidates.get("npa").accounting()).isEqualTo(PowerAccounting.MAXIMUM_ALWAYS);
        assertThat(candidates.get("thr-mmt-0.9").placement()).isEqualTo(Placement.pabfd(0.9));
        assertThat(candidates.get("lr-mmt-1.2").agent()).get().extracting(MigrationAgent::name).isEqualTo("lr-mmt");
        assertThat(Files.readString(dir.resolve("datacenter.json"))).contains("\"vms\": 2", "\"hosts\": 2",
                "recording of pool sim");
        assertThat(Files.readString(dir.resolve("datacenter.html")))
                .contains("migration:compare --datacenter --recording sim --agents npa,dvfs,lr-mmt-1.2,thr-mmt-0.9");
    }

    @Test
    void executeWhenTheRealEngineRunsThePoolsDayThenNpaDrawsMostAndNothingMigratesWithoutAnAgent()
            throws Exception {
        command.simulation = io.ferry.datacenter.DatacenterSimulation::run;
        command.cloudSimModel = () -> io.ferry.datacenter.CloudSimMigrationModel.INSTANCE;
        command.agents = "npa,dvfs";
        command.noFormat = true;

        String out = run(command);

        com.fasterxml.jackson.databind.JsonNode candidates = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("datacenter.json").toFile()).get("candidates");
        double npa = candidates.get(0).get("energyKWh").doubleValue();
        double dvfs = candidates.get(1).get("energyKWh").doubleValue();
        assertThat(npa).isGreaterThan(dvfs);
        assertThat(dvfs).isPositive();
        assertThat(candidates.get(1).get("migrations").longValue()).isZero();
        assertThat(row(out, "dvfs").get(1)).isEqualTo(String.format(java.util.Locale.ROOT, "%.5f", dvfs));
    }

    @Test
    void executeWhenGuardThenEveryRunGetsAFreshControllerGuardElseNone() throws Exception {
        command.agents = "dvfs,lr-mmt";
        run(command);
        assertThat(setups.get("lr-mmt").guard()).isEmpty();

        command.guard = true;
        run(command);

        DatacenterSetup guarded = setups.get("lr-mmt");
        assertThat(guarded.guard()).isPresent();
        assertThat(guarded.guard().get().get()).isInstanceOf(io.ferry.datacenter.ControllerGuard.class)
                .isNotSameAs(guarded.guard().get().get());
        assertThat(Files.readString(dir.resolve("datacenter.html"))).contains("--guard",
                "the controller&#39;s guard, default rules");
    }

    @Test
    void executeWhenTheRealEngineRunsWithTheGuardThenTheDayCompletes() throws Exception {
        command.simulation = io.ferry.datacenter.DatacenterSimulation::run;
        command.cloudSimModel = () -> io.ferry.datacenter.CloudSimMigrationModel.INSTANCE;
        command.agents = "dvfs,lr-mmt";
        command.guard = true;

        run(command);

        assertThat(dir.resolve("datacenter.json")).content().contains("\"agent\": \"lr-mmt\"");
    }

    @Test
    void executeWhenNoAgentsGivenThenReferencesAndEveryInstalledAgent() throws Exception {
        run(command);

        assertThat(candidates.keySet()).containsExactlyInAnyOrder("npa", "dvfs", "lr-mmt", "thr-mmt");
    }

    @Test
    void executeWhenPageLevelThenOneModelRunningThePoolsPolicyWithItsBudget() throws Exception {
        command.agents = "dvfs,lr-mmt";
        command.migrationModel = "page-level";
        command.interval = 30.0;

        run(command);

        MigrationModel model = setups.get("dvfs").migrationModel();
        assertThat(model).isInstanceOf(PageLevelMigrationModel.class).isSameAs(setups.get("lr-mmt")
                .migrationModel());
        PageLevelMigrationModel pageLevel = (PageLevelMigrationModel) model;
        assertThat(pageLevel.policy().name()).isEqualTo("two-rounds");
        assertThat(pageLevel.settings().downtimeBudget()).isEqualTo(Duration.ofMillis(300));
        assertThat(pageLevel.settings().pagesPerBusyVcpuSecond()).isEqualTo(2000);
        assertThat(setups.get("dvfs").intervalSeconds()).isEqualTo(30);
        assertThat(Files.readString(dir.resolve("datacenter.json"))).contains("\"policy\": \"two-rounds\"");
    }

    @Test
    void executeWhenBadInputThenOneLineAndNothingRunsOrIsWritten() {
        command.agents = "npa,nope";
        assertRefused("unknown agent \"nope\": known agents are npa, dvfs, lr-mmt, thr-mmt (a name, or NAME-NUMBER "
                + "to set its parameter, e.g. lr-mmt-1.2)");
        command.agents = null;
        command.migrationModel = "xen";
        assertRefused("--migration-model = xen: must be one of cloudsim, page-level");
        command.migrationModel = "page-level";
        command.policies = "teleport";
        assertRefused("unknown policy 'teleport': the page-level model runs an installed policy");
        command.migrationModel = null;
        command.policies = null;
        command.interval = 0.0;
        assertRefused("--interval = 0.0: must be > 0 seconds");
        command.interval = null;
        command.recording = null;
        assertRefused("--datacenter needs --recording POOL (and no --suite)");
    }

    @Test
    void executeWhenThePoolHasNoSnapshotYetThenRefused() {
        PoolStatus p = controller.pools.remove(0);
        controller.pools.add(Fixtures.pool("sim", "simulator", p.selection()));

        assertRefused("pool sim has no snapshot yet (its hypervisor has not answered): try again in a moment");
    }

    @Test
    void executeWhenAgentsWithoutDatacenterThenRefused() {
        command.datacenter = false;
        command.suite = "smoke";
        command.agents = "npa";

        assertRefused("--agents applies to --datacenter only");
    }

    /** @return the cells of the {@code --no-format} table row of {@code agent} */
    private static List<String> row(String out, String agent) {
        return Fixtures.cells(out.lines().filter(l -> l.contains("\t") && l.startsWith(agent + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row of " + agent + " in:\n" + out)));
    }

    private void assertRefused(String message) {
        assertThatThrownBy(() -> run(command)).isInstanceOf(CommandException.class).hasMessage(message);
        assertThat(candidates).isEmpty();
        assertThat(dir.resolve("datacenter.json")).doesNotExist();
    }
}
