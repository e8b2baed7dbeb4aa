package io.ferry.policy.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfigurationChecksTest {

    @Test
    void inRangeThenValueWithinBoundsIsReturned() {
        assertThat(ConfigurationChecks.inRange("n", 5, 1, 10)).isEqualTo(5);
        assertThat(ConfigurationChecks.inRange("n", 5L, 1L, 10L)).isEqualTo(5L);
        assertThat(ConfigurationChecks.inRange("x", 0.5, 0, 1)).isEqualTo(0.5);
        assertThat(ConfigurationChecks.inRangeCompact("x", 1.0, 0, 1)).isEqualTo(1.0);
    }

    @Test
    void inRangeThenMessageNamesValueAndBounds() {
        assertThatThrownBy(() -> ConfigurationChecks.inRange("n", 0, 1, 10)).isInstanceOf(
                IllegalArgumentException.class).hasMessage("n = 0: must be in [1, 10]");
        assertThatThrownBy(() -> ConfigurationChecks.inRange("n", 11L, 1L, 10L)).hasMessage("n = 11: must be in [1, 10]");
        assertThatThrownBy(() -> ConfigurationChecks.inRange("x", 1.5, 0.05, 1)).hasMessage(
                "x = 1.5: must be in [0.05, 1.0]");
    }

    @Test
    void inRangeCompactThenWholeBoundsShownWithoutFraction() {
        assertThatThrownBy(() -> ConfigurationChecks.inRangeCompact("x", -1, 0, 1000)).hasMessage(
                "x = -1.0: must be in [0, 1000]");
        assertThatThrownBy(() -> ConfigurationChecks.inRangeCompact("x", 2, 0.05, 1)).hasMessage(
                "x = 2.0: must be in [0.05, 1]");
        assertThatThrownBy(() -> ConfigurationChecks.inRangeCompact("x", Double.NaN, 0, 1)).hasMessage(
                "x = NaN: must be in [0, 1]");
    }
}
