package io.ferry.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.guard.GuardState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private static final MigrationMetrics MEASURED = new MigrationMetrics(Duration.ofNanos(4_200_000_123L),
            Duration.ofMillis(450), 5L << 30, 1_400_000, 90_000, 4, 12, Duration.ofMillis(30), Duration.ofMillis(7),
            true);

    @Test
    void outcomeWithMetricsAndSlaVerdictRoundTripsExactly() throws MessageException {
        Outcome o = new Outcome("sim-3-1-1@a-g7", POOL, VM, H1, H2, Outcome.Status.COMPLETED, H2, "PRE_COPY",
                "completed", "site", T, Optional.of(MEASURED), Optional.of(true));
        assertThat(Messages.decodeOutcome(Messages.encode(o))).isEqualTo(o);
    }

    @Test
    void outcomeWithPartlyUnreportedMetricsRoundTripsExactly() throws MessageException {
        MigrationMetrics xapi = new MigrationMetrics(Duration.ofSeconds(9), Duration.ZERO, 0, 0, 0, 0, 0,
                Duration.ZERO, Duration.ZERO, false, EnumSet.of(MigrationMetrics.Figure.DOWNTIME,
                        MigrationMetrics.Figure.BYTES, MigrationMetrics.Figure.PAGES, MigrationMetrics.Figure.ROUNDS,
                        MigrationMetrics.Figure.POSTCOPY));
        Outcome o = new Outcome("x", POOL, VM, H1, H2, Outcome.Status.COMPLETED, H2, "PRE_COPY", "completed", "site",
                T, Optional.of(xapi), Optional.empty());
        assertThat(Messages.decodeOutcome(Messages.encode(o))).isEqualTo(o);
    }

    @Test
    void outcomesAreWrittenAsVersion2WithNullsForWhatIsAbsent() throws Exception {
        Outcome o = new Outcome("x", POOL, VM, H1, H2, Outcome.Status.REFUSED, H1, "", "moved", "site", T);
        JsonNode n = new ObjectMapper().readTree(Messages.encode(o));
        assertThat(n.get("schemaVersion").intValue()).isEqualTo(2);
        assertThat(n.get("metrics").isNull()).isTrue();
        assertThat(n.get("slaViolated").isNull()).isTrue();
        assertThat(new ObjectMapper().readTree(Messages.encode(decision())).get("schemaVersion").intValue())
                .isEqualTo(1);
    }

    @Test
    void aVersion1OutcomeIsStillReadWithoutMetrics() throws MessageException {
        String v1 = "{\"schemaVersion\":1,\"decisionId\":\"sim-3-1-1@a-g7\",\"pool\":\"sim-3\",\"vm\":\"vm-007\","
                + "\"source\":\"host-01\",\"target\":\"host-02\",\"status\":\"COMPLETED\","
                + "\"finalHost\":\"host-02\",\"technique\":\"PRE_COPY\",\"detail\":\"completed\","
                + "\"executor\":\"site\",\"at\":\"2026-12-04T19:00:00.123456789Z\"}";
        Outcome o = Messages.decodeOutcome(v1.getBytes(StandardCharsets.UTF_8));
        assertThat(o).isEqualTo(new Outcome("sim-3-1-1@a-g7", POOL, VM, H1, H2, Outcome.Status.COMPLETED, H2,
                "PRE_COPY", "completed", "site", T));
        assertThat(o.metrics()).isEmpty();
        assertThat(o.slaViolated()).isEmpty();
    }

    @Test
    void decodeOutcomeWhenMetricsAreMalformedThenOneLineNamingTheField() {
        Outcome o = new Outcome("x", POOL, VM, H1, H2, Outcome.Status.COMPLETED, H2, "PRE_COPY", "completed", "site",
                T, Optional.of(MEASURED), Optional.of(true));
        String good = new String(Messages.encode(o), StandardCharsets.UTF_8);
        assertOutcomeRefused(good.replace("\"rounds\":4", "\"rounds\":\"four\""),
                "migration-outcomes: field rounds = \"four\": must be an integer");
        assertOutcomeRefused(good.replace("\"downtimeNanos\":450000000", "\"downtimeNanos\":-1"),
                "migration-outcomes: downtime");
        assertOutcomeRefused(good.replace(",\"slaViolated\":true}", "}"), "migration-outcomes: field slaViolated missing");
        assertOutcomeRefused(good.replace(",\"slaViolated\":true}", ",\"slaViolated\":\"yes\"}"),
                "migration-outcomes: field slaViolated = \"yes\": must be true, false or null");
        assertOutcomeRefused(good.replace("\"unreported\":[]", "\"unreported\":[\"SMELL\"]"),
                "migration-outcomes: No enum constant");
        assertOutcomeRefused(good.replaceFirst("\"metrics\":\\{", "\"metrics\":7,\"m\":{"),
                "migration-outcomes: field metrics = 7: must be an object or null");
    }

    private static void assertOutcomeRefused(String json, String start) {
        assertThatThrownBy(() -> Messages.decodeOutcome(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MessageException.class).hasMessageStartingWith(start).hasMessageNotContaining("\n");
    }

    @Test
    void slaVerdictIsTheMeasuredDowntimeAgainstTheBudgetAndAbsentWhenNotMeasured() {
        Duration budget = Duration.ofMillis(300);
        assertThat(Outcome.slaViolated(Optional.of(MEASURED), budget)).contains(true);
        assertThat(Outcome.slaViolated(Optional.of(MEASURED), Duration.ofMillis(450))).contains(false);
        assertThat(Outcome.slaViolated(Optional.of(MEASURED), Duration.ofMillis(500))).contains(false);
        MigrationMetrics noDowntime = new MigrationMetrics(Duration.ofSeconds(9), Duration.ZERO, 0, 0, 0, 0, 0,
                Duration.ZERO, Duration.ZERO, false, EnumSet.of(MigrationMetrics.Figure.DOWNTIME));
        assertThat(Outcome.slaViolated(Optional.of(noDowntime), budget)).isEmpty();
        assertThat(Outcome.slaViolated(Optional.empty(), budget)).isEmpty();
    }

    @Test
    void executorJudgesTheDowntimeAgainstTheDecisionsBudgetAndTheMetricsCarryItsVerdict() {
        Decision d = decision(); // budget 300 ms
        MigrationMetrics saidFine = new MigrationMetrics(Duration.ofSeconds(4), Duration.ofMillis(450), 1, 1, 0, 1,
                0, Duration.ZERO, Duration.ZERO, false);
        Outcome o = DecisionExecutor.judged(d, Outcome.Status.COMPLETED, H2, "PRE_COPY", "completed",
                Optional.of(saidFine), "site", T);
        assertThat(o.slaViolated()).contains(true);
        assertThat(o.metrics()).hasValueSatisfying(m -> {
            assertThat(m.slaViolated()).isTrue();
            assertThat(m.downtime()).isEqualTo(Duration.ofMillis(450));
            assertThat(m.totalTime()).isEqualTo(Duration.ofSeconds(4));
        });
        Outcome none = DecisionExecutor.judged(d, Outcome.Status.FAILED, H1, "PRE_COPY", "failed",
                Optional.empty(), "site", T);
        assertThat(none.metrics()).isEmpty();
        assertThat(none.slaViolated()).isEmpty();
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
        assertThatThrownBy(() -> Messages.decodeOutcome("{\"schemaVersion\":3}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MessageException.class)
                .hasMessage("migration-outcomes: schemaVersion 3 (this reader knows 1 to 2)");
        assertThatThrownBy(() -> Messages.decodeDecision("{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MessageException.class)
                .hasMessage("migration-decisions: schemaVersion 2 (this reader knows 1 to 1)");
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
