package io.ferry.agent.consolidation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.agent.consolidation.internal.Policies.Detector;
import io.ferry.agent.consolidation.internal.Policies.Selector;
import io.ferry.api.MigrationAgent;
import io.ferry.api.spi.MigrationAgentFactory;
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
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The forecast agents with the shipped baseline predictors found on the class path (module predictor-baseline),
 * through the real engine on a synthetic day: {@code local-regression-mmt} is CloudSim's LR, so its day must be
 * {@code lr-mmt-1.2}'s to the last migration and joule.
 */
class ForecastAgentsWithBaselinesTest {

    private static final DatacenterWorkload DAY = DatacenterWorkloads.synthetic(60, 288, 7);
    private static final DatacenterSetup SETUP = DatacenterSetup.cloudSim(40, CloudSimMigrationModel.INSTANCE, 42);

    private static MigrationAgentFactory forecastMmt() {
        return ServiceLoader.load(MigrationAgentFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("forecast-mmt")).findFirst().orElseThrow();
    }

    private static DatacenterResult run(MigrationAgent agent) {
        return DatacenterSimulation.run(SETUP, DAY, new Candidate(agent.name(), Optional.of(agent),
                PowerAccounting.BY_UTILISATION, Placement.pabfd(0.7)), k -> { });
    }

    @Test
    void localRegressionMmtThenExactlyLrMmtsDay() {
        DatacenterResult lr = run(Policies.agent(Detector.LR, Selector.MMT, Map.of("checkMemory", false)));
        DatacenterResult forecast = run(forecastMmt().create(Map.of("predictor", "local-regression",
                "checkMemory", false)));
        assertThat(lr.day().migrations()).isPositive();
        assertThat(forecast.day()).isEqualTo(lr.day());
    }

    @Test
    void lastValueAndEwmaThenDaysOfTheirOwnWithoutFailures() {
        DatacenterResult lr = run(Policies.agent(Detector.LR, Selector.MMT, Map.of("checkMemory", false)));
        for (String p : new String[] {"last-value", "ewma"}) {
            DatacenterResult r = run(forecastMmt().create(Map.of("predictor", p, "checkMemory", false)));
            assertThat(r.day().agentFailures()).as(p).isZero();
            assertThat(r.day().migrations()).as(p).isPositive();
            assertThat(r.day()).as(p + " is not LR").isNotEqualTo(lr.day());
        }
    }
}
