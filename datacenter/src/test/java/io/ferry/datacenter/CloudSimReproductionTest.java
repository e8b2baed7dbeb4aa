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
            java.util.Map<String, Double> load = new java.util.HashMap<>();
            java.util.Map<String, Long> free = new java.util.HashMap<>();
            for (HostState h : s.hosts()) {
                load.put(h.id().value(), h.cpuUtilisation());
                free.put(h.id().value(), h.memoryFreeBytes());
            }
            for (HostState h : s.hosts()) {
                c.metrics(h.id().value(), Metric.CPU_UTILISATION, 12);
                double mips = h.cpuCount() * c.capacity(h.id()).orElseThrow().mipsPerCpu();
                for (VmState v : s.vmsOn(h.id())) {
                    c.metrics(v.id().value(), Metric.CPU_UTILISATION, 12);
                }
                if (h.cpuUtilisation() > 0.3 && !s.vmsOn(h.id()).isEmpty()) {
                    VmState first = s.vmsOn(h.id()).get(0);
                    double vmMips = first.cpuUtilisation() * c.vcpuMips(first.id()).orElseThrow();
                    for (HostState t : s.hosts()) {
                        double tMips = t.cpuCount() * c.capacity(t.id()).orElseThrow().mipsPerCpu();
                        if (!t.id().equals(h.id()) && t.memoryFreeBytes() >= first.memoryBytes() + 2000 * HostType.MB
                                && t.cpuUtilisation() > 0 && t.cpuUtilisation() + vmMips / tMips <= 0.8) {
                            String id = t.id().value();
                            if (free.get(id) >= first.memoryBytes() && load.get(id) + vmMips / tMips <= 0.8) {
                                free.put(id, free.get(id) - first.memoryBytes());
                                load.put(id, load.get(id) + vmMips / tMips);
                                out.add(new MigrationDecision(first.id(), h.id(), t.id(), "cheap", "relief"));
                            }
                            break;
                        }
                    }
                }
            }
            return out;
        });
        DatacenterResult r = DatacenterSimulation.run(setup, day, ScriptedAgent.candidate(agent, Placement.pabfd(0.8)),
                k -> { });
        System.out.println("cheap agent: " + r.day().energyKWh() + " kWh, " + r.day().migrations() + " migrations, "
                + r.day().refusedDecisions() + " refused, SLATAH " + r.day().slatah() + ", PDM " + r.day().pdm()
                + ", shutdowns " + r.day().hostShutdowns() + ", " + r.wallSeconds() + " s");
        assertThat(agent.calls).isEqualTo(287);
        assertThat(r.day().migrations()).isPositive();
    }
}
