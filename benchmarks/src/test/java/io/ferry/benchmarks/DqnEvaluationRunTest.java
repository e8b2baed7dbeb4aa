package io.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.ferry.agent.dqn.DqnModel;
import io.ferry.agent.dqn.ShippedModel;
import io.ferry.api.spi.MigrationAgentFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DqnEvaluationRun} on tiny hand-made PlanetLab days (12 VMs, 10 hosts) with the shipped network saved under
 * provenances that name the days it saw: every heuristic and model runs under both migration models, the seen days
 * are left out or refused.
 */
class DqnEvaluationRunTest {

    @TempDir
    Path dir;

    /** 12 traces of 288 samples: half the VMs busy in the morning, the others at night, so hosts overload and empty. */
    private void writeDay(String name, int shift) throws IOException {
        Path day = Files.createDirectories(dir.resolve("data").resolve(name));
        for (int vm = 0; vm < 12; vm++) {
            int phase = vm % 2;
            int base = 10 + 7 * vm + shift;
            String trace = IntStream.range(0, 288)
                    .mapToObj(k -> Integer.toString(Math.min(100, ((k / 48) % 2 == phase) ? base + 40 : base / 3)))
                    .collect(Collectors.joining("\n", "", "\n"));
            Files.writeString(day.resolve(String.format("vm-%02d", vm)), trace, StandardCharsets.US_ASCII);
        }
    }

    /** @return the shipped network saved as trained on {@code trained} and validated on {@code validated}, seed */
    private Path model(String file, long seed, List<String> trained, String validated) {
        DqnModel shipped = ShippedModel.get();
        DqnModel m = new DqnModel(shipped.network(), shipped.provenance().toBuilder().seed(seed)
                .trainingDays(trained).validationDay(validated).build());
        Path path = dir.resolve(file);
        m.save(path);
        return path;
    }

    @Test
    void heuristicsWhenTheConsolidationAgentsAreOnTheClassPathThenAllTwentyWithTheirDefaultParameter() {
        List<String> h = DqnEvaluationRun.heuristics(ServiceLoader.load(MigrationAgentFactory.class).stream()
                .map(ServiceLoader.Provider::get).toList());

        assertThat(h).hasSize(20).startsWith("thr-mmt-0.8", "thr-mc-0.8", "thr-mu-0.8", "thr-rs-0.8", "iqr-mmt-1.5")
                .contains("mad-mmt-2.5", "lr-rs-1.2", "lrr-mmt-1.2").doesNotContain("threshold", "dqn");
    }

    @Test
    void daysWhenNoneAskedThenEveryDayNoModelSaw() throws IOException {
        for (String d : List.of("d1", "d2", "d3", "d4")) {
            writeDay(d, 0);
        }
        List<DqnEvaluationRun.Model> models = DqnEvaluationRun.models(List.of(model("a.zip", 42, List.of("d1"), "d2"),
                model("b.zip", 43, List.of("d1"), "d3")));

        assertThat(DqnEvaluationRun.days(dir.resolve("data"), models, List.of())).containsExactly("d4");
    }

    @Test
    void daysWhenAskedForAModelsValidationDayThenRefusedNamingTheModel() throws IOException {
        writeDay("d1", 0);
        writeDay("d2", 0);
        List<DqnEvaluationRun.Model> models = DqnEvaluationRun.models(List.of(model("a.zip", 42, List.of("d1"),
                "d2")));

        assertThatIllegalArgumentException().isThrownBy(() -> DqnEvaluationRun.days(dir.resolve("data"), models,
                List.of("d2"))).withMessageContaining("days = d2: not held out: it is the validation day of")
                .withMessageContaining("a.zip (seed 42)");
        assertThatIllegalArgumentException().isThrownBy(() -> DqnEvaluationRun.days(dir.resolve("data"), models,
                List.of("d1"))).withMessageContaining("a training day of");
    }

    @Test
    void modelsWhenTwoShareASeedThenLabelledApart() {
        Path a = model("a.zip", 42, List.of("d1"), "d2");

        assertThat(DqnEvaluationRun.models(List.of(a, a))).extracting(DqnEvaluationRun.Model::label)
                .containsExactly("dqn-s42", "dqn-s42-2");
    }

    @Test
    void modelsWhenAFileIsNotAModelThenOneLineNamingIt() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.zip"), "not a zip");

        assertThatIllegalArgumentException().isThrownBy(() -> DqnEvaluationRun.models(List.of(junk)))
                .withMessageStartingWith("models: " + junk + ": ");
    }

    @Test
    void runWhenTinyHeldOutDayThenEveryHeuristicAndModelJudgedUnderBothModels() throws Exception {
        writeDay("train", 0);
        writeDay("held", 5);
        List<DqnEvaluationRun.Model> models = DqnEvaluationRun.models(List.of(
                model("a.zip", 42, List.of("train"), "train"), model("b.zip", 43, List.of("train"), "train")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        List<DqnEvaluation> result = DqnEvaluationRun.run(dir.resolve("data"), List.of("held"), models, 10, 42,
                "precopy", 2, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(result).hasSize(1);
        DqnEvaluation e = result.get(0);
        assertThat(e.cloudSimHeuristics()).hasSize(20);
        assertThat(e.pageLevelHeuristics()).hasSize(20);
        assertThat(e.seeds()).containsExactly("dqn-s42", "dqn-s43");
        // the same network under two provenances decides the same day the same way
        assertThat(e.cloudSimDqn().get(0)).isEqualTo(e.cloudSimDqn().get(1));
        assertThat(e.pageLevelDqn().get(0).slaViolatingMigrations()).isPresent();
        assertThat(e.cloudSimHeuristics().values()).anySatisfy(m -> assertThat(m.migrations()).isPositive());
        assertThat(out).contains("model dqn-s42    seed 42  fingerprint " + models.get(0).fingerprint())
                .contains("held-out days: held").contains("== day held").contains("cloudsim: best heuristic ")
                .contains("page-level: best heuristic ").contains("== summary").contains("held  cloudsim best");
    }
}
