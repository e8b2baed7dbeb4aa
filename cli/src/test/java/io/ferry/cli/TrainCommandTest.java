package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.predictor.lstm.LstmModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @TempDir
    Path dir;

    private static Run run(String... args) {
        return Run.ferry(args);
    }

    /** A PlanetLab-format day: {@code vms} files of {@code samples} CPU percentages. */
    private Path day(int vms, int samples) throws IOException {
        Path day = dir.resolve("day");
        Files.createDirectories(day);
        for (int v = 0; v < vms; v++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < samples; i++) {
                lines.add(Integer.toString((int) Math.round(50 + 30 * Math.sin(i / 4.0 + v))));
            }
            Files.write(day.resolve("vm" + v), lines);
        }
        return day;
    }

    @Test
    void trainingWritesTheModelAndItsProvenanceAndPrintsEpochsFingerprintAndErrors() throws IOException {
        Path out = dir.resolve("models");
        Run r = run("train", "--predictor", "lstm", "--metric", "cpu", "--workload", day(5, 60).toString(),
                "--seed", "3", "--epochs", "2", "--max-windows", "64", "--out", out.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("epoch  1/2  training loss").contains("epoch  2/2").contains("validation loss")
                .contains("left <= ");
        LstmModel model = LstmModel.read(out.resolve("lstm-cpu.zip"));
        assertThat(r.out()).contains("fingerprint " + model.info().fingerprint())
                .contains("validation error (");
        assertThat(Files.readString(out.resolve("lstm-cpu.provenance.json"))).contains("\"seed\" : 3")
                .contains("\"inputs\" : [ \"VALUE\", \"EWMA\", \"DIFFERENCE\" ]");
        assertThat(model.provenance().epochsRun()).isEqualTo(2);
    }

    @Test
    void aMissingWorkloadIsOneLineAndStatus2() {
        Run r = run("train", "--metric", "cpu", "--workload", dir.resolve("nope").toString(), "--out",
                dir.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("--workload: workload = " + dir.resolve("nope") + ": no such directory");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void anUnknownMetricOrPredictorIsOneLineAndStatus2() {
        Run metric = run("train", "--metric", "memory", "--workload", dir.toString());
        assertThat(metric.exit()).isEqualTo(2);
        assertThat(metric.err().strip()).isEqualTo("--metric = memory: must be cpu or dirty-rate");
        Run predictor = run("train", "--predictor", "ewma", "--metric", "cpu", "--workload", dir.toString());
        assertThat(predictor.exit()).isEqualTo(2);
        assertThat(predictor.err().strip()).isEqualTo("--predictor = ewma: only lstm is trainable");
    }

    @Test
    void tooLittleDataIsOneLineAndStatus2() throws IOException {
        Run r = run("train", "--metric", "cpu", "--workload", day(3, 10).toString(), "--out",
                dir.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("too little data").doesNotContain("\n");
    }

    @Test
    void agentAndPredictorTogetherAreOneLineAndStatus2() {
        Run r = run("train", "--agent", "dqn", "--predictor", "lstm", "--workload", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("--agent and --predictor are exclusive: train an agent or a predictor");
    }

    @Test
    void anUnknownAgentABadEpisodeCountOrAMissingValidationDayIsOneLineAndStatus2() throws IOException {
        Path day = day(3, 10);
        Run agent = run("train", "--agent", "threshold", "--workload", day.toString());
        assertThat(agent.exit()).isEqualTo(2);
        assertThat(agent.err().strip()).isEqualTo("--agent = threshold: only dqn is trainable");
        Run episodes = run("train", "--agent", "dqn", "--episodes", "0", "--workload", day.toString());
        assertThat(episodes.exit()).isEqualTo(2);
        assertThat(episodes.err().strip()).isEqualTo("--episodes = 0: must be >= 1");
        Run validation = run("train", "--agent", "dqn", "--workload", day.toString(), "--validation",
                dir.resolve("nope").toString(), "--out", dir.resolve("o").toString());
        assertThat(validation.exit()).isEqualTo(2);
        assertThat(validation.err().strip()).isEqualTo("--validation = " + dir.resolve("nope") + ": not a directory");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void aBadRewardWeightOrAPredictorOptionWithTheAgentIsOneLineAndStatus2() throws IOException {
        Path day = day(3, 10);
        Run reward = run("train", "--agent", "dqn", "--reward", "energy=-1", "--workload", day.toString());
        assertThat(reward.exit()).isEqualTo(2);
        assertThat(reward.err().strip()).isEqualTo("--reward: energy = -1.0: must be finite and >= 0");
        Run metric = run("train", "--agent", "dqn", "--metric", "cpu", "--workload", day.toString());
        assertThat(metric.exit()).isEqualTo(2);
        assertThat(metric.err().strip()).startsWith("--metric, --epochs");
        Run noMetric = run("train", "--workload", day.toString());
        assertThat(noMetric.exit()).isEqualTo(2);
        assertThat(noMetric.err().strip()).isEqualTo("--metric is required for --predictor lstm: cpu or dirty-rate");
    }
}
