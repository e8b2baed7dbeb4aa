package io.ferry.qemu.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.compare.EngineProfile;
import io.ferry.compare.EngineProfiles;
import io.ferry.compare.FidelityReports;
import io.ferry.compare.FidelityRow;
import io.ferry.compare.GuestScenario;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny fidelity pass on the real testbed: a small idle guest migrated once by pre-copy and once by post-copy, and
 * the same definition in the engine under the built-in {@code qemu-tcg} profile. The real migrations must complete
 * intact, the engine must land near them (bytes within 20 %, pre-copy's total time within 35 %), and the reports
 * must be written. About half a minute; skipped with one line where the testbed cannot run, failed under
 * {@code CI=true} ({@link TestbedSupport}).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FidelityTest {

    private static TestbedImages images;

    @TempDir
    Path out;

    @BeforeAll
    static void images() {
        images = TestbedSupport.imagesOrSkip();
    }

    @BeforeEach
    void skipWithoutTestbed() {
        TestbedSupport.abortIfSkipped();
    }

    @Test
    void tinyPassWhenOnTheTestbedThenRealAndSimulatedAgreeRoughlyAndTheReportsAreWritten() throws Exception {
        EngineProfile tcg = EngineProfiles.byName("qemu-tcg").orElseThrow();
        GuestScenario idle = GuestScenario.idle("fid-idle", 256, 64, 128);
        List<FidelityRow> rows;
        Path work = Path.of(System.getProperty("ferry.testbed.work", "target/qemu-work") + "-fidelity");
        try (Testbed tb = Testbed.open(images, work, Map.of("bandwidthCapMiBps", 100_000,
                "migrationTimeoutSeconds", 60, "postcopyTimeoutSeconds", 60))) {
            rows = new FidelityRunner(tb, tcg, List.of(InstalledPolicies.find().create("precopy", Map.of()),
                    InstalledPolicies.find().create("postcopy", Map.of())), 1, 42, System.out::println).run(List.of(idle));
            assertThat(tb.processIds()).isEmpty();
        }
        System.out.print(FidelityReports.comparisonTable(rows));

        assertThat(rows).hasSize(2);
        for (FidelityRow r : rows) {
            assertThat(r.real().notes()).as("every real migration completed intact").isEmpty();
            assertThat(r.corruptedPages()).isZero();
            assertThat(Math.abs(r.relativeError(FidelityRow.Figure.BYTES).orElseThrow())).as(r.policy() + " bytes")
                    .isLessThan(0.20);
        }
        assertThat(rows.get(0).real().technique()).isEqualTo("PRE_COPY");
        assertThat(rows.get(1).real().technique()).isEqualTo("POST_COPY");
        assertThat(Math.abs(rows.get(0).relativeError(FidelityRow.Figure.TOTAL_TIME).orElseThrow()))
                .as("pre-copy total time").isLessThan(0.35);

        List<Path> files = FidelityReports.writeAll(rows, Map.of("test", "FidelityTest"), out);
        JsonNode json = new ObjectMapper().readTree(files.get(0).toFile());
        assertThat(json.size()).isEqualTo(2);
        assertThat(json.get(1).path("real").path("technique").asText()).isEqualTo("POST_COPY");
        assertThat(json.get(1).path("simulated").path("downtimeMs").asDouble()).isPositive();
    }
}
