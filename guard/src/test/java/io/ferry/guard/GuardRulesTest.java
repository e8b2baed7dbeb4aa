package io.ferry.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GuardRulesTest {

    @Test
    void defaultsWhenNothingConfiguredThenThoseOfAControllerPool() {
        GuardRules r = GuardRules.defaults();
        assertThat(r.enabled()).isTrue();
        assertThat(r.maxConcurrentPerPool()).isEqualTo(2);
        assertThat(r.maxConcurrentPerHost()).isEqualTo(1);
        assertThat(r.cooldown()).isEqualTo(Duration.ofMinutes(10));
        assertThat(r.failureBackoff()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.hysteresis()).isTrue();
        assertThat(r.hotThreshold()).isEqualTo(0.8);
        assertThat(r.hold()).isEqualTo(Duration.ofSeconds(20));
        assertThat(r.minImprovement()).isEqualTo(0.05);
        assertThat(r.antiAffinityPrefix()).isEqualTo("aa:");
    }

    @Test
    void offWhenBuiltThenDisabledWithTheDefaultsKept() {
        assertThat(GuardRules.off().enabled()).isFalse();
        assertThat(GuardRules.off().withEnabled(true)).isEqualTo(GuardRules.defaults());
    }

    @Test
    void withersWhenAppliedThenChangeOnlyTheirRule() {
        GuardRules d = GuardRules.defaults();
        GuardRules r = d.withConcurrency(100, 4).withCooldown(Duration.ZERO, Duration.ofSeconds(1))
                .withHysteresis(0.9, Duration.ofSeconds(300), 0.1).withAntiAffinityPrefix("");
        assertThat(r).isEqualTo(new GuardRules(true, 100, 4, Duration.ZERO, Duration.ofSeconds(1), true, 0.9,
                Duration.ofSeconds(300), 0.1, ""));
        assertThat(d.withoutHysteresis().hysteresis()).isFalse();
        assertThat(d.withoutHysteresis().hold()).isEqualTo(d.hold());
    }

    @Test
    void constructionWhenAValueIsOutOfRangeThenOneLineNamingItAndTheRange() {
        GuardRules d = GuardRules.defaults();
        assertThatThrownBy(() -> d.withConcurrency(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxConcurrentPerPool = 0: must be at least 1");
        assertThatThrownBy(() -> d.withConcurrency(1, -2)).hasMessage("maxConcurrentPerHost = -2: must be at least 1");
        assertThatThrownBy(() -> d.withCooldown(Duration.ofSeconds(-1), Duration.ZERO))
                .hasMessage("cooldown = PT-1S: must be a duration, not negative");
        assertThatThrownBy(() -> d.withCooldown(Duration.ZERO, null))
                .hasMessage("failureBackoff = null: must be a duration, not negative");
        assertThatThrownBy(() -> d.withHysteresis(1.5, Duration.ZERO, 0))
                .hasMessage("hotThreshold = 1.5: must be in [0, 1]");
        assertThatThrownBy(() -> d.withHysteresis(0.5, Duration.ofMillis(-1), 0))
                .hasMessage("hold = PT-0.001S: must be a duration, not negative");
        assertThatThrownBy(() -> d.withHysteresis(0.5, Duration.ZERO, Double.NaN))
                .hasMessage("minImprovement = NaN: must be in [0, 1]");
        assertThatThrownBy(() -> d.withAntiAffinityPrefix(null))
                .hasMessage("antiAffinityPrefix = null: must be a prefix, empty for no groups");
    }
}
