package io.ferry.agent.consolidation.internal;

import static io.ferry.api.testing.TestPool.alternate;
import static io.ferry.api.testing.TestPool.pool;
import static io.ferry.api.testing.TestPool.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.agent.consolidation.internal.Policies.Detector;
import io.ferry.agent.consolidation.internal.Policies.Selector;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.PowerCurve;
import io.ferry.api.testing.TestPool;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsolidationAgentTest {

    private static ConsolidationAgent agent(Detector d, Selector s, Map<String, ?> settings) {
        return Policies.agent(d, s, settings);
    }

    private static final ConsolidationAgent THR_MMT = agent(Detector.THR, Selector.MMT, Map.of());
    private static final Map<String, Object> NO_UNDERLOAD = Map.of("consolidateUnderloaded", false);

    private static List<String> moves(List<MigrationDecision> decisions) {
        return decisions.stream().map(d -> d.vm().value() + ":" + d.source().value() + "->" + d.target().value())
                .toList();
    }

    @Test
    void thrWhenHostRequestsMoreThanThresholdThenShedsTheLeastMemoryVmToTheCheapestHost() {
        List<MigrationDecision> d = THR_MMT.decide(pool().host("h0", 2, 1000).host("h1", 2, 1000)
                .vm("a", "h0", 0.81, 1000, 1000).vm("b", "h0", 0.81, 500, 1000).context());
        assertThat(moves(d)).containsExactly("b:h0->h1");
        assertThat(d.get(0).agent()).isEqualTo("thr-mmt");
        assertThat(d.get(0).reason()).isEqualTo("host h0 overloaded (THR 0.81 > 0.80); MMT; PABFD +40.5 W");
    }

    @Test
    void thrWhenHostRequestsLessThanThresholdThenNothingMoves() {
        assertThat(THR_MMT.decide(pool().host("h0", 2, 1000).host("h1", 2, 1000)
                .vm("a", "h0", 0.79, 1000, 1000).vm("b", "h0", 0.79, 500, 1000).context())).isEmpty();
    }

    @Test
    void selectionWhenTheBestVmIsBlockedThenTakesTheNextOne() {
        List<MigrationDecision> d = THR_MMT.decide(pool().host("h0", 2, 1000).host("h1", 2, 1000)
                .vm("a", "h0", 0.81, 1000, 1000).vm("b", "h0", 0.81, 500, 1000).blocked("b").context());
        assertThat(moves(d)).containsExactly("a:h0->h1");
    }

    @Test
    void iqrWhenHistoryIsShortThenFallsBackToSeventyPercent() {
        ConsolidationAgent iqr = agent(Detector.IQR, Selector.MMT, Map.of());
        List<MigrationDecision> d = iqr.decide(pool().host("h0", 1, 1000).host("h1", 1, 1000)
                .vm("a", "h0", 0.75, 1000, 1000, alternate(0.6, 0.9, 11)).context());
        assertThat(moves(d)).containsExactly("a:h0->h1");
        assertThat(d.get(0).reason()).startsWith("host h0 overloaded (short history, THR 0.75 > 0.70)");
        assertThat(iqr.decide(pool().host("h0", 1, 1000).host("h1", 1, 1000)
                .vm("a", "h0", 0.6, 1000, 1000, alternate(0.6, 0.9, 11)).context())).isEmpty();
    }

    @Test
    void iqrWhenTwelveValuesThenItsOwnThresholdOneMinusSTimesIqr() {
        // IQR of six 0.6 and six 0.9 at CloudSim's quartile indices 2 and 9: 0.3; 1 - 1.5 × 0.3 = 0.55 < 0.6
        List<MigrationDecision> d = agent(Detector.IQR, Selector.MMT, Map.of()).decide(pool().host("h0", 1, 1000)
                .host("h1", 1, 1000).vm("a", "h0", 0.6, 1000, 1000, alternate(0.6, 0.9, 12)).context());
        assertThat(moves(d)).containsExactly("a:h0->h1");
        assertThat(d.get(0).reason()).startsWith("host h0 overloaded (IQR 0.60 > 0.55)");
        // a steady history: IQR 0, threshold 1, so even 0.75 (over the fallback) is fine
        assertThat(agent(Detector.IQR, Selector.MMT, Map.of()).decide(pool().host("h0", 1, 1000).host("h1", 1, 1000)
                .vm("a", "h0", 0.75, 1000, 1000, repeat(0.75, 12)).context())).isEmpty();
    }

    @Test
    void madWhenTwelveValuesThenItsOwnThresholdElseTheFallback() {
        // median 0.7, every deviation 0.2: MAD 0.2; 1 - 2.5 × 0.2 = 0.5 < 0.6
        ConsolidationAgent mad = agent(Detector.MAD, Selector.MMT, Map.of());
        List<MigrationDecision> d = mad.decide(pool().host("h0", 1, 1000).host("h1", 1, 1000)
                .vm("a", "h0", 0.6, 1000, 1000, alternate(0.5, 0.9, 12)).context());
        assertThat(moves(d)).containsExactly("a:h0->h1");
        assertThat(d.get(0).reason()).startsWith("host h0 overloaded (MAD 0.60 > 0.50)");
        assertThat(mad.decide(pool().host("h0", 1, 1000).host("h1", 1, 1000)
                .vm("a", "h0", 0.6, 1000, 1000, alternate(0.5, 0.9, 11)).context())).isEmpty();
    }

    @Test
    void lrWhenRisingHistoryThenPredictsFromTheSlopeBeyondTheMigration() {
        // 0.50, 0.54, … 0.86 at x = 1 … 10: y = 0.46 + 0.04 x; a 1000 MB VM takes 16 s at 62.5 MB/s, one
        // interval: x = 11, 0.90 × 1.2 = 1.08 >= 1, although the host requests 0.6 now
        double[] rising = new double[10];
        for (int i = 0; i < 10; i++) {
            rising[i] = 0.50 + 0.04 * i;
        }
        for (Detector lr : List.of(Detector.LR, Detector.LRR)) {
            List<MigrationDecision> d = agent(lr, Selector.MMT, Map.of()).decide(pool().host("h0", 1, 1000)
                    .host("h1", 1, 1000).vm("a", "h0", 0.6, 1000, 1000, rising).context());
            assertThat(moves(d)).containsExactly("a:h0->h1");
            assertThat(d.get(0).reason()).startsWith("host h0 overloaded (" + lr + " predicts 1.08)");
        }
        // higher but flat: 0.8 × 1.2 = 0.96 < 1
        assertThat(agent(Detector.LR, Selector.MMT, Map.of()).decide(pool().host("h0", 1, 1000).host("h1", 1, 1000)
                .vm("a", "h0", 0.6, 1000, 1000, repeat(0.8, 10)).context())).isEmpty();
    }

    @Test
    void lrWhenFewerThanTenValuesThenFallsBackToSeventyPercent() {
        double[] rising = new double[9];
        for (int i = 0; i < 9; i++) {
            rising[i] = 0.54 + 0.04 * i;
        }
        ConsolidationAgent lr = agent(Detector.LR, Selector.MMT, Map.of());
        assertThat(lr.decide(pool().host("h0", 1, 1000).host("h1", 1, 1000)
                .vm("a", "h0", 0.6, 1000, 1000, rising).context())).isEmpty();
        assertThat(lr.decide(pool().host("h0", 1, 1000).host("h1", 1, 1000)
                .vm("a", "h0", 0.72, 1000, 1000, rising).context()).get(0).reason())
                .startsWith("host h0 overloaded (short history, THR 0.72 > 0.70)");
    }

    @Test
    void pabfdThenPicksTheHostWhosePowerRisesLeast() {
        ConsolidationAgent a = agent(Detector.THR, Selector.MMT, NO_UNDERLOAD);
        List<MigrationDecision> d = a.decide(pool().host("h0", 1, 1000)
                .host("h1", 1, 1000, 4096, PowerCurve.linear(100, 200))
                .host("h2", 1, 1000, 4096, PowerCurve.linear(100, 150))
                .vm("x", "h0", 0.4, 1000, 1000).vm("v", "h0", 0.5, 500, 1000)
                .vm("w1", "h1", 0.25, 1000, 1000).vm("w2", "h2", 0.3, 1000, 1000).context());
        assertThat(moves(d)).containsExactly("v:h0->h2");
        assertThat(d.get(0).reason()).endsWith("PABFD +25.0 W");
    }

    @Test
    void pabfdWhenTheCheapestHostWouldBeOverloadedThenSkipsIt() {
        ConsolidationAgent a = agent(Detector.THR, Selector.MMT, NO_UNDERLOAD);
        List<MigrationDecision> d = a.decide(pool().host("h0", 1, 1000)
                .host("h1", 1, 1000, 4096, PowerCurve.linear(100, 200))
                .host("h2", 1, 1000, 4096, PowerCurve.linear(100, 150))
                .vm("x", "h0", 0.4, 1000, 1000).vm("v", "h0", 0.5, 500, 1000)
                .vm("w1", "h1", 0.25, 1000, 1000).vm("w2", "h2", 0.35, 1000, 1000).context());
        assertThat(moves(d)).containsExactly("v:h0->h1");
    }

    @Test
    void pabfdWhenACoreIsSlowerThanTheVcpuRequestThenNotATarget() {
        // v asks 900 MIPS of one vCPU; h1's cores give 800: only h2 qualifies though h1 is cheaper
        ConsolidationAgent a = agent(Detector.THR, Selector.MMT, NO_UNDERLOAD);
        List<MigrationDecision> d = a.decide(pool().host("h0", 2, 1000)
                .host("h1", 4, 800, 4096, PowerCurve.linear(100, 110))
                .host("h2", 2, 1000, 4096, PowerCurve.linear(100, 200))
                .vm("x", "h0", 0.9, 1000, 1000).vm("v", "h0", 0.9, 500, 1000).context());
        assertThat(moves(d)).containsExactly("v:h0->h2");
    }

    @Test
    void underloadWhenAllItsVmsFitElsewhereThenTheHostIsEmptied() {
        List<MigrationDecision> d = THR_MMT.decide(pool().host("h0", 2, 1000).host("h1", 2, 1000)
                .vm("a", "h0", 0.1, 1000, 1000).vm("b", "h0", 0.1, 1000, 1000).vm("c", "h1", 1.0, 1000, 1000)
                .context());
        assertThat(moves(d)).containsExactlyInAnyOrder("a:h0->h1", "b:h0->h1");
        assertThat(d.get(0).reason()).startsWith("host h0 underloaded (10% CPU, least used); all 2 VMs placed; PABFD");
    }

    @Test
    void underloadWhenNotAllItsVmsFitThenNoneMoves() {
        // h1 has 1596 MB free: one of a, b fits, not both
        assertThat(THR_MMT.decide(pool().host("h0", 2, 1000).host("h1", 2, 1000)
                .vm("a", "h0", 0.1, 1000, 1000).vm("b", "h0", 0.1, 1000, 1000).vm("c", "h1", 1.0, 2500, 1000)
                .context())).isEmpty();
    }

    @Test
    void checkMemoryFalseThenMemoryNeverLimitsATargetAsInCloudSim() {
        TestPool pool = pool().host("h0", 2, 1000).host("h1", 2, 1000)
                .vm("a", "h0", 0.1, 1000, 1000).vm("b", "h0", 0.1, 1000, 1000).vm("c", "h1", 1.0, 2500, 1000);
        assertThat(THR_MMT.decide(pool.context())).isEmpty();
        assertThat(moves(agent(Detector.THR, Selector.MMT, Map.of("checkMemory", false)).decide(pool.context())))
                .containsExactly("a:h0->h1", "b:h0->h1");
    }

    @Test
    void underloadNeverWakesASwitchedOffHost() {
        assertThat(THR_MMT.decide(pool().host("h0", 2, 1000).host("h1", 2, 1000)
                .vm("a", "h0", 0.1, 1000, 1000).context())).isEmpty();
    }

    @Test
    void roundWhenAVmMovesTwiceThenOneDecisionToItsLastTarget() {
        // v leaves overloaded h0 for h1 (cheaper than h2); h1 is then the least used host and is emptied into h2,
        // v with it: CloudSim does not exclude the overload step's targets from the underload step
        TestPool pool = pool().host("h0", 1, 1000)
                .host("h1", 1, 1000, 4096, PowerCurve.linear(100, 200))
                .host("h2", 1, 1000, 4096, PowerCurve.linear(100, 300))
                .vm("x", "h0", 0.5, 1000, 1000).vm("v", "h0", 0.4, 500, 1000)
                .vm("y", "h1", 0.1, 1000, 1000).vm("z", "h2", 0.2, 1000, 1000);
        List<MigrationDecision> d = THR_MMT.decide(pool.context());
        assertThat(moves(d)).containsExactly("v:h0->h2", "y:h1->h2");
        assertThat(d.get(0).reason()).startsWith("host h1 underloaded");
        assertThat(THR_MMT.decideRound(pool.context()).superseded()).as("CloudSim would count 3 migrations").isEqualTo(1);
        // CloudSim's migration map, move by move: v to h1, then v from h1 on to h2, and y
        assertThat(moves(agent(Detector.THR, Selector.MMT, Map.of("decideEveryMove", true)).decide(pool.context())))
                .containsExactly("v:h0->h1", "v:h1->h2", "y:h1->h2");
    }

    @Test
    void maintenanceHostThenEvacuatedAndNeverATarget() {
        List<MigrationDecision> d = THR_MMT.decide(pool().host("h0", 1, 1000).host("h1", 1, 1000)
                .host("h2", 1, 1000, 4096, PowerCurve.linear(100, 300)).vm("a", "h0", 0.2, 1000, 1000).vm("b", "h1", 0.3, 1000, 1000).maintenance("h0").context());
        assertThat(moves(d)).containsExactly("a:h0->h1");
        assertThat(d.get(0).reason()).startsWith("host h0 in maintenance; PABFD");
        assertThat(THR_MMT.decide(pool().host("h0", 2, 1000).host("h1", 2, 1000).host("h2", 2, 1000)
                .vm("a", "h0", 0.81, 1000, 1000).vm("b", "h0", 0.81, 500, 1000).maintenance("h1").context()))
                .extracting(MigrationDecision::target).containsExactly(new HostId("h2"));
    }

    @Test
    void withoutCapacityThenCountsCpusAndUtilisationStandsInForPower() {
        List<MigrationDecision> d = THR_MMT.decide(pool().hostWithoutCapacity("h0", 2, 4096)
                .hostWithoutCapacity("h1", 2, 4096).vm("a", "h0", 0.9, 1000, 0).vm("b", "h0", 0.8, 500, 0).context());
        assertThat(moves(d)).containsExactly("b:h0->h1");
        assertThat(d.get(0).reason()).isEqualTo("host h0 overloaded (THR 0.85 > 0.80); MMT; best fit +40% CPU");
    }

    @Test
    void sameContextThenSameDecisions() {
        ConsolidationAgent rs = agent(Detector.LR, Selector.RS, Map.of("seed", 7));
        var pool = pool().host("h0", 2, 1000).host("h1", 2, 1000).host("h2", 2, 1000)
                .vm("a", "h0", 0.9, 1000, 1000).vm("b", "h0", 0.9, 900, 1000).vm("c", "h1", 0.2, 800, 1000);
        assertThat(rs.decide(pool.context())).isEqualTo(rs.decide(pool.context())).isNotEmpty();
    }
}
