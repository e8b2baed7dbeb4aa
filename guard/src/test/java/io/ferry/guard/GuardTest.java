package io.ferry.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guard's rules one by one, on a hand-made pool: h1 hot (90 % of 4 CPUs), h2 and h3 cool (20 %), each with
 * 8 GiB free; v1 and v2 on h1, v3 on h2; time is a virtual instant moved by hand.
 */
class GuardTest {

    private static final long GIB = 1L << 30;
    private static final HostId H1 = new HostId("h1");
    private static final HostId H2 = new HostId("h2");
    private static final HostId H3 = new HostId("h3");
    private static final HostId H4 = new HostId("h4");
    private static final VmId V1 = new VmId("v1");
    private static final VmId V2 = new VmId("v2");
    private static final VmId V3 = new VmId("v3");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final Guard guard = new Guard();
    private final List<HostState> hosts = new ArrayList<>();
    private final List<VmState> vms = new ArrayList<>();
    /** The defaults without hysteresis, so that each test sees only the rule it is about. */
    private GuardRules rules = GuardRules.defaults().withoutHysteresis();

    @BeforeEach
    void pool() {
        hosts.add(host("h1", 0.9, 8 * GIB));
        hosts.add(host("h2", 0.2, 8 * GIB));
        hosts.add(host("h3", 0.2, 8 * GIB));
        vms.add(vm("v1", "h1", 0.9, 2 * GIB));
        vms.add(vm("v2", "h1", 0.5, 2 * GIB));
        vms.add(vm("v3", "h2", 0.5, 2 * GIB));
    }

    // ------------------------------------------------------------------ facts

    @Test
    void checkWhenEveryRuleHoldsThenTheDecisionMayRun() {
        assertThat(check(move(V1, H1, H2), T0)).isEmpty();
    }

    @Test
    void checkWhenTheDecisionDoesNotMatchThePoolThenSaysWhatIsWrong() {
        assertThat(check(new MigrationDecision(new VmId("v9"), H1, H2, "a", "r"), T0))
                .contains("VM v9 is not in the pool");
        assertThat(check(move(V1, H2, H3), T0)).contains("VM v1 runs on h1, not on h2");
        assertThat(check(move(V1, H1, H4), T0)).contains("target h4 is not in the pool");
        vms.set(0, new VmState(V1, "v1", PowerState.HALTED, Optional.empty(), GIB, 1, 0, Set.of()));
        assertThat(check(move(V1, H1, H2), T0)).contains("VM v1 is halted, not running");
    }

    @Test
    void checkWhenTheTargetIsInMaintenanceOrDisabledThenRefused() {
        hosts.set(1, new HostState(H2, "h2", true, true, 4, 0.2, 16 * GIB, 8 * GIB));
        hosts.set(2, new HostState(H3, "h3", false, false, 4, 0.2, 16 * GIB, 8 * GIB));
        assertThat(check(move(V1, H1, H2), T0)).contains("target h2 is in maintenance");
        assertThat(check(move(V1, H1, H3), T0)).contains("target h3 is disabled");
    }

    // ------------------------------------------------------------------ in flight, cooldown, back-off

    @Test
    void checkWhenTheVmIsMovingThenRefusedAndAfterItCompletesItCoolsDownForTheCooldown() {
        start(move(V1, H1, H2));
        assertThat(check(move(V1, H1, H3), T0)).contains("VM v1 is already migrating");
        assertThat(guard.blocked(V1, T0)).contains("VM v1 is already migrating");

        guard.ended(V1, true, rules, T0.plusSeconds(30));
        vms.set(0, vm("v1", "h2", 0.9, 2 * GIB));
        Instant until = T0.plusSeconds(30 + 600);
        assertThat(check(move(V1, H2, H3), T0.plusSeconds(60)))
                .contains("VM v1 moved recently: cooldown until " + until);
        assertThat(guard.blocked(V1, until.minusSeconds(1))).isPresent();
        assertThat(check(move(V1, H2, H3), until)).isEmpty();
        assertThat(guard.inFlight()).isZero();
    }

    @Test
    void checkWhenTheVmFailedToMigrateThenBacksOffForTheBackOffNotTheCooldown() {
        start(move(V1, H1, H2));
        guard.ended(V1, false, rules, T0);
        Instant until = T0.plusSeconds(300);
        assertThat(check(move(V1, H1, H3), T0.plusSeconds(299)))
                .contains("VM v1 failed to migrate recently: back-off until " + until);
        assertThat(check(move(V1, H1, H3), until)).isEmpty();
    }

    @Test
    void observeWhenACooldownHasRunOutThenItIsForgotten() {
        start(move(V1, H1, H2));
        guard.ended(V1, true, rules.withCooldown(Duration.ofSeconds(10), Duration.ZERO), T0);
        guard.observe(snapshot(), List.of(), rules, T0.plusSeconds(11));
        assertThat(guard.blocked(V1, T0)).isEmpty();
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    void checkWhenThePoolIsAtItsLimitThenRefusedWhateverTheHosts() {
        rules = rules.withConcurrency(1, 16);
        start(move(V2, H1, H3));
        assertThat(check(move(V3, H2, H1), T0)).contains("pool at its limit of 1 concurrent migrations");
    }

    @Test
    void checkWhenTheSourceOrTheTargetIsAtItsLimitThenRefusedNamingTheHost() {
        start(move(V2, H1, H3));
        assertThat(check(move(V1, H1, H2), T0)).contains("host h1 at its limit of 1 concurrent migration(s)");
        assertThat(check(move(V3, H2, H3), T0)).contains("host h3 at its limit of 1 concurrent migration(s)");
        rules = rules.withConcurrency(2, 2);
        assertThat(check(move(V1, H1, H2), T0)).isEmpty();
    }

    // ------------------------------------------------------------------ anti-affinity and memory

    @Test
    void checkWhenTheTargetHoldsAVmOfTheSameGroupThenRefusedNamingIt() {
        vms.set(0, vm("v1", "h1", 0.9, 2 * GIB, "aa:db", "web"));
        vms.set(2, vm("v3", "h2", 0.5, 2 * GIB, "aa:db"));
        assertThat(check(move(V1, H1, H2), T0)).contains("anti-affinity: v3 on h2 is in group aa:db");
        assertThat(check(move(V1, H1, H3), T0)).isEmpty();
        rules = rules.withAntiAffinityPrefix("");
        assertThat(check(move(V1, H1, H2), T0)).isEmpty();
    }

    @Test
    void checkWhenAVmOfTheSameGroupIsMovingToTheTargetThenRefused() {
        rules = rules.withConcurrency(4, 4);
        vms.set(0, vm("v1", "h1", 0.9, 2 * GIB, "aa:db"));
        vms.set(1, vm("v2", "h1", 0.5, 2 * GIB, "aa:db"));
        start(move(V2, H1, H3));
        assertThat(check(move(V1, H1, H3), T0)).contains("anti-affinity: v2 is moving to h3 in the same group");
    }

    @Test
    void checkWhenTheTargetLacksMemoryCountingVmsMovingThereThenRefusedWithTheBytes() {
        rules = rules.withConcurrency(4, 4);
        hosts.set(1, host("h2", 0.2, 3 * GIB));
        start(move(V2, H1, H2));
        assertThat(check(move(V1, H1, H2), T0))
                .contains("target h2 has " + GIB + " bytes free, the VM needs " + 2 * GIB);
        guard.ended(V2, false, rules, T0);
        assertThat(check(move(V1, H1, H2), T0)).isEmpty();
    }

    // ------------------------------------------------------------------ hysteresis

    @Test
    void hysteresisWhenTheSourceHasNotBeenHotForTheHoldThenRefusedUntilItHas() {
        rules = GuardRules.defaults();
        guard.observe(snapshot(), List.of(move(V1, H1, H2)), rules, T0);
        assertThat(check(move(V1, H1, H2), T0.plusSeconds(5)))
                .contains("hysteresis: condition held 5 s of the 20 s required");
        assertThat(check(move(V1, H1, H2), T0.plusSeconds(20))).isEmpty();
    }

    @Test
    void hysteresisWhenTheSourceCoolsThenTheHoldRestartsFromTheProposal() {
        rules = GuardRules.defaults();
        guard.observe(snapshot(), List.of(), rules, T0);
        hosts.set(0, host("h1", 0.5, 8 * GIB));
        guard.observe(snapshot(), List.of(move(V1, H1, H2)), rules, T0.plusSeconds(30));
        assertThat(check(move(V1, H1, H2), T0.plusSeconds(40)))
                .contains("hysteresis: condition held 10 s of the 20 s required");
        // proposed for the hold time from a cool source: no gap rule applies
        assertThat(check(move(V1, H1, H2), T0.plusSeconds(50))).isEmpty();
    }

    @Test
    void hysteresisWhenTheMoveBarelyNarrowsTheGapThenRefusedWithBothFigures() {
        // v1 is 1.8 busy vCPUs: h1 goes 0.9 -> 0.45, h2 0.2 -> 0.65; the gap narrows from 0.70 to 0.20
        rules = GuardRules.defaults().withHysteresis(0.8, Duration.ZERO, 0.6);
        guard.observe(snapshot(), List.of(move(V1, H1, H2)), rules, T0);
        assertThat(check(move(V1, H1, H2), T0))
                .contains("hysteresis: the move narrows the CPU gap by 0.500, less than 0.600");
        rules = rules.withHysteresis(0.8, Duration.ZERO, 0.45);
        assertThat(check(move(V1, H1, H2), T0)).isEmpty();
    }

    @Test
    void hysteresisWhenTheRequestIsAnOperatorsOrTheRuleIsOffThenNotApplied() {
        rules = GuardRules.defaults();
        assertThat(check(move(V1, H1, H2), T0)).contains("hysteresis: condition held 0 s of the 20 s required");
        assertThat(guard.check(move(V1, H1, H2), snapshot(), rules, T0, true)).isEmpty();
        assertThat(guard.check(move(V1, H1, H2), snapshot(), rules.withoutHysteresis(), T0, false)).isEmpty();
    }

    // ------------------------------------------------------------------ off

    @Test
    void checkWhenTheRulesAreOffThenOnlyWhatCannotRunIsRefused() {
        rules = GuardRules.off().withConcurrency(1, 1);
        hosts.set(1, new HostState(H2, "h2", false, true, 4, 0.2, 16 * GIB, 0));
        vms.set(0, vm("v1", "h1", 0.9, 2 * GIB, "aa:db"));
        vms.set(2, vm("v3", "h2", 0.5, 2 * GIB, "aa:db"));
        start(move(V2, H1, H3));
        // maintenance, disabled, limits, anti-affinity, memory and hysteresis all waived
        assertThat(check(move(V1, H1, H2), T0)).isEmpty();
        assertThat(check(move(V2, H1, H2), T0)).contains("VM v2 is already migrating");
        assertThat(check(move(V1, H1, H4), T0)).contains("target h4 is not in the pool");
    }

    @Test
    void endedWhenTheRulesAreOffThenNoCooldownOrBackOffIsRecorded() {
        rules = GuardRules.off();
        start(move(V1, H1, H2));
        guard.ended(V1, true, rules, T0);
        start(move(V2, H1, H3));
        guard.ended(V2, false, rules, T0);
        assertThat(guard.blocked(V1, T0)).isEmpty();
        assertThat(guard.blocked(V2, T0)).isEmpty();
        assertThat(guard.inFlight()).isZero();
    }

    @Test
    void rulesWhenChangedBetweenCallsThenMovesInFlightAreKept() {
        start(move(V2, H1, H3));
        rules = GuardRules.defaults().withConcurrency(1, 1).withoutHysteresis();
        assertThat(check(move(V3, H2, H1), T0)).contains("pool at its limit of 1 concurrent migrations");
        assertThat(guard.inFlight()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ threads

    @Test
    void startedAndEndedWhenCalledFromManyThreadsThenTheBooksBalance() throws Exception {
        int threads = 4;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        VmId v = new VmId("t" + thread + "-" + i);
                        VmState state = vm(v.value(), "h1", 0.1, GIB);
                        guard.started(new MigrationDecision(v, H1, H2, "a", "r"), state, rules);
                        guard.ended(v, i % 2 == 0, rules, T0);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(guard.inFlight()).isZero();
        assertThat(guard.blocked(new VmId("t3-1998"), T0)).isPresent();
    }

    // ------------------------------------------------------------------ export and restore

    @Test
    void restoreWhenStateExportedFromAnotherGuardThenEveryLimitStillApplies() {
        rules = GuardRules.defaults().withoutHysteresis().withConcurrency(2, 1);
        guard.observe(snapshot(), List.of(move(V2, H1, H3)), rules, T0);
        start(move(V1, H1, H2));
        guard.ended(V1, true, rules, T0);
        start(move(V3, H2, H3));
        guard.started(move(V2, H1, H3), snapshot().vm(V2).orElseThrow(), rules);
        guard.ended(V2, false, rules, T0);

        GuardState exported = guard.export();
        Guard other = new Guard();
        other.restore(exported);

        assertThat(other.export()).isEqualTo(exported);
        assertThat(other.inFlight()).isEqualTo(1);
        assertThat(other.blocked(V1, T0.plusSeconds(1))).get().asString().contains("cooldown");
        assertThat(other.blocked(V2, T0.plusSeconds(1))).get().asString().contains("back-off");
        assertThat(other.blocked(V3, T0)).get().asString().contains("already migrating");
        assertThat(exported.hotSince()).containsEntry(H1, T0);
    }

    @Test
    void restoreWhenGivenTheEmptyStateThenForgetsEverything() {
        start(move(V1, H1, H2));
        guard.restore(GuardState.EMPTY);
        assertThat(guard.inFlight()).isZero();
        assertThat(guard.export()).isEqualTo(GuardState.EMPTY);
    }

    // ------------------------------------------------------------------ scenario

    private Optional<String> check(MigrationDecision d, Instant now) {
        return guard.check(d, snapshot(), rules, now, false);
    }

    private void start(MigrationDecision d) {
        VmState vm = snapshot().vm(d.vm()).orElseThrow();
        synchronized (guard) {
            assertThat(guard.check(d, snapshot(), rules, T0, false)).isEmpty();
            guard.started(d, vm, rules);
        }
    }

    private ClusterSnapshot snapshot() {
        return new ClusterSnapshot(new PoolId("p"), T0, hosts, vms);
    }

    private static MigrationDecision move(VmId vm, HostId from, HostId to) {
        return new MigrationDecision(vm, from, to, "agent", "test");
    }

    private static HostState host(String id, double cpu, long freeBytes) {
        return new HostState(new HostId(id), id, true, false, 4, cpu, 16 * GIB, freeBytes);
    }

    private static VmState vm(String id, String host, double cpu, long memoryBytes, String... tags) {
        return new VmState(new VmId(id), id, PowerState.RUNNING, Optional.of(new HostId(host)), memoryBytes, 2, cpu,
                Set.of(tags));
    }
}
