package io.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ferry.engine.EngineScenario;
import io.ferry.engine.SimulationResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Runs the suite benchmark's and the cold run's bodies once on the small {@code smoke} suite and checks that every
 * policy ran every scenario to a physically possible end.
 */
class SuiteBenchmarkTest {

    @Test
    void wholeSuiteThreePoliciesWhenSmokeSuiteThenEveryPolicyRunsEveryScenario() {
        SuiteBenchmark benchmark = new SuiteBenchmark();
        benchmark.suite = "smoke";
        benchmark.seed = SuiteRun.DEFAULT_SEED;
        benchmark.setUp();

        List<SimulationResult> results = benchmark.wholeSuiteThreePolicies();

        Map<String, EngineScenario> scenarios = SuiteRun.of("smoke", SuiteRun.DEFAULT_SEED).scenarios().stream()
                .collect(Collectors.toMap(EngineScenario::name, Function.identity()));
        assertThat(results).extracting(r -> r.policy() + "/" + r.scenario()).containsExactlyInAnyOrderElementsOf(
                ShippedPolicies.NAMES.stream().flatMap(p -> scenarios.keySet().stream().map(s -> p + "/" + s))
                        .toList());
        assertThat(results).allSatisfy(result -> {
            EngineScenario scenario = scenarios.get(result.scenario());
            double floorSeconds = scenario.memoryBytes() / scenario.link().bandwidthBytesPerSec();
            assertThat(result.run().metrics().totalTime().toNanos()).as("%s/%s: total time >= memory / bandwidth",
                    result.policy(), result.scenario()).isGreaterThanOrEqualTo((long) Math.floor(floorSeconds * 1e9));
        });
    }

    @Test
    void ofWhenStandardSuiteThenTwentyOneSimulations() {
        assertThat(SuiteRun.of("standard", SuiteRun.DEFAULT_SEED).simulations()).isEqualTo(7 * 3);
    }

    @Test
    void ofWhenUnknownSuiteThenNamesTheKnownOnes() {
        assertThatIllegalArgumentException().isThrownBy(() -> SuiteRun.of("nope", 1))
                .withMessageContaining("nope").withMessageContaining("standard");
    }

    @Test
    void coldRunWhenTwoRunsThenPrintsOneLinePerRun() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        List<SimulationResult> results = ColdSuiteRun.run("smoke", SuiteRun.DEFAULT_SEED, 2, System.nanoTime(),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).satisfiesExactly(
                header -> assertThat(header).isEqualTo(
                        "suite smoke: 3 scenarios x 3 policies = 9 simulations, seed " + SuiteRun.DEFAULT_SEED),
                first -> assertThat(first).matches("run 1 \\(cold\\): \\d+\\.\\d ms"),
                second -> assertThat(second).matches("run 2: \\d+\\.\\d ms"));
        assertThat(results).hasSize(9);
    }
}
