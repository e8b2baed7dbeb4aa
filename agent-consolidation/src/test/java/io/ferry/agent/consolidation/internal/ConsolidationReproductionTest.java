package io.ferry.agent.consolidation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.agent.consolidation.internal.Policies.Detector;
import io.ferry.agent.consolidation.internal.Policies.Selector;
import io.ferry.api.AgentContext;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.MigrationDecision;
import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.CloudSimMigrationModel;
import io.ferry.datacenter.DatacenterResult;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.DatacenterSimulation;
import io.ferry.datacenter.DatacenterWorkload;
import io.ferry.datacenter.DatacenterWorkloads;
import io.ferry.datacenter.Placement;
import io.ferry.datacenter.PowerAccounting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The hand-run check against CloudSim 3.0.3's figures for PlanetLab day 20110303 with the trace files sorted by
 * name ({@code /work/shared/reference/field-anchors.md}): prints energy and migrations of the agents named in
 * {@code -Dferry.agents} (default {@code thr-mmt,lr-mmt}; a pair CloudSim's table lacks is only printed), then checks
 * that no round failed, energy within 10 % of CloudSim's, and migrations within 10 %. The agents run as CloudSim
 * does: memory unchecked ({@code checkMemory = false}) and every move decided ({@code decideEveryMove = true}: a VM
 * moved off an overloaded host and then off the underloaded host it landed on migrates twice, which the engine's
 * CloudSim set-up starts). {@code -Dferry.lastMoveOnly=true} decides each VM's last move only and counts the moves it
 * replaced on top ("as CloudSim counts"); {@code -Dferry.checkMemory=true} shows what checking memory does (no
 * checks then). Run: {@code mvn -o test -pl agent-consolidation -Dtest=ConsolidationReproductionTest
 * -Dferry.reproduce=true}.
 */
@EnabledIfSystemProperty(named = "ferry.reproduce", matches = "true")
class ConsolidationReproductionTest {

    static final Path DAY = Path.of(System.getProperty("ferry.planetlab", "/work/shared/data/planetlab/20110303"));

    /** CloudSim 3.0.3, files sorted by name: energy kWh, migrations. */
    static final Map<String, double[]> CLOUDSIM = Map.of(
            "thr-mmt", new double[] {192.62, 26_711}, "iqr-mmt", new double[] {189.98, 26_282},
            "mad-mmt", new double[] {185.79, 26_556}, "lr-mmt", new double[] {163.48, 27_859},
            "lrr-mmt", new double[] {163.48, 27_859}, "lr-mu", new double[] {175.60, 30_166},
            "lr-rs", new double[] {150.17, 23_335});

    /** Counts the moves each round's later moves replaced. */
    private static final class Counting implements MigrationAgent {
        final ConsolidationAgent agent;
        final boolean everyMove;
        long superseded;

        Counting(ConsolidationAgent agent, boolean everyMove) {
            this.agent = agent;
            this.everyMove = everyMove;
        }

        @Override
        public String name() {
            return agent.name();
        }

        @Override
        public List<MigrationDecision> decide(AgentContext context) {
            Round round = agent.decideRound(context);
            if (everyMove) {
                return round.everyMove(agent.name());
            }
            superseded += round.superseded();
            return round.decisions(agent.name());
        }
    }

    @Test
    void agentsOnPlanetLab20110303AreWithinTenPercentOfCloudSim() {
        DatacenterWorkload day = DatacenterWorkloads.planetLab(DAY);
        DatacenterSetup setup = DatacenterSetup.cloudSim(800, CloudSimMigrationModel.INSTANCE, 42);
        List<Runnable> checks = new ArrayList<>();
        for (String name : System.getProperty("ferry.agents", "thr-mmt,lr-mmt").split(",")) {
            String[] pair = name.split("-");
            Detector d = Detector.valueOf(pair[0].toUpperCase());
            Selector s = Selector.valueOf(pair[1].toUpperCase());
            // CloudSim asks running VMs for 0 MB of memory (UtilizationModelNull): memory never limits its
            // consolidation (-Dferry.checkMemory=true shows what checking it does to the day)
            // and it starts every move of its migration map, a VM moved twice in a round migrating twice
            Counting agent = new Counting(Policies.agent(d, s, Map.of("checkMemory",
                    Boolean.getBoolean("ferry.checkMemory"), "decideEveryMove", !Boolean.getBoolean("ferry.lastMoveOnly"))),
                    !Boolean.getBoolean("ferry.lastMoveOnly"));
            // CloudSim places the day's VMs with the policy's static threshold: 0.8 for THR, the 0.7 fallback else
            Placement placement = Placement.pabfd(d == Detector.THR ? 0.8 : 0.7);
            DatacenterResult r = DatacenterSimulation.run(setup, day,
                    new Candidate(name, Optional.of(agent), PowerAccounting.BY_UTILISATION, placement), k -> { });
            long asCloudSim = r.day().migrations() + agent.superseded;
            double[] ref = CLOUDSIM.get(name);
            checks.add(() -> assertThat(r.day().agentFailures()).as(name + " decide() failures").isZero());
            if (ref == null) { // no CloudSim figure for this pair: print it
                System.out.printf("%-8s %7.2f kWh  %6d migrations, %6d as CloudSim counts  SLATAH %.4f  PDM %.5f"
                        + "  active %.1f  %.2f s%n", name, r.day().energyKWh(), r.day().migrations(), asCloudSim,
                        r.day().slatah(), r.day().pdm(), r.day().meanActiveHosts(), r.wallSeconds());
                continue;
            }
            System.out.printf("%-8s %7.2f kWh (CloudSim %.2f, %+.1f %%)  %6d migrations, %6d as CloudSim counts "
                    + "(CloudSim %.0f, %+.1f %% / %+.1f %%)  SLATAH %.4f  PDM %.5f  active %.1f  %.2f s%n", name,
                    r.day().energyKWh(), ref[0], 100 * (r.day().energyKWh() / ref[0] - 1), r.day().migrations(),
                    asCloudSim, ref[1], 100 * (r.day().migrations() / ref[1] - 1), 100 * (asCloudSim / ref[1] - 1),
                    r.day().slatah(), r.day().pdm(), r.day().meanActiveHosts(), r.wallSeconds());
            checks.add(() -> {
                assertThat(r.day().energyKWh()).as(name + " energy").isBetween(ref[0] * 0.9, ref[0] * 1.1);
                assertThat((double) asCloudSim).as(name + " migrations as CloudSim counts them")
                        .isBetween(ref[1] * 0.9, ref[1] * 1.1);
            });
        }
        if (!Boolean.getBoolean("ferry.checkMemory")) {
            checks.forEach(Runnable::run);
        }
    }
}
