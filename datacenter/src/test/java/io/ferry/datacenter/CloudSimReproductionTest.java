package io.ferry.datacenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * CloudSim 3.0.3's figures for PlanetLab day 20110303 with the trace files sorted by name
 * ({@code /work/shared/reference/field-anchors.md}): NPA 2410.80 kWh, DVFS 802.75 kWh. Run by hand:
 * {@code mvn -o test -pl datacenter -Dtest=CloudSimReproductionTest -Dferry.reproduce=true}
 * (the day's directory can be moved with {@code -Dferry.planetlab=DIR}).
 */
@EnabledIfSystemProperty(named = "ferry.reproduce", matches = "true")
class CloudSimReproductionTest {

    static final Path DAY = Path.of(System.getProperty("ferry.planetlab", "/work/shared/data/planetlab/20110303"));

    @Test
    void npaAndDvfsOnPlanetLab20110303AreWithinTenPercentOfCloudSim() {
        DatacenterWorkload day = DatacenterWorkloads.planetLab(DAY);
        DatacenterSetup setup = DatacenterSetup.cloudSim(800, CloudSimMigrationModel.INSTANCE, 42);
        DatacenterResult npa = DatacenterSimulation.run(setup, day,
                new Candidate("npa", Optional.empty(), PowerAccounting.MAXIMUM_ALWAYS, Placement.FIRST_FIT), k -> { });
        DatacenterResult dvfs = DatacenterSimulation.run(setup, day,
                new Candidate("dvfs", Optional.empty(), PowerAccounting.BY_UTILISATION, Placement.FIRST_FIT), k -> { });
        System.out.printf("NPA  %.2f kWh (CloudSim 2410.80), %.3f s%n", npa.day().energyKWh(), npa.wallSeconds());
        System.out.printf("DVFS %.2f kWh (CloudSim 802.75), SLATAH %.4f, active %.1f, shutdowns %d, %.3f s%n",
                dvfs.day().energyKWh(), dvfs.day().slatah(), dvfs.day().meanActiveHosts(), dvfs.day().hostShutdowns(),
                dvfs.wallSeconds());
        assertThat(npa.day().energyKWh()).isCloseTo(2410.80, within(241.08));
        assertThat(dvfs.day().energyKWh()).isCloseTo(802.75, within(80.275));
        assertThat(npa.day().migrations()).isZero();
        assertThat(dvfs.day().migrations()).isZero();
    }
}
