package io.ferry.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folding real runs, the errors, the summary against the targets, and the three files. */
class FidelityReportsTest {

    @TempDir
    Path dir;

    private static ResultRow row(String scenario, String policy, String technique, double totalMs, double downMs,
            long bytes, int rounds) {
        return new ResultRow(scenario, policy, technique, 512L << 20, 64 * 1048576.0, 1, 300, 1, totalMs, downMs,
                bytes, bytes / 4096, 0, rounds, 0, 0, 0, downMs > 300, Optional.empty(), List.of());
    }

    private static FidelityRow fidelity(String scenario, String policy, double realTotal, double simTotal,
            double realDown, double simDown) {
        return FidelityRow.ofRuns(List.of(row(scenario, policy, "PRE_COPY", realTotal, realDown, 100L << 20, 1)), 0,
                row(scenario, policy, "PRE_COPY", simTotal, simDown, 110L << 20, 1));
    }

    @Test
    void ofRunsWhenThreeRunsThenMediansRangesAndTheMostFrequentTechnique() {
        List<ResultRow> runs = List.of(row("s", "p", "HYBRID", 5000, 40, 300L << 20, 2),
                row("s", "p", "PRE_COPY", 4000, 60, 280L << 20, 2), row("s", "p", "HYBRID", 6000, 50, 310L << 20, 3));
        FidelityRow r = FidelityRow.ofRuns(runs, 0, row("s", "p", "HYBRID", 4500, 45, 290L << 20, 2));
        assertThat(r.runs()).isEqualTo(3);
        assertThat(r.real().technique()).isEqualTo("HYBRID");
        assertThat(r.real().totalTimeMs()).isEqualTo(5000);
        assertThat(r.real().downtimeMs()).isEqualTo(50);
        assertThat(r.real().bytesSent()).isEqualTo(300L << 20);
        assertThat(r.real().rounds()).isEqualTo(2);
        assertThat(r.realSpread().totalTimeMs()).isEqualTo(new FidelityRow.Range(4000, 6000));
        assertThat(r.relativeError(FidelityRow.Figure.TOTAL_TIME).getAsDouble()).isCloseTo(-0.1, within(1e-12));
        assertThat(r.downtimeWithinTarget()).isTrue();
    }

    private static ResultRow noted(String scenario, double totalMs, String note) {
        ResultRow r = row(scenario, ScenarioSuites.QEMU_DEFAULT, "PRE_COPY", totalMs, 40, 100L << 20, 3);
        return new ResultRow(r.scenario(), r.policy(), r.technique(), r.memoryBytes(), r.bandwidthBytesPerSec(),
                r.concurrentMigrations(), r.downtimeBudgetMs(), r.seed(), r.totalTimeMs(), r.downtimeMs(),
                r.bytesSent(), r.pagesSent(), r.pagesResent(), r.rounds(), r.postcopyFaults(), r.degradedMs(),
                r.faultStallMs(), r.slaViolated(), r.predicted(), note == null ? List.of() : List.of(note));
    }

    @Test
    void summaryWhenASweepUnderQemusOwnRuleThenEachPointSaysWhetherBothSidesConverged() {
        List<FidelityRow> rows = List.of(
                FidelityRow.ofRuns(List.of(noted("edge-17k", 4500, null)), 0, noted("edge-17k", 4400, null)),
                FidelityRow.ofRuns(List.of(noted("edge-18k", 5000, null)), 0,
                        noted("edge-18k", 20040, "engine limit reached in round 143; stopping and copying")),
                FidelityRow.ofRuns(List.of(noted("edge-30k", 20000, "CANCELLED: not converged")), 0,
                        noted("edge-30k", 20050, "engine limit reached in round 63; stopping and copying")),
                fidelity("other", "precopy", 1000, 1000, 20, 20));

        FidelitySummary s = FidelitySummary.of(rows);

        assertThat(s.convergence()).extracting(FidelitySummary.Convergence::scenario)
                .containsExactly("edge-17k", "edge-18k", "edge-30k");
        assertThat(s.convergence()).extracting(FidelitySummary.Convergence::agrees).containsExactly(true, false, true);
        assertThat(s.convergence().get(1).real()).isTrue();
        assertThat(s.convergence().get(1).simulated()).isFalse();
        assertThat(s.lines()).contains("converges where QEMU converges:   2 of 3 points (edge-17k real yes/sim yes, "
                + "edge-18k real yes/sim no !, edge-30k real no/sim no)");
        // the point QEMU did not converge on never paused the guest: it is left out of the pause comparison
        assertThat(s.downtimeRows()).isEqualTo(3);
        assertThat(s.lines()).contains("of 3 rows").contains("1 row(s) without a real pause (not converged) left out");
        // no row under QEMU's own rule: no such line
        assertThat(FidelitySummary.of(List.of(fidelity("other", "precopy", 1, 1, 1, 1))).lines())
                .doesNotContain("converges where");
    }

    @Test
    void downtimeTargetWhenOff30msAnd30PercentThenMissedElseMet() {
        assertThat(fidelity("s", "p", 1, 1, 50, 79).downtimeWithinTarget()).isTrue();
        assertThat(fidelity("s", "p", 1, 1, 50, 81).downtimeWithinTarget()).isFalse();
        assertThat(fidelity("s", "p", 1, 1, 1000, 1290).downtimeWithinTarget()).isTrue();
        assertThat(fidelity("s", "p", 1, 1, 1000, 1310).downtimeWithinTarget()).isFalse();
    }

    @Test
    void summaryWhenTheEngineSwapsTwoPoliciesThenThatScenarioDisagreesAndTiesDoNotCount() {
        List<FidelityRow> rows = List.of(
                fidelity("a", "precopy", 5000, 5100, 40, 45), fidelity("a", "postcopy", 3000, 3100, 700, 650),
                fidelity("a", "hybrid", 5050, 4900, 41, 44),
                fidelity("b", "precopy", 5000, 2000, 40, 45), fidelity("b", "postcopy", 3000, 3100, 700, 650));
        FidelitySummary s = FidelitySummary.of(rows);
        // a: precopy and hybrid are within 5 % in reality (a tie); postcopy first either way: agrees
        assertThat(s.orderings().get("a").get(FidelityRow.Figure.TOTAL_TIME).agrees()).isTrue();
        assertThat(s.orderings().get("a").get(FidelityRow.Figure.TOTAL_TIME).pairs()).isEqualTo(2);
        assertThat(s.orderings().get("b").get(FidelityRow.Figure.TOTAL_TIME).agrees()).isFalse();
        assertThat(s.scenariosAgreeing(FidelityRow.Figure.TOTAL_TIME)).isEqualTo(1);
        assertThat(s.medianBytesError()).isCloseTo(0.10, within(1e-9));
        assertThat(s.downtimeWithin()).isEqualTo(5);
        assertThat(s.lines()).contains("bytes:      10.0 % (target <= 15 %: met)")
                .contains("not: b (real postcopy < precopy, simulated precopy < postcopy)");
    }

    @Test
    void summaryWhenTheRealRangesOverlapThenThePairIsATieWhateverTheMedians() {
        List<ResultRow> a = List.of(row("s", "precopy", "PRE_COPY", 5000, 15, 1, 1), row("s", "precopy", "PRE_COPY",
                5000, 29, 1, 1), row("s", "precopy", "PRE_COPY", 5000, 13, 1, 1));
        List<ResultRow> b = List.of(row("s", "hybrid", "PRE_COPY", 5000, 18, 1, 1), row("s", "hybrid", "PRE_COPY",
                5000, 24, 1, 1), row("s", "hybrid", "PRE_COPY", 5000, 16, 1, 1));
        FidelityRow ra = FidelityRow.ofRuns(a, 0, row("s", "precopy", "PRE_COPY", 5000, 23, 1, 1));
        FidelityRow rb = FidelityRow.ofRuns(b, 0, row("s", "hybrid", "PRE_COPY", 5000, 23, 1, 1));
        FidelitySummary.Ordering o = FidelitySummary.of(List.of(ra, rb)).orderings().get("s")
                .get(FidelityRow.Figure.DOWNTIME);
        assertThat(o.pairs()).isZero();
        assertThat(o.agrees()).isTrue();
    }

    @Test
    void summaryWhenTheEngineTiesWhatRealityOrdersThenThePairDisagreesAndTheLineShowsTheTie() {
        List<ResultRow> a = List.of(row("s", "precopy", "PRE_COPY", 5000, 31, 1, 1), row("s", "precopy", "PRE_COPY",
                5000, 38, 1, 1), row("s", "precopy", "PRE_COPY", 5000, 39, 1, 1));
        List<ResultRow> b = List.of(row("s", "hybrid", "PRE_COPY", 5000, 44, 1, 1), row("s", "hybrid", "PRE_COPY",
                5000, 52, 1, 1), row("s", "hybrid", "PRE_COPY", 5000, 53, 1, 1));
        FidelityRow ra = FidelityRow.ofRuns(a, 0, row("s", "precopy", "PRE_COPY", 5000, 9.5, 1, 1));
        FidelityRow rb = FidelityRow.ofRuns(b, 0, row("s", "hybrid", "PRE_COPY", 5000, 9.5, 1, 1));
        FidelitySummary summary = FidelitySummary.of(List.of(ra, rb));
        FidelitySummary.Ordering o = summary.orderings().get("s").get(FidelityRow.Figure.DOWNTIME);
        assertThat(o.pairs()).isEqualTo(1);
        assertThat(o.agreeing()).isZero();
        assertThat(o.realText()).isEqualTo("precopy < hybrid");
        assertThat(o.simulatedText()).isEqualTo("precopy = hybrid");
        assertThat(summary.lines()).contains("not: s (real precopy < hybrid, simulated precopy = hybrid)");
    }

    @Test
    void writeAllWhenRowsThenJsonHasResultsKeysOnBothSidesAndCsvAndHtmlExist() throws IOException {
        List<FidelityRow> rows = List.of(fidelity("a", "precopy", 5000, 5100, 40, 45),
                fidelity("a", "postcopy", 3000, 3300, 700, 650));
        List<Path> files = FidelityReports.writeAll(rows, Map.of("command", "ferry fidelity <x>"), dir);
        JsonNode json = new ObjectMapper().readTree(files.get(0).toFile());
        assertThat(json.size()).isEqualTo(2);
        JsonNode first = json.get(0);
        assertThat(first.path("scenario").asText()).isEqualTo("a");
        assertThat(first.path("runs").asInt()).isEqualTo(1);
        assertThat(first.path("corruptedPages").asLong()).isZero();
        List<String> keys = List.of("scenario", "policy", "technique", "totalTimeMs", "downtimeMs", "bytesSent",
                "rounds", "postcopyFaults", "notes");
        for (String side : List.of("real", "simulated")) {
            for (String k : keys) {
                assertThat(first.path(side).has(k)).as(side + "." + k).isTrue();
            }
        }
        assertThat(first.path("relativeError").path("totalTimeMs").asDouble()).isCloseTo(0.02, within(1e-9));
        assertThat(Files.readAllLines(files.get(1))).hasSize(3).first().asString().startsWith("scenario,policy,runs");
        String html = Files.readString(files.get(2));
        assertThat(html).contains("chart-total").contains("ferry fidelity &lt;x&gt;").doesNotContain("{{");
        assertThat(FidelityReports.comparisonTable(rows)).contains("postcopy").contains("+10%");
        assertThat(FidelityReports.realTable(rows)).contains("5.00 [5.00-5.00]");
    }
}
