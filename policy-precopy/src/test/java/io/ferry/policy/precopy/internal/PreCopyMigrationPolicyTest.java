package io.ferry.policy.precopy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.MigrationSteering;
import io.ferry.api.model.Capability;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.RoundReport;
import io.ferry.api.model.Technique;
import io.ferry.api.model.VmId;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreCopyMigrationPolicyTest {

    private static final MigrationRequest HEAVY = request(50_000);

    private static MigrationRequest request(double rate) {
        return new MigrationRequest(new VmId("vm"), new HostId("a"), new HostId("b"), 1L << 30, 4096, 1 << 20,
                new LinkSpec(1e9 / 8, Duration.ofMillis(1), 1),
                new DirtyBehaviour(rate, 0, DirtyBehaviour.Source.ASSUMED), Duration.ofMillis(300));
    }

    private static RoundReport report(int round, long pending) {
        return new RoundReport(round, Duration.ofSeconds(round), Duration.ofSeconds(1), 1000, pending, 100, 1e8, 1);
    }

    private static RoundDecision after(PreCopyMigrationPolicy p, int round, long pending) {
        MigrationSteering s = p.steer(HEAVY, Set.of());
        assertThat(s.begin(Optional.empty())).isEqualTo(new RoundDecision.PreCopyRound(Optional.empty()));
        return s.afterRound(report(round, pending), Optional.empty());
    }

    @Test
    void defaultsAreXensRule() {
        PreCopyMigrationPolicy p = new PreCopyMigrationPolicy(Map.of());
        assertThat(after(p, 4, 100_000)).isInstanceOf(RoundDecision.PreCopyRound.class);
        assertThat(after(p, 5, 100_000)).isInstanceOf(RoundDecision.StopAndCopy.class);
        assertThat(after(p, 1, 50)).isInstanceOf(RoundDecision.StopAndCopy.class);
    }

    @Test
    void afterRoundWhenPendingFitsBudgetThenStops() {
        PreCopyMigrationPolicy p = new PreCopyMigrationPolicy(Map.of());
        assertThat(after(p, 1, 5_000)).isInstanceOf(RoundDecision.StopAndCopy.class);
        PreCopyMigrationPolicy strict = new PreCopyMigrationPolicy(Map.of("stopWithinBudget", false));
        assertThat(after(strict, 1, 5_000)).isInstanceOf(RoundDecision.PreCopyRound.class);
    }

    @Test
    void configurationOverridesTheRule() {
        PreCopyMigrationPolicy p = new PreCopyMigrationPolicy(Map.of("maxRounds", 30, "targetDirtyPages", 0,
                "stopWithinBudget", "false"));
        assertThat(after(p, 29, 10)).isInstanceOf(RoundDecision.PreCopyRound.class);
        assertThat(after(p, 30, 10)).isInstanceOf(RoundDecision.StopAndCopy.class);
    }

    @Test
    void outOfRangeConfigurationNamesAttributeValueAndRange() {
        assertThatThrownBy(() -> new PreCopyMigrationPolicy(Map.of("maxRounds", 0)))
                .hasMessage("maxRounds = 0: must be in [1, 1000]");
    }

    @Test
    void planOfHeavyWriterPredictsNoConvergence() {
        var plan = new PreCopyMigrationPolicy(Map.of()).plan(HEAVY);
        assertThat(plan.technique()).isEqualTo(Technique.PRE_COPY);
        assertThat(plan.rationale()).startsWith("does not converge").contains("after 5 round(s)");
        assertThat(plan.predicted().downtime()).isGreaterThan(Duration.ofSeconds(1));
        assertThat(plan.downtimeLimit()).contains(Duration.ofMillis(300));
    }

    @Test
    void planOfIdleVmPredictsOneRound() {
        var plan = new PreCopyMigrationPolicy(Map.of()).plan(request(0));
        assertThat(plan.rationale()).isEqualTo("converges in 1 round(s), 0 pages left for stop-and-copy");
    }

    @Test
    void needsOnlyPreCopy() {
        assertThat(new PreCopyMigrationPolicy(Map.of()).requiredCapabilities()).containsExactly(Capability.PRE_COPY);
    }
}
