package io.ferry.shell.internal;

import static io.ferry.shell.internal.Fixtures.T0;
import static io.ferry.shell.internal.Fixtures.line;
import static io.ferry.shell.internal.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.PoolId;
import io.ferry.controller.AuditRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HistoryCommandTest {

    private final FakeController controller = new FakeController();
    private final HistoryCommand command = new HistoryCommand();

    @BeforeEach
    void auditLog() {
        command.controller = controller;
        controller.pools.add(Fixtures.pool("xen", "xenserver", Fixtures.selection("precopy")));
        controller.pools.add(Fixtures.pool("sim", "simulator", Fixtures.selection("hybrid")));
        controller.history.add(Fixtures.record(AuditRecord.Type.SELECTION, "xen", T0, "policy precopy by operator"));
        controller.history.add(Fixtures.record(AuditRecord.Type.DECISION, "xen", T0.plusSeconds(10), "cpu 91%"));
        controller.history.add(Fixtures.outcome("xen", T0.plusSeconds(60), Duration.ofMillis(12_000),
                Duration.ofMillis(250), Duration.ofMillis(13_500), Duration.ofMillis(310)));
        controller.history.add(Fixtures.record(AuditRecord.Type.REFUSED, "sim", T0.plusSeconds(70),
                "host-b is in maintenance"));
    }

    @Test
    void executeThenOutcomeShowsPredictedBesideActualTotalAndDowntime() throws Exception {
        String out = run(command);

        String outcome = line(out, "outcome");
        assertThat(outcome).contains("vm-web", "host-a → host-b", "threshold", "precopy",
                "io.ferry.policy-precopy/0.1.0", "completed");
        assertThat(outcome.indexOf("12.0 s")).isPositive().isLessThan(outcome.indexOf("13.5 s"));
        assertThat(outcome.indexOf("13.5 s")).isLessThan(outcome.indexOf("250.0 ms"));
        assertThat(outcome.indexOf("250.0 ms")).isLessThan(outcome.indexOf("310.0 ms"));
        assertThat(out).contains("Predicted total", "Actual total", "Predicted downtime", "Actual downtime");
    }

    @Test
    void executeWhenTheHypervisorMeasuredNoDowntimeThenShowsNotMeasuredNotZero() throws Exception {
        AuditRecord measured = Fixtures.outcome("xen", T0.plusSeconds(80), Duration.ofMillis(12_000),
                Duration.ofMillis(250), Duration.ofMillis(14_000), Duration.ZERO);
        MigrationMetrics m = measured.actual().orElseThrow();
        MigrationMetrics xapi = new MigrationMetrics(m.totalTime(), Duration.ZERO, 0, 0, 0, 0, 0, Duration.ZERO,
                Duration.ZERO, false, Set.of(MigrationMetrics.Figure.DOWNTIME, MigrationMetrics.Figure.BYTES));
        controller.history.clear();
        controller.history.add(new AuditRecord(measured.time(), measured.type(), measured.pool(),
                measured.migration(), measured.vm(), measured.source(), measured.target(), measured.agent(),
                measured.policy(), measured.bundle(), measured.predicted(), Optional.of(xapi), measured.status(),
                false, "completed"));

        String outcome = line(run(command), "outcome");

        assertThat(outcome).contains("14.0 s", "250.0 ms", "not measured").doesNotContain(" 0.0 ms");
    }

    @Test
    void executeWhenTheEngineFellBackThenTheStatusSaysFallbackNotPlainCompleted() throws Exception {
        AuditRecord m = Fixtures.outcome("sim", T0.plusSeconds(80), Duration.ofMillis(2_000), Duration.ofMillis(19),
                Duration.ofMillis(8_000), Duration.ofMillis(6_100));
        controller.history.clear();
        controller.history.add(new AuditRecord(m.time(), m.type(), m.pool(), m.migration(), m.vm(), m.source(),
                m.target(), m.agent(), m.policy(), m.bundle(), m.predicted(), m.actual(), m.status(), false,
                "FALLBACK, not steered by the policy to the end (policy failed after round 1)", true));

        String outcome = line(run(command), "outcome");

        assertThat(outcome).contains("completed (fallback)", "FALLBACK");
    }

    @Test
    void executeThenRecordsOldestFirst() throws Exception {
        String out = run(command);

        assertThat(out.indexOf("selection")).isLessThan(out.indexOf("decision"));
        assertThat(out.indexOf("decision")).isLessThan(out.indexOf("outcome"));
        assertThat(out.indexOf("outcome")).isLessThan(out.indexOf("host-b is in maintenance"));
        assertThat(line(out, "selection")).contains("2025-03-01T10:15:30Z", "policy precopy by operator");
    }

    @Test
    void executeWhenPoolNamedThenAsksForThatPoolOnly() throws Exception {
        command.pool = "sim";

        String out = run(command);

        assertThat(controller.lastHistoryPool).contains(new PoolId("sim"));
        assertThat(out).contains("host-b is in maintenance").doesNotContain("outcome");
    }

    @Test
    void executeWhenPoolOmittedThenEveryPoolWithTheDefaultLimit() throws Exception {
        run(command);

        assertThat(controller.lastHistoryPool).isEqualTo(Optional.empty());
        assertThat(controller.lastHistoryLimit).isEqualTo(HistoryCommand.DEFAULT_LIMIT);
    }

    @Test
    void executeWhenTypeGivenThenOnlyThatTypeAndAtMostNOfThem() throws Exception {
        controller.history.add(Fixtures.record(AuditRecord.Type.DECISION, "xen", T0.plusSeconds(80), "cpu 95%"));
        command.type = "decision";
        command.limit = 1;

        String out = run(command);

        assertThat(out).contains("cpu 95%").doesNotContain("cpu 91%", "outcome", "selection", "refused");
    }

    @Test
    void executeWhenLimitNotPositiveThenRefused() {
        command.limit = 0;

        assertThatThrownBy(() -> run(command)).hasMessage("-n = 0: must be >= 1");
    }

    @Test
    void executeWhenTypeUnknownThenOneLineErrorNamesTheTypes() {
        command.type = "decisions";

        assertThatThrownBy(() -> run(command))
                .hasMessage("--type = decisions: must be one of decision, refused, outcome, selection, error, forecast");
    }

    @Test
    void executeWhenPoolUnknownThenOneLineErrorListsThePools() {
        command.pool = "kvm";

        assertThatThrownBy(() -> run(command)).hasMessage("unknown pool 'kvm': pools are sim, xen");
    }

    @Test
    void executeWhenNoFormatThenCellsAreTabSeparated() throws Exception {
        command.noFormat = true;

        String out = run(command);

        List<String> outcome = Fixtures.cells(line(out, "outcome"));
        assertThat(outcome).containsSubsequence("12.0 s", "13.5 s", "250.0 ms", "310.0 ms", "completed");
        assertThat(out).doesNotContain("|", "│", "Predicted total");
    }

    private static AuditRecord withForecasts(AuditRecord r, AuditRecord.Type type, io.ferry.controller.ForecastRecord f) {
        return new AuditRecord(r.time(), type, r.pool(), r.migration(), r.vm(), r.source(), r.target(), r.agent(),
                r.policy(), r.bundle(), r.predicted(), r.actual(), r.status(), r.dryRun(), r.detail(), false, List.of(f));
    }

    private static final io.ferry.controller.ForecastRecord LSTM_H1 = new io.ferry.controller.ForecastRecord("lstm",
            Optional.of(new io.ferry.api.model.ModelInfo("lstm-cpu", "1.0.0", "sha256:ab")), "host-a",
            io.ferry.api.model.Metric.CPU_UTILISATION, 1, T0.plusSeconds(300), 0.91, java.util.OptionalDouble.empty());

    @Test
    void executeWhenADecisionWasInformedByForecastsThenItsDetailNamesPredictorModelAndValue() throws Exception {
        controller.history.clear();
        controller.history.add(withForecasts(Fixtures.record(AuditRecord.Type.DECISION, "xen", T0, "cpu 91%"),
                AuditRecord.Type.DECISION, LSTM_H1));

        assertThat(line(run(command), "decision")).contains("cpu 91%; forecasts: lstm[lstm-cpu 1.0.0 sha256:ab] "
                + "host-a cpu-utilisation +1 = 0.9100");
    }

    @Test
    void executeWithTypeForecastThenOnlyForecastsBesideWhatWasMeasured() throws Exception {
        controller.history.add(withForecasts(Fixtures.record(AuditRecord.Type.DECISION, "xen", T0.plusSeconds(300),
                "lstm forecast CPU_UTILISATION of host-a 0.9100, observed 0.8000, error -0.1100"),
                AuditRecord.Type.FORECAST, LSTM_H1.observed(0.8)));
        command.type = "forecast";

        String out = run(command);

        assertThat(line(out, "forecast")).contains("lstm forecast CPU_UTILISATION of host-a 0.9100, observed 0.8000, "
                + "error -0.1100");
        assertThat(out).doesNotContain("cpu 91%", "host-b is in maintenance");
    }
}
