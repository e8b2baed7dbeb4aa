package io.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ferry.api.model.MigrationDecision;
import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.CloudSimMigrationModel;
import io.ferry.datacenter.DatacenterWorkloads;
import io.ferry.datacenter.DatacenterSimulation;
import io.ferry.datacenter.DatacenterWorkload;
import io.ferry.datacenter.PageLevelMigrationModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DatacenterDayRun} and {@link FrozenAgentContext} on a tiny hand-made PlanetLab day (12 VMs, 10 hosts), so
 * that the data-centre benchmarks cannot go stale: every row is measured and reported, the page-level rows account
 * for every migration (engine runs + reused = migrations), and a captured decision repeats exactly.
 */
class DatacenterDayRunTest {

    @TempDir
    Path day;

    /** 12 traces of 288 samples: half the VMs busy in the morning, the others at night, so hosts overload and empty. */
    private Path writeDay() throws IOException {
        for (int vm = 0; vm < 12; vm++) {
            int phase = vm % 2;
            int base = 10 + 7 * vm;
            String trace = IntStream.range(0, 288)
                    .mapToObj(k -> Integer.toString(Math.min(100, ((k / 48) % 2 == phase) ? base + 40 : base / 3)))
                    .collect(Collectors.joining("\n", "", "\n"));
            Files.writeString(day.resolve(String.format("vm-%02d", vm)), trace, StandardCharsets.US_ASCII);
        }
        return day;
    }

    @Test
    void runWhenTinyDayThenEveryRowMeasuredAndPageLevelAccountsForEveryMigration() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<DatacenterDayRun.Row> rows = DatacenterDayRun.run(writeDay(), 10, 42, List.of("npa", "thr-mmt-0.8"),
                List.of("cloudsim", "page-level"), "precopy", PageLevelMigrationModel.Settings.DEFAULTS, true, 0, 2,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(rows).extracting(r -> r.model() + "/" + r.agent()).containsExactly("cloudsim/npa",
                "cloudsim/thr-mmt-0.8", "page-level/npa", "page-level/thr-mmt-0.8");
        assertThat(rows).allSatisfy(r -> assertThat(r.seconds()).hasSize(2).doesNotContain(0.0));
        assertThat(out).contains("12 VMs x 288 samples").contains("cloudsim   thr-mmt-0.8")
                .contains("page-level thr-mmt-0.8");

        DatacenterDayRun.Row cloudsim = rows.get(1);
        DatacenterDayRun.Row pageLevel = rows.get(3);
        assertThat(cloudsim.stats()).isNull();
        assertThat(cloudsim.day().downtimeSecondsTotal()).isEmpty();
        assertThat(pageLevel.day().migrations()).isPositive();
        assertThat(pageLevel.stats().estimates()).isEqualTo(pageLevel.day().migrations());
        assertThat(pageLevel.stats().engineRuns() + pageLevel.stats().reused())
                .isEqualTo(pageLevel.day().migrations());
        assertThat(pageLevel.day().bytesMoved()).isPresent();
        assertThat(pageLevel.day().bytesMoved().getAsLong()).isPositive();
        // no agent, no migration: the references' day does not depend on the migration model
        assertThat(rows.get(2).day().energyKWh()).isEqualTo(rows.get(0).day().energyKWh());
        assertThat(rows.get(2).stats().engineRuns()).isZero();
    }

    @Test
    void capturingWhenDecisionRepeatedOnFrozenContextThenSameDecisionsAndNoUnknownQuestion() throws IOException {
        DatacenterWorkload workload = DatacenterWorkloads.planetLab(writeDay());
        DatacenterSetup setup = DatacenterSetup.cloudSim(10, CloudSimMigrationModel.INSTANCE, 42);
        // the first interval whose decisions started migrations; the agent decides interval i (i >= 1) in its call
        // i - 1, at the end of interval i - 1
        int busy = DatacenterSimulation.run(setup, workload, Plugins.candidate("thr-mmt-0.8", setup),
                k -> {
                }).intervals().stream().filter(i -> i.migrations() > 0).findFirst().orElseThrow().index();
        Candidate original = Plugins.candidate("thr-mmt-0.8", setup);
        FrozenAgentContext.Capturing capturing = FrozenAgentContext.capturing(original.agent().orElseThrow(),
                busy - 1);
        DatacenterSimulation.run(setup, workload,
                new Candidate(original.label(), Optional.of(capturing), original.accounting(), original.placement()),
                k -> {
                });
        FrozenAgentContext frozen = capturing.captured().orElseThrow();
        assertThat(frozen.originalDecisions()).isNotEmpty();

        List<MigrationDecision> again = Plugins.candidate("thr-mmt-0.8", setup).agent().orElseThrow()
                .decide(frozen);

        assertThat(capturing.calls()).isGreaterThan(1);
        assertThat(frozen.questions()).isPositive();
        assertThat(again).isEqualTo(frozen.originalDecisions());
        assertThat(frozen.unanswered()).isZero();
    }

    @Test
    void mainWhenAnArgumentIsUnknownOrBadThenNamesIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> DatacenterDayRun.main(new String[] {"agent=npa"}))
                .withMessageContaining("unknown key 'agent'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DatacenterDayRun.main(new String[] {"models=cloudsim,exact"}))
                .withMessage("models = exact: must be cloudsim or page-level");
        assertThatIllegalArgumentException().isThrownBy(() -> Plugins.candidate("no-such-agent-1.2",
                DatacenterSetup.cloudSim(10, CloudSimMigrationModel.INSTANCE, 42)))
                .withMessageContaining("no-such-agent-1.2");
    }
}
