package io.ferry.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.HostId;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.guard.GuardState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a new owner's guard starts from: the previous owner's saved state, corrected by the outcomes since. */
class HandoverRestoreTest {

    private static final Instant SAVED = Instant.parse("2026-12-04T19:00:00Z");
    private static final Instant NOW = SAVED.plusSeconds(30);
    private static final Duration COOL = Duration.ofSeconds(600);
    private static final Duration BACK = Duration.ofSeconds(300);
    private static final PoolId POOL = new PoolId("sim-3");
    private static final HostId H1 = new HostId("host-01");
    private static final HostId H2 = new HostId("host-02");
    private static final VmId MOVING = new VmId("vm-1");
    private static final VmId COOLING = new VmId("vm-2");
    private static final VmId PENDING = new VmId("vm-3");

    private static Outcome outcome(VmId vm, Outcome.Status status, Instant at) {
        return new Outcome("d-" + vm.value(), POOL, vm, H1, H2, status, status == Outcome.Status.COMPLETED ? H2 : H1,
                "PRE_COPY", "", "site", at);
    }

    @Test
    void restoreWhenAMoveInFlightCompletedDuringTheHandoverThenItCoolsDownFromItsOutcome() {
        GuardState saved = new GuardState(List.of(new GuardState.Move(MOVING, H1, H2, 1L << 30, Set.of())),
                Map.of(COOLING, SAVED.plusSeconds(500)), Map.of(), Map.of(H1, SAVED.minusSeconds(60)), Map.of());
        Instant done = SAVED.plusSeconds(10);
        GuardState g = ClusterMember.restore(saved, SAVED, List.of(),
                Map.of(MOVING, outcome(MOVING, Outcome.Status.COMPLETED, done)), NOW, COOL, BACK);
        assertThat(g.inFlight()).isEmpty();
        assertThat(g.cooldownUntil()).containsEntry(MOVING, done.plus(COOL))
                .containsEntry(COOLING, SAVED.plusSeconds(500));
        assertThat(g.hotSince()).containsEntry(H1, SAVED.minusSeconds(60));
    }

    @Test
    void restoreWhenADecisionHasNoOutcomeAfterTheHandoverTimeoutThenItsVmBacksOffFromNow() {
        Decision d = MessagesTest.decision();
        GuardState g = ClusterMember.restore(GuardState.EMPTY, Instant.EPOCH, List.of(d), Map.of(), NOW, COOL,
                BACK);
        assertThat(g.backoffUntil()).containsEntry(d.request().vm(), NOW.plus(BACK));
    }

    @Test
    void restoreWhenAFailureEndedAfterTheSaveThenItBacksOffAndAnOlderOutcomeIsAlreadyCounted() {
        GuardState g = ClusterMember.restore(GuardState.EMPTY, SAVED, List.of(), Map.of(
                PENDING, outcome(PENDING, Outcome.Status.FAILED, SAVED.plusSeconds(5)),
                COOLING, outcome(COOLING, Outcome.Status.COMPLETED, SAVED.minusSeconds(5))), NOW, COOL, BACK);
        assertThat(g.backoffUntil()).containsEntry(PENDING, SAVED.plusSeconds(5).plus(BACK));
        assertThat(g.cooldownUntil()).doesNotContainKey(COOLING);
    }

    @Test
    void restoreNeverShortensADeadlineAlreadySaved() {
        Instant far = SAVED.plusSeconds(5000);
        GuardState saved = new GuardState(List.of(), Map.of(MOVING, far), Map.of(), Map.of(), Map.of());
        GuardState g = ClusterMember.restore(saved, SAVED, List.of(),
                Map.of(MOVING, outcome(MOVING, Outcome.Status.COMPLETED, SAVED.plusSeconds(1))), NOW, COOL, BACK);
        assertThat(g.cooldownUntil()).containsEntry(MOVING, far);
    }
}
