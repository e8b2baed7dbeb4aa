package io.ferry.xen.internal;

import static io.ferry.xen.internal.XenTestPools.await;
import static io.ferry.xen.internal.XenTestPools.manual;
import static io.ferry.xen.internal.XenTestPools.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationHandle;
import io.ferry.api.MigrationSteering;
import io.ferry.api.PageView;
import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostState;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationProgress;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.RoundReport;
import io.ferry.api.model.VmState;
import io.ferry.xapisim.MigrationRecord;
import io.ferry.xapisim.XapiSimulator;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Migrations through the real SDK over HTTP against the XAPI simulator, whose clock the test moves: the task is
 * followed to its end, the snapshot moves the VM only then (by events, not reloads), and XAPI's failures, a
 * cancel, a time-out and the refusals the adapter makes up front arrive with XAPI's codes, the VM on its source.
 */
class XenAdapterMigrationTest {

    private static final AtomicInteger IDS = new AtomicInteger();
    /** XAPI runs its own pre-copy: a steering the adapter must never call. */
    private static final MigrationSteering NEVER = new MigrationSteering() {
        @Override
        public RoundDecision begin(Optional<PageView> pages) {
            throw new AssertionError("XAPI decides the rounds; the adapter must not consult a steering");
        }

        @Override
        public RoundDecision afterRound(RoundReport report, Optional<PageView> pages) {
            throw new AssertionError("XAPI decides the rounds; the adapter must not consult a steering");
        }
    };

    private final XenTestPools.ManualClock clock = new XenTestPools.ManualClock();

    /** A running VM and a host with room for it. */
    private record Move(VmState vm, HostState target) {
        MigrationRequest request() {
            return new MigrationRequest(vm.id(), vm.residentOn().orElseThrow(), target.id(), vm.memoryBytes(), 4096,
                    1 << 20, new LinkSpec(125e6, Duration.ofNanos(500_000), 1),
                    new DirtyBehaviour(1000, 0, DirtyBehaviour.Source.INFERRED), Duration.ofMillis(300));
        }
    }

    private static Move move(ClusterSnapshot s) {
        for (VmState vm : s.vms().stream().filter(VmState::migratable)
                .sorted(Comparator.comparingLong(VmState::memoryBytes)).toList()) {
            for (HostState h : s.hosts()) {
                if (!h.id().equals(vm.residentOn().orElseThrow()) && h.acceptsVms()
                        && h.memoryFreeBytes() > vm.memoryBytes() * 11 / 10) {
                    return new Move(vm, h);
                }
            }
        }
        throw new AssertionError("no VM fits on another host in " + s);
    }

    private static MigrationId id() {
        return new MigrationId("t-" + IDS.incrementAndGet());
    }

    private static MigrationOutcome outcome(MigrationHandle h) throws Exception {
        return h.outcome().toCompletableFuture().get(XenTestPools.PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    private static MigrationRecord record(XapiSimulator sim, String vmUuid) {
        List<MigrationRecord> all = sim.migrations().stream().filter(m -> m.vmUuid().equals(vmUuid)).toList();
        assertThat(all).as("the simulator's migrations of %s", vmUuid).isNotEmpty();
        return all.get(all.size() - 1);
    }

    @Test
    void migrateWhenXapiCompletesThenTheSnapshotMovesTheVmOnlyAtTheEndByEvents() throws Exception {
        try (XapiSimulator sim = manual(clock).linkGbps(1).build().start();
                XenHypervisorAdapter adapter = new XenHypervisorAdapter(props(sim))) {
            Move m = move(adapter.snapshot());
            long loads = adapter.loads();

            MigrationHandle h = adapter.migrate(id(), m.request(), NEVER);
            clock.advance(1);
            await("progress", () -> h.progress().fraction() > 0);
            assertThat(h.progress().phase()).isEqualTo(MigrationProgress.Phase.PRE_COPY);
            assertThat(record(sim, m.vm().id().value()).status()).isEqualTo(MigrationRecord.Status.RUNNING);
            assertThat(adapter.snapshot().vm(m.vm().id()).orElseThrow().residentOn()).contains(m.vm().residentOn()
                    .orElseThrow());
            assertThat(h.outcome().toCompletableFuture()).isNotDone();

            clock.advance(600);
            MigrationOutcome o = outcome(h);

            assertThat(o.status()).isEqualTo(MigrationOutcome.Status.COMPLETED);
            assertThat(o.finalHost()).isEqualTo(m.target().id());
            assertThat(o.detail()).contains("not reported by XAPI");
            assertThat(o.metrics()).isPresent();
            assertThat(o.metrics().get().unreported()).containsExactlyInAnyOrder(MigrationMetrics.Figure.DOWNTIME,
                    MigrationMetrics.Figure.BYTES, MigrationMetrics.Figure.PAGES, MigrationMetrics.Figure.ROUNDS);
            assertThat(o.metrics().get().reports(MigrationMetrics.Figure.POSTCOPY)).as("pre-copy only: truly none")
                    .isTrue();
            assertThat(o.metrics().get().totalTime()).isPositive();
            assertThat(record(sim, m.vm().id().value()).finalHostUuid()).isEqualTo(m.target().id().value());
            await("the VM on its target in the snapshot", () -> adapter.snapshot().vm(m.vm().id()).orElseThrow()
                    .residentOn().equals(Optional.of(m.target().id())));
            assertThat(adapter.loads()).as("kept current by event.from, not by reloading").isEqualTo(loads);
            assertThat(h.progress().phase()).isEqualTo(MigrationProgress.Phase.DONE);
        }
    }

    @Test
    void migrateWhenXapiAbortsThenFailedWithTheCodeAndItsMeaningAndTheVmOnItsSource() throws Exception {
        Properties faults = new Properties();
        faults.setProperty("migration.failure-rate", "1");
        try (XapiSimulator sim = manual(clock).faults(faults).build().start();
                XenHypervisorAdapter adapter = new XenHypervisorAdapter(props(sim))) {
            Move m = move(adapter.snapshot());

            MigrationHandle h = adapter.migrate(id(), m.request(), NEVER);
            clock.advance(600);
            MigrationOutcome o = outcome(h);

            assertThat(o.status()).isEqualTo(MigrationOutcome.Status.FAILED);
            assertThat(o.finalHost()).isEqualTo(m.vm().residentOn().orElseThrow());
            assertThat(o.detail()).startsWith("VM_MIGRATE_FAILED: XAPI aborted the migration: Injected fault")
                    .contains("the VM stays on its source");
            assertThat(o.metrics()).isEmpty();
            assertThat(record(sim, m.vm().id().value()).status()).isEqualTo(MigrationRecord.Status.FAILURE);
            assertThat(record(sim, m.vm().id().value()).finalHostUuid()).isEqualTo(m.vm().residentOn().orElseThrow()
                    .value());
        }
    }

    @Test
    void cancelWhenInPreCopyThenCancelledWithTaskCancelledAndTheVmOnItsSource() throws Exception {
        try (XapiSimulator sim = manual(clock).build().start();
                XenHypervisorAdapter adapter = new XenHypervisorAdapter(props(sim))) {
            Move m = move(adapter.snapshot());
            MigrationHandle h = adapter.migrate(id(), m.request(), NEVER);
            clock.advance(0.5);

            h.cancel();
            MigrationOutcome o = outcome(h);

            assertThat(o.status()).isEqualTo(MigrationOutcome.Status.CANCELLED);
            assertThat(o.detail()).startsWith("TASK_CANCELLED: ").contains("cancelled by Ferry");
            assertThat(o.finalHost()).isEqualTo(m.vm().residentOn().orElseThrow());
            assertThat(record(sim, m.vm().id().value()).status()).isEqualTo(MigrationRecord.Status.CANCELLED);
            await("the VM free to move again", () -> adapter.snapshot() != null
                    && TestAccess.noOperation(adapter, m.vm().id().value()));
        }
    }

    @Test
    void migrateWhenStillRunningAfterTheTimeoutThenCancelledAndSaysWhy() throws Exception {
        try (XapiSimulator sim = manual(clock).build().start();
                XenHypervisorAdapter adapter = new XenHypervisorAdapter(props(sim, "migrationTimeoutSeconds", 1))) {
            Move m = move(adapter.snapshot());

            MigrationHandle h = adapter.migrate(id(), m.request(), NEVER); // the clock stands still: it never ends
            MigrationOutcome o = outcome(h);

            assertThat(o.status()).isEqualTo(MigrationOutcome.Status.CANCELLED);
            assertThat(o.detail()).contains("TASK_CANCELLED").contains("migration timeout of 1 s");
            assertThat(o.finalHost()).isEqualTo(m.vm().residentOn().orElseThrow());
        }
    }

    @Test
    void migrateWhenTheVmIsHaltedThenRefusedAtOnceWithVmBadPowerState() throws Exception {
        try (XapiSimulator sim = manual(clock).build().start();
                XenHypervisorAdapter adapter = new XenHypervisorAdapter(props(sim))) {
            ClusterSnapshot s = adapter.snapshot();
            VmState halted = s.vms().stream().filter(v -> v.power() == PowerState.HALTED).findFirst().orElseThrow();
            Move any = move(s);
            MigrationRequest r = new MigrationRequest(halted.id(), any.vm().residentOn().orElseThrow(),
                    any.target().id(), Math.max(4096, halted.memoryBytes()), 4096, 0, any.request().link(),
                    any.request().dirtying(), Duration.ofMillis(300));

            assertThatThrownBy(() -> adapter.migrate(id(), r, NEVER)).isInstanceOf(HypervisorException.class)
                    .hasMessageContaining("VM_BAD_POWER_STATE").hasMessageContaining("the VM is halted, not running")
                    .extracting(e -> ((HypervisorException) e).code()).isEqualTo("VM_BAD_POWER_STATE");
            assertThat(sim.migrations()).isEmpty();
        }
    }

    @Test
    void migrateWhenTheTargetLacksMemoryThenRefusedAtOnceSayingHowManyBytes() throws Exception {
        try (XapiSimulator sim = manual(clock).hosts(2).vms(3).haltedVms(1).vmMemoryGiB(4).hostMemoryGiB(10).build()
                .start(); XenHypervisorAdapter adapter = new XenHypervisorAdapter(props(sim))) {
            ClusterSnapshot s = adapter.snapshot();
            VmState vm = s.vms().stream().filter(VmState::migratable).findFirst().orElseThrow();
            HostState other = s.hosts().stream().filter(h -> !h.id().equals(vm.residentOn().orElseThrow()))
                    .findFirst().orElseThrow();
            MigrationRequest r = new Move(vm, other).request();

            assertThatThrownBy(() -> adapter.migrate(id(), r, NEVER)).isInstanceOf(HypervisorException.class)
                    .hasMessageContaining("HOST_NOT_ENOUGH_FREE_MEMORY: ")
                    .hasMessageMatching(".*the target host lacks [0-9]+ bytes \\(the VM needs [0-9]+, the host has "
                            + "[0-9]+ free\\).*");
            assertThat(sim.migrations()).isEmpty();
        }
    }

    @Test
    void migrateWhenTheTargetIsOfflineThenRefusedAtOnceWithHostOffline() throws Exception {
        Properties faults = new Properties();
        faults.setProperty("host.offline-schedule", "host-01@0");
        try (XapiSimulator sim = manual(clock).faults(faults).build().start();
                XenHypervisorAdapter adapter = new XenHypervisorAdapter(props(sim))) {
            ClusterSnapshot s = adapter.snapshot();
            HostState offline = s.hosts().stream().filter(h -> h.name().equals("host-01")).findFirst().orElseThrow();
            assertThat(offline.enabled()).as("an offline host is not enabled in the snapshot").isFalse();
            VmState vm = s.vms().stream().filter(VmState::migratable)
                    .filter(v -> !v.residentOn().orElseThrow().equals(offline.id())).findFirst().orElseThrow();

            assertThatThrownBy(() -> adapter.migrate(id(), new Move(vm, offline).request(), NEVER))
                    .isInstanceOf(HypervisorException.class).hasMessageContaining("HOST_OFFLINE")
                    .hasMessageContaining("is offline");
        }
    }

    @Test
    void migrateWhenTheVmIsAlreadyMigratingThenOtherOperationInProgress() throws Exception {
        try (XapiSimulator sim = manual(clock).build().start();
                XenHypervisorAdapter adapter = new XenHypervisorAdapter(props(sim))) {
            Move m = move(adapter.snapshot());
            MigrationHandle first = adapter.migrate(id(), m.request(), NEVER);
            await("the VM's current operation in the inventory", () -> !TestAccess.noOperation(adapter,
                    m.vm().id().value()));

            assertThatThrownBy(() -> adapter.migrate(id(), m.request(), NEVER))
                    .isInstanceOf(HypervisorException.class).hasMessageContaining("OTHER_OPERATION_IN_PROGRESS")
                    .hasMessageContaining("pool_migrate");
            clock.advance(600);
            assertThat(outcome(first).status()).isEqualTo(MigrationOutcome.Status.COMPLETED);
        }
    }

    @Test
    void closeWhenAMigrationIsInFlightThenItIsCancelledAndItsOutcomeCompletes() throws Exception {
        try (XapiSimulator sim = manual(clock).build().start()) {
            XenHypervisorAdapter adapter = new XenHypervisorAdapter(props(sim));
            Move m = move(adapter.snapshot());
            MigrationHandle h = adapter.migrate(id(), m.request(), NEVER);

            adapter.close();

            MigrationOutcome o = outcome(h);
            assertThat(o.status()).isEqualTo(MigrationOutcome.Status.CANCELLED);
            assertThat(o.detail()).contains("is stopping");
            assertThat(record(sim, m.vm().id().value()).status()).isEqualTo(MigrationRecord.Status.CANCELLED);
            assertThatThrownBy(adapter::snapshot).isInstanceOf(HypervisorException.class)
                    .hasMessageContaining("stopped");
        }
    }

    @Test
    void capabilitiesArePreCopyAndCancelOnlyAndTheLinkIsTheConfiguredOne() throws Exception {
        try (XapiSimulator sim = manual(clock).build().start();
                XenHypervisorAdapter plain = new XenHypervisorAdapter(props(sim));
                XenHypervisorAdapter withLink = new XenHypervisorAdapter(props(sim, "pool.name", "xen2",
                        "linkGbps", 10, "rttMs", 0.2))) {
            assertThat(plain.capabilities()).containsExactlyInAnyOrder(Capability.PRE_COPY, Capability.CANCEL);
            assertThat(plain.kind()).isEqualTo("xenserver");
            assertThat(plain.migrationLink()).as("XAPI reports no bandwidth: the pool settings supply it").isEmpty();
            assertThat(withLink.migrationLink()).contains(new LinkSpec(1.25e9, Duration.ofNanos(200_000), 1));
            assertThat(withLink.pool().value()).isEqualTo("xen2");
        }
    }
}
