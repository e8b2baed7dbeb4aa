package io.ferry.datacenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.AgentContext;
import io.ferry.api.model.HostState;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.VmState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatacenterEpisodeTest {

    static final DatacenterSetup SETUP = DatacenterSetup.cloudSim(40, CloudSimMigrationModel.INSTANCE, 7)
            .withLengthSeconds(6 * 3600);
    static final DatacenterWorkload WORKLOAD = DatacenterWorkloads.synthetic(60, 288, 11);

    /** Moves the first VM of the busiest host to the least busy other host that carries a VM. */
    static List<MigrationDecision> busiestToQuietest(AgentContext context) {
        List<HostState> hosts = new ArrayList<>(context.snapshot().hosts());
        hosts.removeIf(h -> context.snapshot().vmsOn(h.id()).isEmpty());
        if (hosts.size() < 2) {
            return List.of();
        }
        hosts.sort(Comparator.comparingDouble(HostState::cpuUtilisation));
        HostState quiet = hosts.get(0);
        HostState busy = hosts.get(hosts.size() - 1);
        VmState vm = context.snapshot().vmsOn(busy.id()).get(0);
        return List.of(new MigrationDecision(vm.id(), busy.id(), quiet.id(), "scripted", "busiest to quietest"));
    }

    static Candidate scripted() {
        return ScriptedAgent.candidate(new ScriptedAgent(DatacenterEpisodeTest::busiestToQuietest),
                Placement.pabfd(0.7));
    }

    @Test
    void anEpisodeDrivenByTheAgentsDecisionsGivesTheSameDayAsARun() {
        DatacenterResult run = DatacenterSimulation.run(SETUP, WORKLOAD, scripted(), k -> { });
        DatacenterEpisode episode = DatacenterSimulation.start(SETUP, WORKLOAD, scripted());
        List<IntervalMetrics> stepped = new ArrayList<>();
        while (!episode.done()) {
            stepped.add(episode.act(busiestToQuietest(episode.observe())).interval());
        }
        DatacenterResult result = episode.finish();
        assertThat(result.day()).isEqualTo(run.day());
        assertThat(result.intervals()).isEqualTo(run.intervals());
        assertThat(stepped).isEqualTo(run.intervals().subList(1, run.intervals().size()));
        assertThat(run.day().migrations()).isPositive();
    }

    @Test
    void eachStepsPerHostEnergyAndMigrationsAddUpToItsInterval() {
        DatacenterEpisode episode = DatacenterSimulation.start(SETUP, WORKLOAD, scripted());
        double lost = 0;
        int steps = 0;
        while (!episode.done()) {
            StepReport report = episode.act(busiestToQuietest(episode.observe()));
            HostAccounting hosts = report.hosts();
            double joules = 0;
            int started = 0;
            for (int h = 0; h < hosts.size(); h++) {
                joules += hosts.energyJoules(h);
                started += hosts.migrationsStarted(h);
                lost += hosts.migrationLostMipsSeconds(h);
                assertThat(hosts.slaViolationSeconds(h)).isBetween(0.0, hosts.activeSeconds(h));
                assertThat(hosts.downtimeOverBudgetSeconds(h)).isZero();
            }
            assertThat(joules / 3.6e6).isCloseTo(report.interval().energyKWh(), within(1e-9));
            assertThat(started).isEqualTo(report.interval().migrations());
            assertThat(report.seconds()).isPositive().isLessThanOrEqualTo(300.0 + 1e-6);
            steps++;
        }
        DatacenterResult result = episode.finish();
        assertThat(steps).isEqualTo(result.intervals().size() - 1);
        assertThat(lost).isPositive();
        assertThat(result.day().pdm()).isPositive();
    }

    @Test
    void theMigrationIsChargedToItsSourceHost() {
        DatacenterEpisode episode = DatacenterSimulation.start(SETUP, WORKLOAD,
                new Candidate("none", Optional.empty(), PowerAccounting.BY_UTILISATION, Placement.pabfd(0.7)));
        List<MigrationDecision> decisions = busiestToQuietest(episode.observe());
        int source = episode.observe().snapshot().hosts().stream().map(HostState::id).toList()
                .indexOf(decisions.get(0).source());
        StepReport report = episode.act(decisions);
        assertThat(report.hosts().migrationsStarted(source)).isEqualTo(1);
        assertThat(report.hosts().migrationLostMipsSeconds(source)).isPositive();
        assertThat(report.interval().migrations()).isEqualTo(1);
    }

    @Test
    void actingAfterTheDayIsOverIsRefusedAndFinishingTwiceToo() {
        DatacenterEpisode episode = DatacenterSimulation.start(SETUP.withLengthSeconds(1200), WORKLOAD, scripted());
        while (!episode.done()) {
            episode.act(List.of());
        }
        assertThatThrownBy(() -> episode.act(List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("over");
        episode.finish();
        assertThatThrownBy(episode::finish).isInstanceOf(IllegalStateException.class);
    }
}
