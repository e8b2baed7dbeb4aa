package io.ferry.controller.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolSettingsTest {

    @Test
    void defaultsAreDocumented() {
        PoolSettings s = PoolSettings.defaults("sim");
        assertThat(s.policy()).isEqualTo("precopy");
        assertThat(s.agent()).isEqualTo("threshold");
        assertThat(s.predictor()).isEmpty();
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.maxConcurrentPerPool()).isEqualTo(2);
        assertThat(s.cooldown()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.downtimeBudget()).isEqualTo(Duration.ofMillis(300));
        assertThat(s.link().bandwidthBytesPerSec()).isEqualTo(1e9 / 8);
    }

    @Test
    void stringsFromCfgFilesAreConverted() {
        PoolSettings s = PoolSettings.parse(Map.of("intervalSeconds", "2.5", "dryRun", "TRUE", "linkGbps", "10",
                "predictor", "lstm"), "sim");
        assertThat(s.interval()).isEqualTo(Duration.ofMillis(2500));
        assertThat(s.dryRun()).isTrue();
        assertThat(s.predictor()).contains("lstm");
        assertThat(s.link().bandwidthBytesPerSec()).isEqualTo(1.25e9);
    }

    @Test
    void everyMalformedValueNamesItsKeyValueAndRange() {
        assertThatThrownBy(() -> PoolSettings.parse(Map.of("maxConcurrentPerHost", "0"), "p"))
                .hasMessage("maxConcurrentPerHost = 0: must be a whole number in [1, 16]");
        assertThatThrownBy(() -> PoolSettings.parse(Map.of("dryRun", "yes"), "p"))
                .hasMessage("dryRun = yes: must be true or false");
        assertThatThrownBy(() -> PoolSettings.parse(Map.of("pageSizeBytes", "3000"), "p"))
                .hasMessage("pageSizeBytes = 3000: must be a power of two in [512, 2097152]");
        assertThatThrownBy(() -> PoolSettings.parse(Map.of("policy", "pre copy"), "p"))
                .hasMessage("policy = pre copy: must be a name of letters, digits, '.', '_' or '-'");
        assertThatThrownBy(() -> PoolSettings.parse(Map.of(), null))
                .hasMessage("pool.name is missing: name the pool this configuration is for");
    }
}
