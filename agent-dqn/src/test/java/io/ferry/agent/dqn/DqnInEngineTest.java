package io.ferry.agent.dqn;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.CloudSimMigrationModel;
import io.ferry.datacenter.DatacenterResult;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.DatacenterSimulation;
import io.ferry.datacenter.DatacenterWorkload;
import io.ferry.datacenter.DatacenterWorkloads;
import io.ferry.datacenter.Placement;
import io.ferry.datacenter.PowerAccounting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent in the real data-centre engine: the first three hours of PlanetLab day 20110303 (800 hosts, 1052 VMs,
 * physical memory accounting, so that memory does limit targets), with small models whose choices cover every
 * action. Every decision must be valid: none refused (there is no guard), no cycle failed.
 */
class DqnInEngineTest {

    static final Path DAY = Path.of(System.getProperty("ferry.planetlab", "/work/shared/data/planetlab/20110303"));
    private static DatacenterWorkload workload;
    private static final DatacenterSetup SETUP = DatacenterSetup.cloudSim(800, CloudSimMigrationModel.INSTANCE, 42)
            .physical().withLengthSeconds(3 * 3600);

    @BeforeAll
    static void readDay() {
        Assumptions.assumeTrue(Files.isDirectory(DAY), "PlanetLab day " + DAY + " not present");
        workload = DatacenterWorkloads.planetLab(DAY);
    }

    private static DatacenterResult run(DqnModel model) {
        DqnAgent agent = new DqnAgent(model, DqnAgent.Settings.DEFAULTS);
        return DatacenterSimulation.run(SETUP, workload, new Candidate("dqn", Optional.of(agent),
                PowerAccounting.BY_UTILISATION, Placement.pabfd(0.7)), k -> { });
    }

    @Test
    void randomModelWhenThreeHoursOfAPlanetLabDayThenEveryDecisionIsValid() {
        DatacenterResult r = run(TinyModels.model(1));
        assertThat(r.day().agentFailures()).isZero();
        assertThat(r.day().refusedDecisions()).isZero();
    }

    @Test
    void evacuatingModelWhenThreeHoursThenItConsolidatesWithoutARefusal() {
        DatacenterResult keep = run(TinyModels.preferring(HostAction.KEEP));
        DatacenterResult r = run(TinyModels.preferring(HostAction.EVACUATE));
        assertThat(keep.day().migrations()).isZero();
        assertThat(r.day().agentFailures()).isZero();
        assertThat(r.day().refusedDecisions()).isZero();
        assertThat(r.day().migrations()).isPositive();
        assertThat(r.day().energyKWh()).isLessThan(keep.day().energyKWh());
    }

    @Test
    void offloadingAndTightModelsWhenThreeHoursThenNoRefusal() {
        for (HostAction a : new HostAction[] {HostAction.OFFLOAD, HostAction.EVACUATE_TIGHT}) {
            DatacenterResult r = run(TinyModels.preferring(a));
            assertThat(r.day().agentFailures()).as(a + " failures").isZero();
            assertThat(r.day().refusedDecisions()).as(a + " refused").isZero();
        }
    }
}
