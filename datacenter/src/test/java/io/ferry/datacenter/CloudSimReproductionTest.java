package io.ferry.datacenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostState;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.VmState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The engine's own cost with a cheap agent that reads what the consolidation agents read (the snapshot, every
     * VM's and host's window, every capacity) and moves the smallest VM off each host above 30 % to the first
     * host with room: prints the wall time per agent-day (no assertion on time; the figure goes in the report).
     */
    @Test
    void aCheapAgentsDayOnPlanetLab20110303() {
        DatacenterWorkload day = DatacenterWorkloads.planetLab(DAY);
        DatacenterSetup setup = DatacenterSetup.cloudSim(800, CloudSimMigrationModel.INSTANCE, 42);
        ScriptedAgent agent = new ScriptedAgent(c -> {
            ClusterSnapshot s = c.snapshot();
            List<MigrationDecision> out = new ArrayList<>();
            for (HostState h : s.hosts()) {
                c.metrics(h.id().value(), Metric.CPU_UTILISATION, 12);
                c.capacity(h.id());
                for (VmState v : s.vmsOn(h.id())) {
                    c.metrics(v.id().value(), Metric.CPU_UTILISATION, 12);
                }
                if (h.cpuUtilisation() > 0.3 && !s.vmsOn(h.id()).isEmpty()) {
                    VmState smallest = s.vmsOn(h.id()).get(0);
                    for (HostState t : s.hosts()) {
                        if (!t.id().equals(h.id()) && t.memoryFreeBytes() >= smallest.memoryBytes() + 2000 * HostType.MB
                                && t.cpuUtilisation() > 0) {
                            out.add(new MigrationDecision(smallest.id(), h.id(), t.id(), "cheap", "relief"));
                            break;
                        }
                    }
                }
            }
            return out;
        });
        DatacenterResult r = DatacenterSimulation.run(setup, day, ScriptedAgent.candidate(agent, Placement.pabfd(0.8)),
                k -> { });
        System.out.printf("cheap agent: %.2f kWh, %d migrations, %d refused, SLATAH %.4f, PDM %.5f, %.3f s%n",
                r.day().energyKWh(), r.day().migrations(), r.day().refusedDecisions(), r.day().slatah(),
                r.day().pdm(), r.wallSeconds());
        assertThat(agent.calls).isEqualTo(287);
        assertThat(r.day().migrations()).isPositive();
    }
}
