package io.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ferry.api.model.MigrationOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Runs both swap scenarios on a small pool for a few cycles and checks their outcomes: every decision accounted
 * for, every swap seen. Never a time.
 */
class SwapRunsTest {

    @Test
    void swapUnderLoadWhenSmallPoolThenEveryDecisionIsAccountedFor() throws Exception {
        SwapUnderLoadRun.Options options = SwapUnderLoadRun.Options.parse(new String[] {"hosts=8", "vms=40",
            "seconds=6", "failureRate=0.2", "drainSeconds=60"});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        DecisionLedger.Report report = SwapUnderLoadRun.run(options, new PrintStream(bytes, true,
                StandardCharsets.UTF_8));

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(report.problems()).as(printed).isEmpty();
        assertThat(report.ok()).isTrue();
        assertThat(report.lost()).isZero();
        assertThat(report.duplicated()).isZero();
        assertThat(report.policyMismatches()).isZero();
        assertThat(report.proposed()).as("the agent decided").isPositive();
        assertThat(report.started()).as("migrations ran: not dry-run").isPositive();
        assertThat(report.outcomes().values().stream().mapToLong(Long::longValue).sum() + report.noOutcome())
                .isEqualTo(report.started());
        assertThat(report.swaps()).containsKeys(DecisionLedger.Path.SELECT, DecisionLedger.Path.CONFIGURE);
        assertThat(report.vmsChecked()).isEqualTo(40);
        assertThat(printed).contains("lost: 0, duplicated: 0");
        assertThat(report.outcomes()).containsKey(MigrationOutcome.Status.COMPLETED);
    }

    @Test
    void swapLatencyWhenSmallPoolThenEverySwapIsSeenThroughBothPaths() throws Exception {
        SwapLatencyRun.Options options = SwapLatencyRun.Options.parse(new String[] {"hosts=8", "vms=40", "samples=2",
            "warmup=1", "maxDecisionsPerCycle=1000"});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        SwapLatencyRun.Result result = SwapLatencyRun.run(options, new PrintStream(bytes, true,
                StandardCharsets.UTF_8));

        assertThat(result.failures()).as(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(result.byPath()).containsOnlyKeys(DecisionLedger.Path.SELECT, DecisionLedger.Path.CONFIGURE);
        assertThat(result.byPath().values()).allSatisfy(f -> {
            assertThat(f.latency()).hasSize(2);
            assertThat(f.own()).hasSize(2);
            assertThat(f.call()).hasSize(2);
        });
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("change -> first DECISION with new policy");
    }

    @Test
    void optionsWhenUnknownOrOutOfRangeThenNameTheKey() {
        assertThatIllegalArgumentException().isThrownBy(() -> SwapUnderLoadRun.Options.parse(new String[] {"vm=3"}))
                .withMessageContaining("unknown key 'vm'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SwapLatencyRun.Options.parse(new String[] {"intervalSeconds=0"}))
                .withMessageContaining("intervalSeconds = 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SwapUnderLoadRun.Options.parse(new String[] {"swapMinMillis=500",
                    "swapMaxMillis=100"}))
                .withMessageContaining("swapMaxMillis = 100");
    }
}
