package io.ferry.controller.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.guard.GuardRules;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a pool's settings become the rules of its guard. */
class PoolSettingsGuardRulesTest {

    @Test
    void guardRulesWhenThePoolHasNoConfigurationThenTheGuardsDefaults() {
        assertThat(PoolSettings.defaults("sim").guardRules()).isEqualTo(GuardRules.defaults());
    }

    @Test
    void guardRulesWhenEveryGuardKeyIsSetThenEachReachesItsRule() {
        PoolSettings s = PoolSettings.parse(Map.of("maxConcurrentPerPool", "7", "maxConcurrentPerHost", "3",
                "cooldownSeconds", "60", "failureBackoffSeconds", "30", "hotThreshold", "0.9", "holdSeconds", "5",
                "minImprovement", "0.2", "antiAffinityPrefix", "group="), "p");
        assertThat(s.guardRules()).isEqualTo(new GuardRules(true, 7, 3, Duration.ofSeconds(60),
                Duration.ofSeconds(30), true, 0.9, Duration.ofSeconds(5), 0.2, "group="));
    }
}
