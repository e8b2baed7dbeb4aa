package io.ferry.policy.postcopy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.model.Capability;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.Technique;
import io.ferry.api.model.VmId;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PostCopyMigrationPolicyTest {

    private static final MigrationRequest REQUEST = new MigrationRequest(new VmId("vm"), new HostId("a"),
            new HostId("b"), 1L << 30, 4096, 1 << 20, new LinkSpec(1e9 / 8, Duration.ofMillis(1), 1),
            new DirtyBehaviour(20_000, 0, DirtyBehaviour.Source.ASSUMED), Duration.ofMillis(300));

    @Test
    void beginSwitchesAtOnceWithTheConfiguredPrepagingWindow() {
        var s = new PostCopyMigrationPolicy(Map.of("prepageWindow", 8)).steer(REQUEST, Set.of());
        assertThat(s.begin(Optional.empty())).isEqualTo(new RoundDecision.SwitchToPostCopy(Optional.empty(), 8));
    }

    @Test
    void planPredictsTheStatePauseAndOnePass() {
        var plan = new PostCopyMigrationPolicy(Map.of()).plan(REQUEST);
        assertThat(plan.technique()).isEqualTo(Technique.POST_COPY);
        // 1 MiB state + 32 KiB bitmap at 1 Gbit/s + 1 ms
        assertThat(plan.predicted().downtime().toNanos() / 1e6).isBetween(9.6, 9.7);
        assertThat(plan.predicted().bytesSent()).isEqualTo((1L << 30) + (1 << 20) + (1 << 15));
    }

    @Test
    void outOfRangeWindowNamesAttributeValueAndRange() {
        assertThatThrownBy(() -> new PostCopyMigrationPolicy(Map.of("prepageWindow", -1)))
                .hasMessage("prepageWindow = -1: must be in [0, 65536]");
    }

    @Test
    void needsPostCopy() {
        assertThat(new PostCopyMigrationPolicy(Map.of()).requiredCapabilities()).containsExactly(Capability.POST_COPY);
    }
}
