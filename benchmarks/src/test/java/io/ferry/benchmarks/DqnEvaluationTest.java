package io.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.ferry.datacenter.DayMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@link DqnEvaluation}'s verdicts on hand-made figures, where every number is known. */
class DqnEvaluationTest {

    private static DayMetrics cloudSim(double esv, long migrations) {
        return new DayMetrics(100, migrations, 0.05, 0.001, 0.05 * 0.001, esv, 0, 50, 0, 0, OptionalDouble.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty());
    }

    private static DayMetrics pageLevel(long violations) {
        return new DayMetrics(100, 1000, 0.05, 0.001, 0.05 * 0.001, 1e-3, 0, 50, 0, 0, OptionalDouble.of(1),
                OptionalLong.of(violations), OptionalLong.of(1), OptionalDouble.of(0));
    }

    private static DqnEvaluation evaluation(List<DayMetrics> dqnCloudSim, List<Long> dqnPageLevel) {
        Map<String, DayMetrics> heuristics = new LinkedHashMap<>();
        heuristics.put("thr-mmt-0.8", cloudSim(8e-3, 30_000));
        heuristics.put("mad-mmt-2.5", cloudSim(5e-3, 20_000));
        heuristics.put("lr-mmt-1.2", cloudSim(5e-3, 25_000));
        Map<String, DayMetrics> page = new LinkedHashMap<>();
        page.put("thr-mmt-0.8", pageLevel(900));
        page.put("mad-mmt-2.5", pageLevel(700));
        page.put("lr-mmt-1.2", pageLevel(800));
        List<String> seeds = List.of("dqn-s42", "dqn-s43", "dqn-s44").subList(0, dqnCloudSim.size());
        return new DqnEvaluation("20110325", seeds, heuristics, dqnCloudSim, page,
                dqnPageLevel.stream().map(DqnEvaluationTest::pageLevel).toList());
    }

    @Test
    void bestHeuristicIsTheLowestEsvAndOnATieTheOneWithFewerMigrations() {
        DqnEvaluation e = evaluation(List.of(cloudSim(1e-3, 100)), List.of(10L));

        assertThat(e.bestCloudSim()).isEqualTo("mad-mmt-2.5");
        assertThat(e.bestPageLevel()).isEqualTo("mad-mmt-2.5");
        assertThat(e.bestPageLevelViolations()).isEqualTo(700);
    }

    @Test
    void targetWhenMeanMeetsItButOneSeedDoesNotThenMetAndTwoOfThreeSeedsAlone() {
        // best: ESV 5e-3, 20 000 migrations; 0.8 x best = 4e-3
        DqnEvaluation e = evaluation(List.of(cloudSim(1e-3, 1000), cloudSim(2e-3, 2000), cloudSim(6e-3, 3000)),
                List.of(100L, 200L, 900L));

        assertThat(e.cloudSim(DayMetrics::esv).mean()).isCloseTo(3e-3, within(1e-12));
        assertThat(e.cloudSim(DayMetrics::esv).std()).isCloseTo(Math.sqrt((4e-6 + 1e-6 + 9e-6) / 2), within(1e-12));
        assertThat(e.cloudSim(DayMetrics::migrations).std()).isCloseTo(1000, within(1e-9));
        assertThat(e.esvRatio()).isCloseTo(0.6, within(1e-12));
        assertThat(e.cloudSimMet()).isTrue();
        assertThat(e.cloudSimMet(2)).isFalse();
        assertThat(e.cloudSimSeedsMet()).isEqualTo(2);
        assertThat(e.pageLevelViolations().mean()).isCloseTo(400, within(1e-9));
        assertThat(e.pageLevelMet()).isTrue();
        assertThat(e.pageLevelSeedsMet()).isEqualTo(2);
        assertThat(e.format()).contains("cloudsim: best heuristic mad-mmt-2.5: ESV 5.000e-03, 20000 migrations")
                .contains("mean ESV / best = 0.6000").contains(": MET; seeds meeting it alone: 2 of 3")
                .contains("page-level: best heuristic mad-mmt-2.5: 700 SLA-violating migrations")
                .contains("mean 400.0 ± 435.9: MET; seeds below the best alone: 2 of 3");
    }

    @Test
    void targetWhenEsvLowEnoughButMoreMigrationsThanTheBestThenNotMet() {
        DqnEvaluation e = evaluation(List.of(cloudSim(1e-3, 20_000), cloudSim(1e-3, 20_001)),
                List.of(700L, 700L));

        assertThat(e.cloudSimMet()).isFalse();
        assertThat(e.cloudSimSeedsMet()).isZero();
        // equal to the best is not fewer
        assertThat(e.pageLevelMet()).isFalse();
        assertThat(e.format()).contains("NOT MET; seeds meeting it alone: 0 of 2")
                .contains("NOT MET; seeds below the best alone: 0 of 2");
    }

    @Test
    void targetWhenEsvExactlyPointEightOfTheBestThenMet() {
        DqnEvaluation e = evaluation(List.of(cloudSim(4e-3, 1)), List.of(1L));

        assertThat(e.cloudSimMet()).isTrue();
        assertThat(e.cloudSim(DayMetrics::esv).std()).isNaN();
    }

    @Test
    void constructorWhenDqnRowsDoNotMatchTheSeedsThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DqnEvaluation("d", List.of("a", "b"),
                Map.of("h", cloudSim(1, 1)), List.of(cloudSim(1, 1)), Map.of("h", pageLevel(1)),
                List.of(pageLevel(1), pageLevel(2)))).withMessageContaining("2 seeds but 1 cloudsim");
    }

    @Test
    void constructorWhenAPageLevelRowHasNoViolationCountThenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DqnEvaluation("d", List.of("a"),
                Map.of("h", cloudSim(1, 1)), List.of(cloudSim(1, 1)), Map.of("h", cloudSim(1, 1)),
                List.of(pageLevel(1)))).withMessageContaining("no SLA-violating migration count");
    }
}
