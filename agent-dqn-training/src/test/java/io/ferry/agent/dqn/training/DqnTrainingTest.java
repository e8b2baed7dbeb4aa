package io.ferry.agent.dqn.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.agent.dqn.DqnModel;
import io.ferry.datacenter.DatacenterWorkloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DqnTrainingTest {

    static final List<TrainingDay> DAYS = List.of(
            new TrainingDay("synthetic-1", DatacenterWorkloads.synthetic(300, 288, 1), "0000000000000001"),
            new TrainingDay("synthetic-2", DatacenterWorkloads.synthetic(300, 288, 2), "0000000000000002"));

    /** Two episodes of 12 intervals, updates from the first interval on. */
    static DqnTraining.Config tiny(long seed) {
        return DqnTraining.Config.defaults(2, seed).withWindowSeconds(12 * 300).withWarmup(64);
    }

    @Test
    void theSameSeedGivesTheSameModelAndAnotherSeedAnother() {
        DqnTraining.Result a = new DqnTraining(DAYS, Optional.empty(), tiny(7), "").run(r -> { });
        DqnTraining.Result b = new DqnTraining(DAYS, Optional.empty(), tiny(7), "").run(r -> { });
        DqnTraining.Result c = new DqnTraining(DAYS, Optional.empty(), tiny(8), "").run(r -> { });
        assertThat(a.model().fingerprint()).isEqualTo(b.model().fingerprint());
        assertThat(a.model().fingerprint()).isNotEqualTo(c.model().fingerprint());
        assertThat(a.episodes()).hasSize(2);
        assertThat(a.episodes().get(1).updates()).isPositive();
        assertThat(a.episodes().get(1).loss()).isFinite();
        assertThat(a.episodes().get(0).reward()).isNegative();
    }

    @Test
    void theWrittenModelLoadsWithItsProvenanceAndTheCsvHasARowPerEpisode(@TempDir Path dir) throws Exception {
        DqnTraining.Result r = new DqnTraining(DAYS, Optional.empty(), tiny(3), "abc123").run(x -> { });
        Path file = DqnTraining.write(r, dir);
        DqnModel loaded = DqnModel.load(file);
        assertThat(loaded.fingerprint()).isEqualTo(r.model().fingerprint());
        assertThat(loaded.provenance().trainingDays()).containsExactly("synthetic-1", "synthetic-2");
        assertThat(loaded.provenance().seed()).isEqualTo(3);
        assertThat(loaded.provenance().gitCommit()).isEqualTo("abc123");
        assertThat(loaded.provenance().doubleDqn()).isTrue();
        assertThat(Files.readAllLines(dir.resolve("training.csv"))).hasSize(3);
        assertThat(dir.resolve("dqn.provenance.json")).exists();
    }
}
