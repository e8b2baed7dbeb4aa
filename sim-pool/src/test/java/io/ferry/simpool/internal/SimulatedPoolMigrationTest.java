package io.ferry.simpool.internal;

import static io.ferry.simpool.internal.TestPools.bigVmOnBusiestHost;
import static io.ferry.simpool.internal.TestPools.hostOf;
import static io.ferry.simpool.internal.TestPools.pool;
import static io.ferry.simpool.internal.TestPools.precopy;
import static io.ferry.simpool.internal.TestPools.roomiestHostOtherThan;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.MigrationHandle;
import io.ferry.api.MigrationSteering;
import io.ferry.api.PageView;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationOutcome.Status;
import io.ferry.api.model.MigrationProgress;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.RoundReport;
import io.ferry.api.model.Technique;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SimulatedPoolMigrationTest {

    private static final int MAX_TICKS = 2000; // 200 simulated seconds

    @Test
    void migrateWhenRunToCompletionThenVmMovesOnlyAtTheEnd() throws Exception {
        TestPools.Pool p = pool();
        ClusterSnapshot before = p.snapshot();
        VmState vm = bigVmOnBusiestHost(before);
        HostId source = vm.residentOn().get();
        HostId target = roomiestHostOtherThan(before, source).id();
        long targetFree = before.host(target).get().memoryFreeBytes();
        long sourceFree = before.host(source).get().memoryFreeBytes();

        MigrationHandle h = p.migrate(vm.id(), target, precopy());
        CompletableFuture<MigrationOutcome> outcome = h.outcome().toCompletableFuture();
        int ticks = 0;
        List<MigrationProgress.Phase> phases = new ArrayList<>();
        while (!outcome.isDone() && ticks++ < MAX_TICKS) {
            ClusterSnapshot during = p.snapshot();
            assertThat(hostOf(during, vm.id())).isEqualTo(source);
            assertThat(during.host(target).get().memoryFreeBytes()).isEqualTo(targetFree - vm.memoryBytes());
            assertThat(during.host(source).get().memoryFreeBytes()).isEqualTo(sourceFree);
            phases.add(h.progress().phase());
            p.ticker().tick();
        }
        assertThat(ticks).as("ticks in flight").isGreaterThan(1);
        assertThat(phases).contains(MigrationProgress.Phase.PRE_COPY);

        MigrationOutcome o = outcome.join();
        assertThat(o.status()).isEqualTo(Status.COMPLETED);
        assertThat(o.finalHost()).isEqualTo(target);
        assertThat(o.technique()).isEqualTo(Technique.PRE_COPY);
        assertThat(o.metrics()).isPresent();
        assertThat(o.metrics().get().totalTime()).isGreaterThanOrEqualTo(
                Duration.ofNanos((long) (vm.memoryBytes() / (10e9 / 8) * 1e9)));
        assertThat(o.detail()).startsWith("completed: PRE_COPY in ");
        assertThat(h.progress().phase()).isEqualTo(MigrationProgress.Phase.DONE);
        assertThat(h.progress().fraction()).isEqualTo(1.0);

        ClusterSnapshot after = p.snapshot();
        assertThat(hostOf(after, vm.id())).isEqualTo(target);
        assertThat(after.host(target).get().memoryFreeBytes()).isEqualTo(targetFree - vm.memoryBytes());
        assertThat(after.host(source).get().memoryFreeBytes()).isEqualTo(sourceFree + vm.memoryBytes());
        assertThat(p.adapter().simulation().migrationsInFlight()).isZero();
    }

    @Test
    void migrateWhenTwoRunConcurrentlyThenEachIsSlowerThanAlone() throws Exception {
        ClusterSnapshot s = pool().snapshot();
        VmState a = bigVmOnBusiestHost(s);
        VmState b = TestPools.anotherRunningVm(s, a.id());
        HostId targetA = roomiestHostOtherThan(s, a.residentOn().get()).id();
        HostId targetB = roomiestHostOtherThan(s, b.residentOn().get()).id();
        if (targetB.equals(targetA)) {
            targetB = s.hosts().stream().filter(h -> h.acceptsVms() && !h.id().equals(targetA)
                    && !h.id().equals(b.residentOn().get())).findFirst().orElseThrow().id();
        }

        TestPools.Pool aloneA = pool();
        Duration timeAloneA = aloneA.awaitOutcome(aloneA.migrate(a.id(), targetA, precopy()), MAX_TICKS).metrics()
                .orElseThrow().totalTime();
        TestPools.Pool aloneB = pool();
        Duration timeAloneB = aloneB.awaitOutcome(aloneB.migrate(b.id(), targetB, precopy()), MAX_TICKS).metrics()
                .orElseThrow().totalTime();

        TestPools.Pool shared = pool();
        MigrationHandle ha = shared.migrate(a.id(), targetA, precopy());
        MigrationHandle hb = shared.migrate(b.id(), targetB, precopy());
        MigrationOutcome oa = shared.awaitOutcome(ha, MAX_TICKS);
        MigrationOutcome ob = shared.awaitOutcome(hb, MAX_TICKS);
        assertThat(oa.status()).isEqualTo(Status.COMPLETED);
        assertThat(ob.status()).isEqualTo(Status.COMPLETED);
        assertThat(oa.metrics().get().totalTime()).isGreaterThan(timeAloneA);
        assertThat(ob.metrics().get().totalTime()).isGreaterThan(timeAloneB);
    }

    @Test
    void migrateWhenSameSeedAndRequestsThenSameMetrics() throws Exception {
        MigrationOutcome[] outcomes = new MigrationOutcome[2];
        for (int i = 0; i < 2; i++) {
            TestPools.Pool p = pool();
            p.ticker().tick(20);
            ClusterSnapshot s = p.snapshot();
            VmState vm = bigVmOnBusiestHost(s);
            outcomes[i] = p.awaitOutcome(p.migrate(vm.id(), roomiestHostOtherThan(s, vm.residentOn().get()).id(),
                    TestPools.policy("hybrid")), MAX_TICKS);
        }
        assertThat(outcomes[0].metrics()).isEqualTo(outcomes[1].metrics());
        assertThat(outcomes[0].detail()).isEqualTo(outcomes[1].detail());
    }

    @Test
    void cancelWhenInPreCopyThenCancelledAndVmStaysOnSource() throws Exception {
        TestPools.Pool p = pool();
        ClusterSnapshot s = p.snapshot();
        VmState vm = bigVmOnBusiestHost(s);
        HostId source = vm.residentOn().get();
        HostId target = roomiestHostOtherThan(s, source).id();
        long targetFree = s.host(target).get().memoryFreeBytes();

        MigrationHandle h = p.migrate(vm.id(), target, precopy());
        p.ticker().tick();
        assertThat(h.progress().phase()).isEqualTo(MigrationProgress.Phase.PRE_COPY);
        h.cancel();

        MigrationOutcome o = h.outcome().toCompletableFuture().getNow(null);
        assertThat(o).isNotNull();
        assertThat(o.status()).isEqualTo(Status.CANCELLED);
        assertThat(o.finalHost()).isEqualTo(source);
        assertThat(o.detail()).startsWith("TASK_CANCELLED: ").contains(source.value());
        ClusterSnapshot after = p.snapshot();
        assertThat(hostOf(after, vm.id())).isEqualTo(source);
        assertThat(after.host(target).get().memoryFreeBytes()).isEqualTo(targetFree);
        // the VM can migrate again at once
        assertThat(p.awaitOutcome(p.migrate(vm.id(), target, precopy()), MAX_TICKS).status())
                .isEqualTo(Status.COMPLETED);
    }

    @Test
    void cancelWhenPastPostCopySwitchThenCompletesOnTarget() throws Exception {
        TestPools.Pool p = pool();
        ClusterSnapshot s = p.snapshot();
        VmState vm = bigVmOnBusiestHost(s);
        HostId target = roomiestHostOtherThan(s, vm.residentOn().get()).id();

        MigrationHandle h = p.migrate(vm.id(), target, TestPools.policy("postcopy"));
        p.ticker().tick();
        assertThat(h.progress().phase()).isEqualTo(MigrationProgress.Phase.POST_COPY);
        h.cancel();
        assertThat(h.outcome().toCompletableFuture()).isNotDone();

        MigrationOutcome o = p.awaitOutcome(h, MAX_TICKS);
        assertThat(o.status()).isEqualTo(Status.COMPLETED);
        assertThat(o.technique()).isEqualTo(Technique.POST_COPY);
        assertThat(o.finalHost()).isEqualTo(target);
        assertThat(hostOf(p.snapshot(), vm.id())).isEqualTo(target);
    }

    @Test
    void migrateWhenFailureRateIsOneThenFailsPartWayAndVmStaysOnSource() throws Exception {
        TestPools.Pool p = pool("migrationFailureRate", 1.0);
        ClusterSnapshot s = p.snapshot();
        VmState vm = bigVmOnBusiestHost(s);
        HostId source = vm.residentOn().get();
        HostId target = roomiestHostOtherThan(s, source).id();
        long targetFree = s.host(target).get().memoryFreeBytes();

        MigrationOutcome o = p.awaitOutcome(p.migrate(vm.id(), target, precopy()), MAX_TICKS);
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.finalHost()).isEqualTo(source);
        assertThat(o.detail()).startsWith("VM_MIGRATE_FAILED: ").contains("pre-copy round 1");
        assertThat(o.metrics().get().bytesSent()).isPositive().isLessThan(vm.memoryBytes());
        ClusterSnapshot after = p.snapshot();
        assertThat(hostOf(after, vm.id())).isEqualTo(source);
        assertThat(after.host(target).get().memoryFreeBytes()).isEqualTo(targetFree);
    }

    @Test
    void migrateWhenFailureRateIsZeroThenNeverFails() throws Exception {
        TestPools.Pool p = pool("migrationFailureRate", 0.0);
        ClusterSnapshot s = p.snapshot();
        for (VmState vm : s.vms().subList(0, 8)) {
            if (vm.power() != PowerState.RUNNING) {
                continue;
            }
            HostId target = roomiestHostOtherThan(p.snapshot(), vm.residentOn().get()).id();
            assertThat(p.awaitOutcome(p.migrate(vm.id(), target, precopy()), MAX_TICKS).status())
                    .isEqualTo(Status.COMPLETED);
        }
    }

    @Test
    void migrateWhenSteeringThrowsMidMigrationThenEngineFallsBackAndCompletes() throws Exception {
        TestPools.Pool p = pool();
        ClusterSnapshot s = p.snapshot();
        VmState vm = bigVmOnBusiestHost(s);
        HostId target = roomiestHostOtherThan(s, vm.residentOn().get()).id();
        AtomicInteger afterRounds = new AtomicInteger();
        MigrationSteering throwing = new MigrationSteering() {
            @Override
            public RoundDecision begin(Optional<PageView> pages) {
                return new RoundDecision.PreCopyRound(Optional.empty());
            }

            @Override
            public RoundDecision afterRound(RoundReport report, Optional<PageView> pages) {
                afterRounds.incrementAndGet();
                throw new NoClassDefFoundError("io/ferry/policy/Gone (bundle uninstalled)");
            }
        };
        MigrationOutcome o = p.awaitOutcome(p.migrate(vm.id(), target, throwing), MAX_TICKS);
        assertThat(afterRounds).hasValue(1);
        assertThat(o.status()).isEqualTo(Status.COMPLETED);
        assertThat(o.finalHost()).isEqualTo(target);
        assertThat(o.detail()).contains("policy failed after round 1").doesNotContain("\n");
        assertThat(hostOf(p.snapshot(), vm.id())).isEqualTo(target);
    }

    @Test
    void migrateWhenSteeringReturnsNullThenStopsAndCopies() throws Exception {
        TestPools.Pool p = pool();
        ClusterSnapshot s = p.snapshot();
        VmState vm = bigVmOnBusiestHost(s);
        MigrationSteering silent = new MigrationSteering() {
            @Override
            public RoundDecision begin(Optional<PageView> pages) {
                return null;
            }

            @Override
            public RoundDecision afterRound(RoundReport report, Optional<PageView> pages) {
                return null;
            }
        };
        MigrationOutcome o = p.awaitOutcome(p.migrate(vm.id(), roomiestHostOtherThan(s, vm.residentOn().get()).id(),
                silent), MAX_TICKS);
        assertThat(o.status()).isEqualTo(Status.COMPLETED);
        assertThat(o.metrics().get().rounds()).isZero();
        assertThat(o.detail()).contains("policy returned no decision");
    }

    @Test
    void migrateWhenXenServerLikeCapabilitiesThenPolicyIsNeverConsultedAndPreCopyRuns() throws Exception {
        TestPools.Pool p = pool("capabilities", new String[] {"PRE_COPY", "CANCEL"});
        assertThat(p.adapter().capabilities()).containsExactlyInAnyOrder(io.ferry.api.model.Capability.PRE_COPY,
                io.ferry.api.model.Capability.CANCEL);
        ClusterSnapshot s = p.snapshot();
        VmState vm = bigVmOnBusiestHost(s);
        AtomicInteger calls = new AtomicInteger();
        MigrationSteering postcopy = new MigrationSteering() {
            @Override
            public RoundDecision begin(Optional<PageView> pages) {
                calls.incrementAndGet();
                return new RoundDecision.SwitchToPostCopy(Optional.empty(), 0);
            }

            @Override
            public RoundDecision afterRound(RoundReport report, Optional<PageView> pages) {
                calls.incrementAndGet();
                return new RoundDecision.SwitchToPostCopy(Optional.empty(), 0);
            }
        };
        MigrationOutcome o = p.awaitOutcome(p.migrate(vm.id(), roomiestHostOtherThan(s, vm.residentOn().get()).id(),
                postcopy), MAX_TICKS);
        assertThat(calls).hasValue(0);
        assertThat(o.status()).isEqualTo(Status.COMPLETED);
        assertThat(o.technique()).isEqualTo(Technique.PRE_COPY);
        assertThat(o.metrics().get().rounds()).isBetween(1, 5);
    }

    @Test
    void outcomeWhenMigrationEndsThenCompletesExactlyOnceAndCannotBeCompletedByCallers() throws Exception {
        TestPools.Pool p = pool();
        ClusterSnapshot s = p.snapshot();
        VmState vm = bigVmOnBusiestHost(s);
        MigrationHandle h = p.migrate(vm.id(), roomiestHostOtherThan(s, vm.residentOn().get()).id(), precopy());
        AtomicInteger callbacks = new AtomicInteger();
        h.outcome().thenAccept(o -> callbacks.incrementAndGet());
        assertThat(h.outcome().toCompletableFuture().complete(null)).isTrue(); // a copy: the pool's is untouched
        MigrationOutcome o = p.awaitOutcome(h, MAX_TICKS);
        assertThat(o).isNotNull();
        h.cancel(); // after the end: no effect
        p.ticker().tick(50);
        assertThat(callbacks).hasValue(1);
        assertThat(h.outcome().toCompletableFuture().join()).isEqualTo(o);
    }

    @Test
    void closeWhenMigrationsInFlightThenEveryOutcomeCompletesAndEveryVmOnExactlyOneHost() throws Exception {
        TestPools.Pool p = pool();
        ClusterSnapshot s = p.snapshot();
        VmState pre = bigVmOnBusiestHost(s);
        VmState post = TestPools.anotherRunningVm(s, pre.id());
        HostId preTarget = roomiestHostOtherThan(s, pre.residentOn().get()).id();
        MigrationHandle hPre = p.migrate(pre.id(), preTarget, precopy());
        HostId postTarget = roomiestHostOtherThan(p.snapshot(), post.residentOn().get()).id();
        MigrationHandle hPost = p.migrate(post.id(), postTarget, TestPools.policy("postcopy"));
        p.ticker().tick();
        assertThat(hPre.progress().phase()).isEqualTo(MigrationProgress.Phase.PRE_COPY);
        assertThat(hPost.progress().phase()).isEqualTo(MigrationProgress.Phase.POST_COPY);

        p.adapter().close();

        assertThat(p.ticker().closed()).isTrue();
        MigrationOutcome oPre = hPre.outcome().toCompletableFuture().getNow(null);
        MigrationOutcome oPost = hPost.outcome().toCompletableFuture().getNow(null);
        assertThat(oPre).isNotNull();
        assertThat(oPost).isNotNull();
        assertThat(oPre.status()).isEqualTo(Status.CANCELLED);
        assertThat(oPre.finalHost()).isEqualTo(pre.residentOn().get());
        assertThat(oPre.detail()).startsWith("TASK_CANCELLED: ").contains("stopped");
        assertThat(oPost.status()).isEqualTo(Status.COMPLETED);
        assertThat(oPost.finalHost()).isEqualTo(postTarget);

        ClusterSnapshot end = p.adapter().simulation().state();
        assertThat(hostOf(end, pre.id())).isEqualTo(pre.residentOn().get());
        assertThat(hostOf(end, post.id())).isEqualTo(postTarget);
        for (VmState v : end.vms()) {
            long hosts = end.hosts().stream().filter(h -> end.vmsOn(h.id()).contains(v)).count();
            assertThat(hosts).as("hosts of %s", v.id()).isEqualTo(v.power() == PowerState.RUNNING ? 1 : 0);
        }
        assertThat(end.hosts()).allSatisfy(h -> assertThat(h.memoryFreeBytes()).isEqualTo(h.memoryTotalBytes()
                - end.vmsOn(h.id()).stream().mapToLong(VmState::memoryBytes).sum()));
    }

    @Test
    void closeWhenClosedThenEveryCallIsUnreachableAndCloseIsIdempotent() {
        TestPools.Pool p = pool();
        p.adapter().close();
        p.adapter().close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.adapter().snapshot())
                .isInstanceOfSatisfying(io.ferry.api.HypervisorException.class,
                        e -> assertThat(e.code()).isEqualTo("UNREACHABLE"))
                .hasMessage("UNREACHABLE: pool sim is stopped");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> p.adapter().metrics("vm-000", io.ferry.api.model.Metric.CPU_UTILISATION, 1))
                .isInstanceOf(io.ferry.api.HypervisorException.class);
        ClusterSnapshot s = p.adapter().simulation().state();
        VmState vm = bigVmOnBusiestHost(s);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.adapter().migrate(TestPools.nextId(),
                TestPools.request(s, vm.id(), roomiestHostOtherThan(s, vm.residentOn().get()).id()), precopy()
                        .steer(TestPools.request(s, vm.id(), new HostId("host-00")), p.adapter().capabilities())))
                .isInstanceOf(io.ferry.api.HypervisorException.class).hasMessageStartingWith("UNREACHABLE");
    }

    @Test
    void migrateWhenManyDecisionsOverTimeThenMemoryAccountingHolds() throws Exception {
        TestPools.Pool p = pool("migrationFailureRate", 0.3);
        List<MigrationHandle> handles = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            ClusterSnapshot s = p.snapshot();
            VmState vm = bigVmOnBusiestHost(s);
            HostId target = roomiestHostOtherThan(s, vm.residentOn().get()).id();
            try {
                handles.add(p.migrate(vm.id(), target, round % 2 == 0 ? precopy()
                        : TestPools.policy("hybrid")));
            } catch (io.ferry.api.HypervisorException e) {
                assertThat(e.code()).isEqualTo("OTHER_OPERATION_IN_PROGRESS");
            }
            p.ticker().tick(7);
        }
        for (MigrationHandle h : handles) {
            MigrationOutcome o = p.awaitOutcome(h, MAX_TICKS);
            assertThat(o.finalHost()).isEqualTo(o.status() == Status.COMPLETED ? o.target() : o.source());
        }
        ClusterSnapshot end = p.snapshot();
        assertThat(end.hosts()).allSatisfy(h -> assertThat(h.memoryFreeBytes()).isEqualTo(h.memoryTotalBytes()
                - end.vmsOn(h.id()).stream().mapToLong(VmState::memoryBytes).sum()));
        Map<VmId, HostId> lastFinalHost = new java.util.HashMap<>();
        for (MigrationHandle h : handles) {
            MigrationOutcome o = h.outcome().toCompletableFuture().join();
            lastFinalHost.put(o.vm(), o.finalHost());
        }
        assertThat(lastFinalHost).isNotEmpty();
        lastFinalHost.forEach((vm, host) -> assertThat(hostOf(end, vm)).isEqualTo(host));
    }
}
