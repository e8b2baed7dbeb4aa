package io.ferry.policy.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.spi.SettingDescription;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetatypeSettingsTest {

    @Test
    void readThenDescriptionAndAttributesInDeclarationOrderWithDefaultsAndRanges() {
        MetatypeSettings metatype = MetatypeSettings.read(MetatypeSettingsTest.class, "test.Example");

        assertThat(metatype.description()).isEqualTo("What the example decides.");
        assertThat(metatype.settings()).containsExactly(
                new SettingDescription("rounds", "Integer", "5", "Rounds (1 to 9).", Optional.of("1"), Optional.of("9")),
                new SettingDescription("label", "String", "", "A label.", Optional.empty(), Optional.empty()));
    }

    @Test
    void readWhenTheDocumentIsMissingThenSaysWhichAndWhy() {
        assertThatThrownBy(() -> MetatypeSettings.read(MetatypeSettingsTest.class, "test.Missing"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("OSGI-INF/metatype/test.Missing.xml is missing beside ");
    }
}
