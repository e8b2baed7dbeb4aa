package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry forecast} in-process with the baseline predictors on the class path, on a small PlanetLab-format
 * day written here: the options, the refusals and the files.
 */
class ForecastCommandTest {

    @TempDir
    Path dir;

    private Path day;

    @BeforeEach
    void writeADay() throws Exception {
        day = Files.createDirectory(dir.resolve("20990101"));
        for (int vm = 0; vm < 3; vm++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                lines.add(Integer.toString((i * (vm + 3) * 7) % 101));
            }
            Files.write(day.resolve("vm" + vm), lines);
        }
    }

    private static Run run(String... args) {
        return Run.ferry(args);
    }

    @Test
    void theBaselinesAreJudgedAndTheThreeFilesWritten() throws Exception {
        Path out = dir.resolve("out");
        Run r = run("forecast", "--predictors", "last-value,ewma,local-regression", "--workload", day.toString(),
                "--horizons", "1,3", "--out", out.toString(), "--threads", "2", "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("last-value").contains("local-regression").contains("ewma");
        JsonNode json = new ObjectMapper().readTree(out.resolve("forecast.json").toFile());
        assertThat(json.get("results")).hasSize(6);
        // every predictor at the same points: from the 10 samples local regression needs to 40 − 3
        for (JsonNode row : json.get("results")) {
            assertThat(row.get("samples").asLong()).isEqualTo(3 * 28);
            assertThat(row.get("series").asInt()).isEqualTo(3);
        }
        assertThat(out.resolve("forecast.csv")).exists();
        assertThat(Files.readString(out.resolve("report.html"))).contains("20990101/vm0");
    }

    @Test
    void anUnknownPredictorListsTheKnownOnes() {
        Run r = run("forecast", "--predictors", "crystal-ball", "--workload", day.toString(), "--out",
                dir.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("unknown predictor \"crystal-ball\" in --predictors: known predictors are ")
                .contains("ewma").contains("last-value").contains("local-regression");
    }

    @Test
    void severalAlphasGiveOneEwmaEachForAGrid() throws Exception {
        Path out = dir.resolve("grid");
        Run r = run("forecast", "--predictors", "ewma", "--alpha", "0.2,1", "--workload", day.toString(),
                "--horizons", "1", "--out", out.toString(), "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("ewma(0.2)").contains("ewma(1)");
    }

    @Test
    void anAlphaOutOfRangeIsOneLineNamingIt() {
        Run r = run("forecast", "--predictors", "ewma", "--alpha", "1.5", "--workload", day.toString(), "--out",
                dir.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("predictor ewma: alpha = 1.5: must be in (0, 1]");
    }

    @Test
    void aMissingDirectoryAndABadMetricAreRefused() {
        assertThat(run("forecast", "--workload", dir.resolve("nope").toString()).err())
                .contains("workload = " + dir.resolve("nope") + ": no such directory");
        Run r = run("forecast", "--metric", "ram", "--workload", day.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("--metric = ram: must be cpu or dirty-rate");
    }

    @Test
    void aModelWithoutAPredictorThatTakesOneIsRefused() {
        Run r = run("forecast", "--predictors", "last-value", "--model", "m.bin", "--workload", day.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--model is given but no chosen predictor takes a model file");
    }
}
