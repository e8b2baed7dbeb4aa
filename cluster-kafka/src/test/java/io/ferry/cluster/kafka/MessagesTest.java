package io.ferry.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.guard.GuardState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JSON of decisions, outcomes and pool state: exact round trips, and one clear refusal per bad record. */
class MessagesTest {

    private static final Instant T = Instant.parse("2026-12-04T19:00:00.123456789Z");
    private static final VmId VM = new VmId("vm-007");
    private static final HostId H1 = new HostId("host-01");
    private static final HostId H2 = new HostId("host-02");
    private static final PoolId POOL = new PoolId("sim-3");

    static Decision decision() {
        MigrationRequest r = new MigrationRequest(VM, H1, H2, 4L << 30, 4096, 1 << 20,
                new LinkSpec(1.25e9, Duration.ofNanos(500_000), 0.9),
                new DirtyBehaviour(1234.5, 20_000, DirtyBehaviour.Source.MEASURED), Duration.ofMillis(300));
        return new Decision("sim-3-1-1@a-g7", POOL, r, "threshold", "host-01 hot", "precopy", "a", 7, T);
    }

    @Test
    void decisionRoundTripsExactly() throws MessageException {
        Decision d = decision();
        assertThat(Messages.decodeDecision(Messages.encode(d))).isEqualTo(d);
    }

    @Test
    void outcomeRoundTripsExactly() throws MessageException {
        Outcome o = new Outcome("sim-3-1-1@a-g7", POOL, VM, H1, H2, Outcome.Status.COMPLETED, H2, "PRE_COPY",
                "completed", "site", T);
        assertThat(Messages.decodeOutcome(Messages.encode(o))).isEqualTo(o);
    }

    @Test
    void poolStateRoundTripsExactly() throws MessageException {
        GuardState g = new GuardState(List.of(new GuardState.Move(VM, H1, H2, 1L << 30, Set.of("aa:db"))),
                Map.of(new VmId("vm-001"), T.plusSeconds(600)), Map.of(new VmId("vm-002"), T.plusSeconds(300)),
                Map.of(H1, T.minusSeconds(40)), Map.of(VM, T.minusSeconds(20)));
        PoolState s = new PoolState(POOL, "a", 7, T, g);
        assertThat(Messages.decodePoolState(Messages.encode(s))).isEqualTo(s);
    }

    @Test
    void decodeWhenNotJsonOrFutureVersionOrMissingFieldThenOneLineNamingTheTopic() {
        assertThatThrownBy(() -> Messages.decodeDecision("{nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MessageException.class).hasMessageStartingWith("migration-decisions: not JSON");
        assertThatThrownBy(() -> Messages.decodeOutcome("{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MessageException.class)
                .hasMessage("migration-outcomes: schemaVersion 2 (this reader knows 1 to 1)");
        String noVm = new String(Messages.encode(decision()), StandardCharsets.UTF_8).replace("\"vm\":", "\"vx\":");
        assertThatThrownBy(() -> Messages.decodeDecision(noVm.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MessageException.class).hasMessage("migration-decisions: field vm missing");
        String sameHosts = new String(Messages.encode(decision()), StandardCharsets.UTF_8)
                .replace("\"target\":\"host-02\"", "\"target\":\"host-01\"");
        assertThatThrownBy(() -> Messages.decodeDecision(sameHosts.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MessageException.class).hasMessageContaining("must differ from the source");
        assertThatThrownBy(() -> Messages.decodePoolState(null)).isInstanceOf(MessageException.class)
                .hasMessageStartingWith("pool-state: empty record");
    }

    @Test
    void decodeWhenAFieldIsAddedBySameVersionWriterThenIgnoresIt() throws MessageException {
        String more = new String(Messages.encode(decision()), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"comment\":\"added later\",");
        assertThat(Messages.decodeDecision(more.getBytes(StandardCharsets.UTF_8))).isEqualTo(decision());
    }
}
