package io.ferry.agent.dqn;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.MigrationDecision;
import io.ferry.api.testing.TestPool;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionExecutorTest {

    private static final int KEEP = HostAction.KEEP.ordinal();
    private static final int OFFLOAD = HostAction.OFFLOAD.ordinal();
    private static final int EVACUATE = HostAction.EVACUATE.ordinal();
    private static final int TIGHT = HostAction.EVACUATE_TIGHT.ordinal();

    private static List<MigrationDecision> run(TestPool pool, boolean checkMemory, int... actions) {
        return new ActionExecutor(checkMemory).execute(PoolView.of(pool.context()), actions, "dqn");
    }

    /** h1 at 100 % with five VMs of 800 MIPS (100 to 500 MB); h2 at 2.5 %; h3 empty. */
    private static TestPool overloaded() {
        return TestPool.pool().host("h1", 4, 1000).host("h2", 4, 1000).host("h3", 4, 1000)
                .vm("v500", "h1", 0.8, 500, 1000).vm("v300", "h1", 0.8, 300, 1000).vm("v100", "h1", 0.8, 100, 1000)
                .vm("v400", "h1", 0.8, 400, 1000).vm("v200", "h1", 0.8, 200, 1000)
                .vm("small", "h2", 0.1, 100, 1000);
    }

    @Test
    void offloadWhenOverloadedThenLeastMemoryFirstAndStopsAtTheCap() {
        List<MigrationDecision> d = run(overloaded(), true, OFFLOAD, KEEP, KEEP);
        // 4000 MIPS - 800 = 3200 = 0.8 of 4000: one move is enough
        assertThat(d).hasSize(1);
        assertThat(d.get(0).vm().value()).isEqualTo("v100");
        assertThat(d.get(0).target().value()).isEqualTo("h2");
        assertThat(d.get(0).reason()).isEqualTo("dqn OFFLOAD: h1 -> h2");
    }

    @Test
    void offloadWhenNoActiveHostStaysUnderTheCapThenWakesAnEmptyOne() {
        TestPool pool = overloaded().vm("big", "h2", 0.9, 100, 1000).vm("big2", "h2", 0.9, 100, 1000)
                .vm("big3", "h2", 0.6, 100, 1000);
        // h2: 100 + 900 + 900 + 600 = 2500 of 4000; +800 would be 0.825 > 0.8
        List<MigrationDecision> d = run(pool, true, OFFLOAD, KEEP, KEEP);
        assertThat(d).hasSize(1);
        assertThat(d.get(0).target().value()).isEqualTo("h3");
    }

    @Test
    void evacuateWhenOneVmFindsNoPlaceThenNothingMoves() {
        TestPool pool = TestPool.pool().host("h1", 2, 1000).host("h2", 2, 1000).host("h3", 2, 1000)
                .vm("x", "h1", 0.5, 100, 1000).vm("y", "h1", 0.5, 100, 1000)
                .vm("z", "h2", 0.8, 100, 1000);
        // EVACUATE caps targets at 0.7 of 2000 = 1400: h2 (800) takes one of the two 500s; h3 is empty (no wake)
        assertThat(run(pool, true, EVACUATE, KEEP, KEEP)).isEmpty();
        // EVACUATE_TIGHT caps at 1800: both fit
        List<MigrationDecision> d = run(pool, true, TIGHT, KEEP, KEEP);
        assertThat(d).extracting(m -> m.vm().value()).containsExactlyInAnyOrder("x", "y");
        assertThat(d).allSatisfy(m -> assertThat(m.target().value()).isEqualTo("h2"));
    }

    @Test
    void evacuateWhenTargetsFillUpThenNoneGoesPastItsCap() {
        TestPool pool = TestPool.pool().host("h1", 2, 1000).host("h2", 2, 1000).host("h3", 2, 1000)
                .vm("x", "h1", 0.6, 100, 1000).vm("y", "h1", 0.6, 100, 1000)
                .vm("a", "h2", 0.6, 100, 1000).vm("b", "h3", 0.6, 100, 1000);
        List<MigrationDecision> d = run(pool, true, EVACUATE, KEEP, KEEP);
        // each target: 600 + 600 = 1200 <= 1400; both on one would be 1800
        assertThat(d).extracting(m -> m.target().value()).containsExactlyInAnyOrder("h2", "h3");
    }

    @Test
    void evacuateWhenAVmIsBlockedThenNothingMovesAndOffloadSkipsIt() {
        TestPool pool = overloaded().blocked("v100");
        List<MigrationDecision> off = run(pool, true, OFFLOAD, KEEP, KEEP);
        assertThat(off).extracting(m -> m.vm().value()).containsExactly("v200");
        TestPool small = TestPool.pool().host("h1", 2, 1000).host("h2", 4, 1000)
                .vm("x", "h1", 0.1, 100, 1000).vm("y", "h1", 0.1, 100, 1000).vm("z", "h2", 0.1, 100, 1000)
                .blocked("y");
        assertThat(run(small, true, EVACUATE, KEEP)).isEmpty();
    }

    @Test
    void memoryWhenTargetLacksRoomThenRefusedUnlessChecksAreOff() {
        TestPool pool = TestPool.pool().host("h1", 2, 1000).host("h2", 2, 1000, 600, TestPool.FLAT_SLOPE)
                .vm("x", "h1", 0.2, 512, 1000).vm("z", "h2", 0.1, 256, 1000);
        // h2 has 600 MB, 256 used: 344 free < 512
        assertThat(run(pool, true, EVACUATE, KEEP)).isEmpty();
        assertThat(run(pool, false, EVACUATE, KEEP)).hasSize(1);
    }

    @Test
    void executeWhenAHostEvacuatesThenItIsNoTargetOfAnOffload() {
        List<MigrationDecision> d = run(overloaded(), true, OFFLOAD, EVACUATE, KEEP);
        // h2 is leaving: the offload wakes h3; h2's VM cannot go to h1 (over the cap) nor h3 (not active before)...
        assertThat(d).filteredOn(m -> m.vm().value().equals("v100"))
                .singleElement().satisfies(m -> assertThat(m.target().value()).isEqualTo("h3"));
        // ...but h3 became active with v100, so h2's small VM joins it
        assertThat(d).filteredOn(m -> m.source().value().equals("h2"))
                .singleElement().satisfies(m -> assertThat(m.target().value()).isEqualTo("h3"));
    }

    @Test
    void executeWhenQValuesGivenThenTheReasonNamesTheMargin() {
        TestPool pool = TestPool.pool().host("h1", 2, 1000).host("h2", 2, 1000)
                .vm("x", "h1", 0.1, 100, 1000).vm("z", "h2", 0.1, 100, 1000);
        double[][] q = {{0.5, 0.1, 0.81, 0.2}, {0.5, 0.1, 0.2, 0.3}};
        List<MigrationDecision> d = new ActionExecutor(true).execute(PoolView.of(pool.context()),
                new int[] {EVACUATE, KEEP}, q, "dqn");
        assertThat(d).singleElement().satisfies(m -> {
            assertThat(m.reason()).isEqualTo("dqn EVACUATE (Q +0.31 over KEEP): h1 -> h2");
            assertThat(m.agent()).isEqualTo("dqn");
        });
    }

    @Test
    void executeWhenEveryHostKeepsThenNoDecision() {
        assertThat(run(overloaded(), true, KEEP, KEEP, KEEP)).isEmpty();
    }

    @Test
    void executeWhenAHostIsInMaintenanceThenDrainedWhateverItsActionAndNeverATarget() {
        TestPool pool = TestPool.pool().host("h1", 2, 1000).host("h2", 2, 1000).host("h3", 2, 1000)
                .vm("x", "h1", 0.2, 100, 1000).vm("y", "h1", 0.2, 100, 1000).vm("z", "h2", 0.2, 100, 1000)
                .maintenance("h1").maintenance("h3");
        List<MigrationDecision> d = run(pool, true, KEEP, KEEP, KEEP);
        assertThat(d).extracting(m -> m.vm().value()).containsExactlyInAnyOrder("x", "y");
        assertThat(d).allSatisfy(m -> {
            assertThat(m.target().value()).isEqualTo("h2");
            assertThat(m.reason()).isEqualTo("dqn drain (maintenance): h1 -> h2");
        });
    }
}
