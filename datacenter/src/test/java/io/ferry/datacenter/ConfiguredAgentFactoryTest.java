package io.ferry.datacenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.datacenter.CandidatesTest.FakeFactory;
import io.ferry.datacenter.CandidatesTest.RecordingAgent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfiguredAgentFactoryTest {

    private final FakeFactory lrRs = new FakeFactory("lr-rs", Map.of("parameter", "1.2", "seed", "1"), 10);

    @Test
    void createWhenTheCallerPassesAFixedSettingThenTheFixedValueWinsAndTheRestPasses() {
        ConfiguredAgentFactory f = new ConfiguredAgentFactory("lr-rs@a", lrRs, Map.of("parameter", "2.5"));

        RecordingAgent agent = (RecordingAgent) f.create(Map.of("parameter", "1.0", "seed", 7L));

        assertThat(agent.settings()).isEqualTo(Map.of("parameter", "2.5", "seed", 7L));
    }

    @Test
    void theNameIsItsOwnAndTheSettingsAndRefusalsAreTheDelegates() {
        ConfiguredAgentFactory f = new ConfiguredAgentFactory("lr-rs@a", lrRs, Map.of("parameter", "11"));

        assertThat(f.name()).isEqualTo("lr-rs@a");
        assertThat(f.settings()).isEqualTo(lrRs.settings());
        assertThatThrownBy(() -> f.create(Map.of())).hasMessage("parameter = 11: must be <= 10.0");
    }

    @Test
    void descriptionNamesTheFixedSettingsOnlyWhenThereAreAny() {
        assertThat(new ConfiguredAgentFactory("lr-rs", lrRs, Map.of()).description()).isEqualTo("fake lr-rs");
        assertThat(new ConfiguredAgentFactory("x", lrRs, Map.of("seed", "3")).description())
                .isEqualTo("fake lr-rs (lr-rs with {seed=3})");
    }

    @Test
    void theFixedSettingsAreCopiedSoALaterChangeToTheCallersMapDoesNotReachThem() {
        Map<String, String> fixed = new HashMap<>(Map.of("seed", "3"));
        ConfiguredAgentFactory f = new ConfiguredAgentFactory("x", lrRs, fixed);
        fixed.put("seed", "4");

        f.create(Map.of());

        assertThat(lrRs.created).isEqualTo(List.of(Map.of("seed", "3")));
    }
}
