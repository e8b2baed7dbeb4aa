package io.ferry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.PoolStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The ledger on a hand-made run: two decisions in one cycle, one executed and completed, one refused by the guard.
 * Each test plants one fault and checks that the ledger names it, so none of its checks could pass unconditionally.
 */
class DecisionLedgerTest {

    private static final PoolId POOL = new PoolId("p");
    private static final HostId H1 = new HostId("h1");
    private static final HostId H2 = new HostId("h2");
    private static final HostId H3 = new HostId("h3");
    private static final VmId V1 = new VmId("v1");
    private static final VmId V2 = new VmId("v2");
    private static final MigrationId M1 = new MigrationId("m1");
    private static final long GIB = 1L << 30;

    @Test
    void accountWhenEveryDecisionIsRecordedOnceThenOk() {
        DecisionLedger.Report report = DecisionLedger.account(run());

        assertThat(report.problems()).isEmpty();
        assertThat(report.ok()).isTrue();
        assertThat(report.proposed()).isEqualTo(2);
        assertThat(report.decisions()).isEqualTo(1);
        assertThat(report.refusedByGuard()).isEqualTo(1);
        assertThat(report.started()).isEqualTo(1);
        assertThat(report.outcomes()).containsExactly(Map.entry(MigrationOutcome.Status.COMPLETED, 1L));
        assertThat(report.lost()).isZero();
        assertThat(report.duplicated()).isZero();
        assertThat(report.vmsChecked()).isEqualTo(2);
    }

    @Test
    void accountWhenARefusalIsMissingThenTheDecisionIsLost() {
        DecisionLedger.Run run = with(run(), records -> records.stream()
                .filter(r -> r.type() != AuditRecord.Type.REFUSED).toList(),
                new PoolStatus.Counters(2, 2, 0, 1, 1, 0, 0));

        DecisionLedger.Report report = DecisionLedger.account(run);

        assertThat(report.lost()).isEqualTo(1);
        assertThat(report.problems()).singleElement().asString().startsWith("lost: cycle 0: decision v2 h1->h3");
    }

    @Test
    void accountWhenAnOutcomeIsRecordedTwiceThenDuplicated() {
        DecisionLedger.Run run = with(run(), records -> {
            List<AuditRecord> twice = new ArrayList<>(records);
            twice.add(records.get(records.size() - 1));
            return twice;
        }, new PoolStatus.Counters(2, 2, 1, 1, 2, 0, 0));

        DecisionLedger.Report report = DecisionLedger.account(run);

        assertThat(report.duplicated()).isEqualTo(1);
        assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains("m1 has 2 outcomes"));
    }

    @Test
    void accountWhenADecisionNamesAPolicyNotInForceThenMismatch() {
        DecisionLedger.Run run = with(run(), records -> records.stream()
                .map(r -> r.type() == AuditRecord.Type.REFUSED ? named(r, "hybrid") : r).toList(), null);

        DecisionLedger.Report report = DecisionLedger.account(run);

        assertThat(report.policyMismatches()).isEqualTo(1);
        assertThat(report.problems()).singleElement().asString().contains("names hybrid; in force then: [precopy]");
    }

    @Test
    void accountWhenASwapOverlapsTheCycleWindowThenEitherPolicyIsAcceptedAndTheCycleIsAmbiguous() {
        DecisionLedger.Run base = run();
        DecisionLedger.Run run = new DecisionLedger.Run(base.initialPolicy(),
                List.of(new DecisionLedger.Swap(t(100), t(102), "hybrid", DecisionLedger.Path.SELECT)), base.cycles(),
                base.proposals(), base.migrateCalls(), base.records(), base.first(), base.last(), base.counters());

        DecisionLedger.Report report = DecisionLedger.account(run);

        assertThat(report.ok()).isTrue();
        assertThat(report.ambiguousCycles()).isEqualTo(1);
    }

    @Test
    void accountWhenASwapEndedBeforeTheCycleThenItsPolicyIsTheOnlyOneAccepted() {
        DecisionLedger.Run base = run();
        DecisionLedger.Run run = new DecisionLedger.Run(base.initialPolicy(),
                List.of(new DecisionLedger.Swap(t(50), t(51), "hybrid", DecisionLedger.Path.CONFIGURE)), base.cycles(),
                base.proposals(), base.migrateCalls(), base.records(), base.first(), base.last(), base.counters());

        DecisionLedger.Report report = DecisionLedger.account(run);

        assertThat(report.policyMismatches()).isEqualTo(2);
        assertThat(report.ambiguousCycles()).isZero();
    }

    @Test
    void accountWhenAVmIsNotWhereItsOutcomeSaysThenPlacementProblem() {
        DecisionLedger.Run base = run();
        DecisionLedger.Run run = new DecisionLedger.Run(base.initialPolicy(), base.swaps(), base.cycles(),
                base.proposals(), base.migrateCalls(), base.records(), base.first(), snapshot(H1, H1), base.counters());

        DecisionLedger.Report report = DecisionLedger.account(run);

        assertThat(report.problems()).singleElement().asString()
                .isEqualTo("placement: v1 runs on h1; its outcomes say h2");
    }

    @Test
    void accountWhenAMigrationStartsWithoutADecisionThenDuplicated() {
        DecisionLedger.Run base = run();
        List<RecordingAdapter.MigrateCall> calls = new ArrayList<>(base.migrateCalls());
        calls.add(new RecordingAdapter.MigrateCall(new MigrationId("m9"), V2, true));
        DecisionLedger.Run run = new DecisionLedger.Run(base.initialPolicy(), base.swaps(), base.cycles(),
                base.proposals(), calls, base.records(), base.first(), base.last(), base.counters());

        DecisionLedger.Report report = DecisionLedger.account(run);

        assertThat(report.duplicated()).isEqualTo(1);
        assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains("m9 of v2 started without a DECISION"));
    }

    // ------------------------------------------------------------------ the hand-made run

    private static DecisionLedger.Run run() {
        List<RecordingAdapter.Cycle> cycles = List.of(new RecordingAdapter.Cycle(t(100), t(101)),
                new RecordingAdapter.Cycle(t(1100), t(1101)));
        List<CountingAgent.Proposal> proposals = List.of(new CountingAgent.Proposal(t(102), List.of(
                new MigrationDecision(V1, H1, H2, "threshold", "hot"),
                new MigrationDecision(V2, H1, H3, "threshold", "hot"))),
                new CountingAgent.Proposal(t(1102), List.of()));
        List<AuditRecord> records = List.of(
                record(t(103), AuditRecord.Type.DECISION, Optional.of(M1), V1, H2, Optional.empty()),
                record(t(104), AuditRecord.Type.REFUSED, Optional.empty(), V2, H3, Optional.empty()),
                record(t(500), AuditRecord.Type.OUTCOME, Optional.of(M1), V1, H2,
                        Optional.of(MigrationOutcome.Status.COMPLETED)));
        return new DecisionLedger.Run("precopy", List.of(), cycles, proposals,
                List.of(new RecordingAdapter.MigrateCall(M1, V1, false)), records, snapshot(H1, H1),
                snapshot(H2, H1), new PoolStatus.Counters(2, 2, 1, 1, 1, 0, 0));
    }

    private static DecisionLedger.Run with(DecisionLedger.Run r, UnaryOperator<List<AuditRecord>> records,
            PoolStatus.Counters counters) {
        return new DecisionLedger.Run(r.initialPolicy(), r.swaps(), r.cycles(), r.proposals(), r.migrateCalls(),
                records.apply(r.records()), r.first(), r.last(), counters != null ? counters : r.counters());
    }

    private static AuditRecord record(Instant time, AuditRecord.Type type, Optional<MigrationId> id, VmId vm,
            HostId target, Optional<MigrationOutcome.Status> status) {
        return new AuditRecord(time, type, POOL, id, Optional.of(vm), Optional.of(H1), Optional.of(target),
                "threshold", "precopy", "embedded/0", Optional.empty(), Optional.empty(), status, false, "");
    }

    private static AuditRecord named(AuditRecord r, String policy) {
        return new AuditRecord(r.time(), r.type(), r.pool(), r.migration(), r.vm(), r.source(), r.target(), r.agent(),
                policy, r.bundle(), r.predicted(), r.actual(), r.status(), r.dryRun(), r.detail());
    }

    /** A pool of three 64 GiB hosts with v1 and v2 (2 GiB each) where given, free memory consistent. */
    private static ClusterSnapshot snapshot(HostId v1, HostId v2) {
        List<HostState> hosts = new ArrayList<>();
        for (HostId h : List.of(H1, H2, H3)) {
            long used = (h.equals(v1) ? 2 * GIB : 0) + (h.equals(v2) ? 2 * GIB : 0);
            hosts.add(new HostState(h, h.value(), true, false, 16, 0.5, 64 * GIB, 64 * GIB - used));
        }
        return new ClusterSnapshot(POOL, Instant.EPOCH, hosts, List.of(
                new VmState(V1, "v1", PowerState.RUNNING, Optional.of(v1), 2 * GIB, 2, 0.5, Set.of()),
                new VmState(V2, "v2", PowerState.RUNNING, Optional.of(v2), 2 * GIB, 2, 0.5, Set.of())));
    }

    private static Instant t(long millis) {
        return Instant.EPOCH.plusMillis(millis);
    }
}
