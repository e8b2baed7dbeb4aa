package io.ferry.agent.consolidation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.agent.consolidation.internal.Policies.Detector;
import io.ferry.agent.consolidation.internal.Policies.Selector;
import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.CloudSimMigrationModel;
import io.ferry.datacenter.DatacenterResult;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.DatacenterSimulation;
import io.ferry.datacenter.DatacenterWorkload;
import io.ferry.datacenter.DatacenterWorkloads;
import io.ferry.datacenter.Placement;
import io.ferry.datacenter.PowerAccounting;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The agents through the real data-centre engine on a small synthetic day (no trace data needed). */
class ConsolidationInEngineTest {

    private static final DatacenterWorkload DAY = DatacenterWorkloads.synthetic(60, 288, 7);
    private static final DatacenterSetup SETUP = DatacenterSetup.cloudSim(40, CloudSimMigrationModel.INSTANCE, 42);

    private static DatacenterResult run(Detector d, Selector s) {
        return DatacenterSimulation.run(SETUP, DAY, new Candidate(Policies.name(d, s),
                Optional.of(Policies.agent(d, s, Map.of("checkMemory", false))), PowerAccounting.BY_UTILISATION,
                Placement.pabfd(0.7)), k -> { });
    }

    @Test
    void consolidationThenLessEnergyThanThePowerAwareReferenceThatNeverMigrates() {
        DatacenterResult dvfs = DatacenterSimulation.run(SETUP, DAY,
                new Candidate("dvfs", Optional.empty(), PowerAccounting.BY_UTILISATION, Placement.FIRST_FIT), k -> { });
        for (Detector d : Detector.values()) {
            DatacenterResult r = run(d, Selector.MMT);
            assertThat(r.day().agentFailures()).as(d + " failures").isZero();
            assertThat(r.day().migrations()).as(d + " migrations").isPositive();
            assertThat(r.day().energyKWh()).as(d + " energy").isLessThan(dvfs.day().energyKWh());
        }
    }

    @Test
    void sameSeedThenTheSameDayEvenWithRandomSelection() {
        assertThat(run(Detector.LR, Selector.RS).day()).isEqualTo(run(Detector.LR, Selector.RS).day());
        assertThat(run(Detector.MAD, Selector.MC).day()).isEqualTo(run(Detector.MAD, Selector.MC).day());
    }
}
