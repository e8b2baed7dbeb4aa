package io.ferry.agent.dqn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DqnModelTest {

    @TempDir
    Path dir;

    @Test
    void saveThenLoadWhenRoundTripThenSameNetworkProvenanceAndFingerprint() {
        DqnModel model = new DqnModel(TinyModels.random(5, 0.1, HostFeatures.COUNT, 8, 8, HostAction.COUNT),
                Provenance.builder().name("dqn").hidden(List.of(8, 8)).seed(42).gamma(0.95).epsilon(1, 0.05, 10_000)
                        .targetSync(500).doubleDqn(true).trainingDays(List.of("20110303", "20110306"))
                        .dataFingerprints(Map.of("20110303", "abc")).validationDay("20110322")
                        .validation(Map.of("energyKWh", 150.5)).reward(new RewardWeights(1, 5, 10, 1, 0.1))
                        .createdAt("2026-12-03T13:00:00Z").build());
        Path file = dir.resolve("m/dqn.zip");
        model.save(file);
        DqnModel back = DqnModel.load(file);
        assertThat(back.network()).isEqualTo(model.network());
        assertThat(back.provenance()).isEqualTo(model.provenance());
        assertThat(back.fingerprint()).isEqualTo(model.fingerprint()).hasSize(16);
        assertThat(back.info().version()).isEqualTo("2026-12-03T13:00:00Z");
        // the DL4J entry holds the same network
        assertThat(Dl4jQNetworks.fromDl4j(back.toDl4j()).q(new double[HostFeatures.COUNT])[0])
                .isCloseTo(model.network().q(new double[HostFeatures.COUNT])[0],
                        org.assertj.core.api.Assertions.within(1e-5));
    }

    @Test
    void loadWhenTheModelReadsOtherFeaturesThenOneLineNamingBothCounts() throws IOException {
        DqnModel model = new DqnModel(TinyModels.random(5, 0.1, 14, 8, HostAction.COUNT),
                Provenance.builder().features(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
                        "n")).hidden(List.of(8)).build());
        Path file = dir.resolve("old.zip");
        try (var out = Files.newOutputStream(file)) {
            model.write(out);
        }
        assertThatThrownBy(() -> DqnModel.load(file)).isInstanceOf(ModelFileException.class)
                .hasMessage("model file " + file + " expects 14 features, this agent builds 16");
    }

    @Test
    void loadWhenOtherActionCountThenOneLine() throws IOException {
        DqnModel model = new DqnModel(TinyModels.random(5, 0.1, HostFeatures.COUNT, 8, 3),
                Provenance.builder().actions(List.of("KEEP", "OFFLOAD", "EVACUATE")).hidden(List.of(8)).build());
        Path file = dir.resolve("three.zip");
        model.save(file);
        assertThatThrownBy(() -> DqnModel.load(file)).isInstanceOf(ModelFileException.class)
                .hasMessage("model file " + file + " expects 3 actions, this agent has 4");
    }

    @Test
    void loadWhenFeatureRenamedThenOneLineNamingIt() {
        List<String> names = new java.util.ArrayList<>(HostFeatures.NAMES);
        names.set(3, "u_var");
        DqnModel model = new DqnModel(TinyModels.random(5, 0.1, HostFeatures.COUNT, 8, HostAction.COUNT),
                Provenance.builder().features(names).hidden(List.of(8)).build());
        Path file = dir.resolve("renamed.zip");
        model.save(file);
        assertThatThrownBy(() -> DqnModel.load(file)).isInstanceOf(ModelFileException.class)
                .hasMessage("model file " + file + ": feature 3 is u_var, this agent builds u_std");
    }

    @Test
    void loadWhenMissingOrCorruptThenOneLine() throws IOException {
        Path missing = dir.resolve("none.zip");
        assertThatThrownBy(() -> DqnModel.load(missing)).isInstanceOf(ModelFileException.class)
                .hasMessage("model file " + missing + ": no such file");
        Path junk = dir.resolve("junk.zip");
        Files.writeString(junk, "not a zip");
        assertThatThrownBy(() -> DqnModel.load(junk)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith("model file " + junk + ": truncated or corrupt (no weights.bin entry")
                .hasMessageNotContaining("\n");
    }

    @Test
    void saveWhenTheSameModelTwiceThenTheSameBytes() throws IOException {
        DqnModel model = TinyModels.model(9);
        Path a = dir.resolve("a.zip");
        Path b = dir.resolve("b.zip");
        model.save(a);
        DqnModel.load(a).save(b);
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
    }

    @Test
    void rewardWeightsWhenNegativeOrNotFiniteThenRefusedByName() {
        assertThatThrownBy(() -> new RewardWeights(1, -1, 1, 1, 1)).hasMessage("slatah = -1.0: must be finite and >= 0");
        assertThatThrownBy(() -> new RewardWeights(Double.NaN, 1, 1, 1, 1))
                .hasMessage("energy = NaN: must be finite and >= 0");
        assertThat(RewardWeights.DEFAULTS).isEqualTo(new RewardWeights(1, 10, 10, 1, 1.0));
    }
}
