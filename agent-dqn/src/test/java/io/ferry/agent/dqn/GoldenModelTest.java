package io.ferry.agent.dqn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * A model file written by this version (resource {@code golden/dqn-tiny.zip}: 16 -> 8 -> 8 -> 4, random weights, seed
 * 2026) must keep loading and give the same Q values to the last bit: a change of the file format, the feature or
 * action layout or the forward pass shows here first.
 */
class GoldenModelTest {

    /** One host's features, in {@link HostFeatures#NAMES} order. */
    static final double[] INPUT = {0.62, 0.55, 0.71, 0.08, 0.12, 0.64, 0.3, 0.45, 0.1, 0.7, 1.0, 0.48, 0.5, 0.02,
        0.35, 0.0};

    static final double[] GOLDEN_Q = {0.14767602413934988, -0.022414245976852987, -0.002542591630858654,
        0.4878405754036129};

    static final String GOLDEN_FINGERPRINT = "913476e38851f1a7";

    @Test
    void loadWhenTheGoldenFileThenTheSameValuesAndFingerprint() throws IOException {
        DqnModel model;
        try (InputStream in = GoldenModelTest.class.getResourceAsStream("/golden/dqn-tiny.zip")) {
            model = DqnModel.read(in, "golden/dqn-tiny.zip");
        }
        assertThat(model.fingerprint()).isEqualTo(GOLDEN_FINGERPRINT);
        assertThat(model.network().q(INPUT)).containsExactly(GOLDEN_Q);
        assertThat(model.provenance().features()).isEqualTo(HostFeatures.NAMES);
        assertThat(model.provenance().actions()).isEqualTo(HostAction.NAMES);
    }
}
