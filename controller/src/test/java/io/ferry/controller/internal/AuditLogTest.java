package io.ferry.controller.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.MigrationCost;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.controller.AuditRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    @TempDir
    Path dir;

    private static AuditRecord outcome(int i) {
        return new AuditRecord(Instant.ofEpochSecond(i), AuditRecord.Type.OUTCOME, new PoolId("p"), Optional.empty(),
                Optional.of(new VmId("vm" + i)), Optional.empty(), Optional.empty(), "threshold", "hybrid",
                "io.ferry.policy-hybrid/0.1.0",
                Optional.of(new MigrationCost(Duration.ofMillis(1500), Duration.ofMillis(12), 1000)),
                Optional.of(new MigrationMetrics(Duration.ofMillis(1700), Duration.ofMillis(15), 1100, 300, 20, 2, 5,
                        Duration.ofMillis(200), Duration.ofMillis(3), false)),
                Optional.of(MigrationOutcome.Status.COMPLETED), false, "HYBRID on h2");
    }

    @Test
    void appendWritesOneJsonObjectPerLineWithPredictedBesideActual() throws Exception {
        AuditLog log = new AuditLog(dir, 1 << 20, 3, 100);
        log.append(outcome(1));
        log.close();
        String line = Files.readAllLines(dir.resolve("audit.log")).get(0);
        assertThat(line).startsWith("{\"time\":\"1970-01-01T00:00:01Z\",\"type\":\"OUTCOME\",\"pool\":\"p\"")
                .contains("\"policy\":\"hybrid\"", "\"bundle\":\"io.ferry.policy-hybrid/0.1.0\"",
                        "\"predictedTotalTimeMs\":1500.0", "\"totalTimeMs\":1700.0", "\"status\":\"COMPLETED\"");
    }

    @Test
    void appendRotatesBySizeAndKeepsTheConfiguredNumberOfFiles() throws Exception {
        AuditLog log = new AuditLog(dir, 4096, 3, 1000);
        for (int i = 0; i < 100; i++) {
            log.append(outcome(i));
        }
        log.close();
        assertThat(dir.resolve("audit.log")).exists();
        assertThat(dir.resolve("audit.log.1")).exists();
        assertThat(dir.resolve("audit.log.2")).exists();
        assertThat(dir.resolve("audit.log.3")).doesNotExist();
        assertThat(Files.size(dir.resolve("audit.log"))).isLessThanOrEqualTo(4096);
    }

    @Test
    void forecastsThenWrittenWithModelAndErrorAndReadBackExactly() throws Exception {
        io.ferry.controller.ForecastRecord f = new io.ferry.controller.ForecastRecord("lstm",
                java.util.Optional.of(new io.ferry.api.model.ModelInfo("lstm-cpu", "1.0.0", "sha256:42")), "h1",
                io.ferry.api.model.Metric.CPU_UTILISATION, 1, java.time.Instant.ofEpochSecond(300), 0.75,
                java.util.OptionalDouble.empty()).observed(0.5);
        AuditRecord r = outcome(2);
        AuditRecord withForecast = new AuditRecord(r.time(), AuditRecord.Type.FORECAST, r.pool(), r.migration(), r.vm(),
                r.source(), r.target(), r.agent(), r.policy(), r.bundle(), r.predicted(), r.actual(), r.status(),
                r.dryRun(), r.detail(), false, java.util.List.of(f));
        AuditLog log = new AuditLog(dir, 1 << 20, 3, 100);
        log.append(withForecast);
        log.close();
        assertThat(Files.readAllLines(dir.resolve("audit.log")).get(0)).contains("\"forecasts\":[{\"predictor\":\"lstm\","
                + "\"model\":\"lstm-cpu\",\"modelVersion\":\"1.0.0\",\"modelFingerprint\":\"sha256:42\",\"subject\":\"h1\","
                + "\"metric\":\"CPU_UTILISATION\",\"horizon\":1,\"at\":\"1970-01-01T00:05:00Z\",\"value\":0.75,"
                + "\"observed\":0.5,\"error\":-0.25}]");
        AuditLog again = new AuditLog(dir, 1 << 20, 3, 100);
        assertThat(again.recent(x -> true, 10)).containsExactly(withForecast);
        again.close();
    }

    @Test
    void reopenedLogReadsBackTheNewestRecordsExactly() {
        AuditLog log = new AuditLog(dir, 1 << 20, 3, 100);
        log.append(outcome(7));
        log.close();
        AuditLog again = new AuditLog(dir, 1 << 20, 3, 100);
        assertThat(again.recent(r -> true, 10)).containsExactly(outcome(7));
        again.close();
    }

    @Test
    void appendWhenTheHypervisorMeasuredNoDowntimeThenWritesNullsAndReadsTheMarkBack() throws Exception {
        AuditRecord measured = outcome(3);
        MigrationMetrics xapi = new MigrationMetrics(Duration.ofMillis(14_000), Duration.ZERO, 0, 0, 0, 0, 0,
                Duration.ZERO, Duration.ZERO, false, Set.of(MigrationMetrics.Figure.ROUNDS,
                MigrationMetrics.Figure.DOWNTIME, MigrationMetrics.Figure.BYTES, MigrationMetrics.Figure.PAGES));
        AuditRecord r = new AuditRecord(measured.time(), measured.type(), measured.pool(), measured.migration(),
                measured.vm(), measured.source(), measured.target(), measured.agent(), measured.policy(),
                measured.bundle(), measured.predicted(), Optional.of(xapi), measured.status(), false, "xapi");
        AuditLog log = new AuditLog(dir, 1 << 20, 3, 100);
        log.append(r);
        log.close();

        String line = Files.readAllLines(dir.resolve("audit.log")).get(0);
        assertThat(line).contains("\"totalTimeMs\":14000.0", "\"downtimeMs\":null", "\"bytesSent\":null",
                "\"rounds\":null", "\"slaViolated\":null", "\"unreported\":[\"DOWNTIME\",\"BYTES\",\"PAGES\",\"ROUNDS\"]",
                "\"postcopyFaults\":0");
        AuditLog again = new AuditLog(dir, 1 << 20, 3, 100);
        assertThat(again.recent(x -> true, 10)).containsExactly(r);
        again.close();
    }

    @Test
    void appendWhenTheEngineFellBackThenWritesTheMarkAndReadsItBack() throws Exception {
        AuditRecord o = outcome(4);
        AuditRecord r = new AuditRecord(o.time(), o.type(), o.pool(), o.migration(), o.vm(), o.source(), o.target(),
                o.agent(), o.policy(), o.bundle(), o.predicted(), o.actual(), o.status(), false, "FALLBACK ...", true);
        AuditLog log = new AuditLog(dir, 1 << 20, 3, 100);
        log.append(r);
        log.append(outcome(5));
        log.close();

        var lines = Files.readAllLines(dir.resolve("audit.log"));
        assertThat(lines.get(0)).contains("\"fallback\":true");
        assertThat(lines.get(1)).doesNotContain("fallback");
        AuditLog again = new AuditLog(dir, 1 << 20, 3, 100);
        assertThat(again.recent(x -> true, 10)).containsExactly(r, outcome(5));
        again.close();
    }

    @Test
    void recentKeepsOnlyTheCapacityInMemoryOldestFirst() {
        AuditLog log = new AuditLog(dir, 1 << 20, 3, 5);
        for (int i = 0; i < 8; i++) {
            log.append(outcome(i));
        }
        assertThat(log.recent(r -> true, 3)).extracting(r -> r.vm().orElseThrow().value())
                .containsExactly("vm5", "vm6", "vm7");
        assertThat(log.recent(r -> true, 100)).hasSize(5);
        log.close();
    }
}
