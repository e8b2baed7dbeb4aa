package io.ferry.agent.dqn.stream;

import static io.ferry.agent.dqn.stream.Hand.H1;
import static io.ferry.agent.dqn.stream.Hand.H2;
import static io.ferry.agent.dqn.stream.Hand.H3;
import static io.ferry.agent.dqn.stream.Hand.completed;
import static io.ferry.agent.dqn.stream.Hand.decision;
import static io.ferry.agent.dqn.stream.Hand.sample;
import static io.ferry.agent.dqn.stream.Hand.vm;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.agent.dqn.HostAction;
import io.ferry.agent.dqn.HostFeatures;
import io.ferry.agent.dqn.PoolView;
import io.ferry.agent.dqn.RewardWeights;
import io.ferry.agent.dqn.rl.Transition;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.cluster.kafka.Decision;
import io.ferry.cluster.kafka.Outcome;
import io.ferry.stream.PoolSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransitionBuilderTest {

    /** Weights that tell the terms apart: migration 1, downtime 100, SLATAH 10. */
    private static final RewardWeights W = new RewardWeights(1, 10, 10, 100, 1);

    private final TransitionBuilder b = new TransitionBuilder("dqn", W, 8, 100);

    private static double[] features(PoolSample s, int host) {
        return HostFeatures.encodeAll(PoolView.of(new SampleContext(s)))[host];
    }

    @Test
    void allRunningVmsLeavingIsAnEvacuationEndingTerminalWithTheMigrationToll() {
        PoolSample s0 = sample(0, 0, vm("a", H1, 0.2), vm("b", H1, 0.2), vm("c", H2, 0.4));
        PoolSample s1 = sample(1, 10, vm("a", H2, 0.2), vm("b", H2, 0.2), vm("c", H2, 0.4));
        List<Transition> out = new ArrayList<>();
        out.addAll(b.sample(s0));
        Decision da = decision("d-a", "a", H1, H2, 1);
        Decision db = decision("d-b", "b", H1, H2, 1);
        out.addAll(b.decision(da));
        out.addAll(b.decision(db));
        out.addAll(b.outcome(completed(da, 4)));
        out.addAll(b.outcome(completed(db, 5)));
        assertThat(out).as("nothing before the sample after the last outcome").isEmpty();
        out.addAll(b.sample(s1));
        // h2 ends at (0.2 + 0.2 + 0.4) * 2 / 4 = 0.4 <= 0.7: EVACUATE, not TIGHT
        assertThat(out).containsExactly(new Transition(features(s0, 0), HostAction.EVACUATE.ordinal(), -2.0,
                null, true));
        assertThat(b.pending()).isZero();
        assertThat(b.built()).isEqualTo(1);
    }

    @Test
    void anEvacuationWhoseTargetEndsAboveSevenTenthsIsReadAsTight() {
        PoolSample s0 = sample(0, 0, vm("a", H1, 0.4), vm("c", H2, 0.8), vm("e", H2, 0.4));
        PoolSample s1 = sample(1, 10, vm("a", H2, 0.4), vm("c", H2, 0.8), vm("e", H2, 0.4));
        b.sample(s0);
        Decision d = decision("d-a", "a", H1, H2, 2);
        b.decision(d);
        b.outcome(completed(d, 6));
        // h2 ends at (0.4 + 0.8 + 0.4) / 2 = 0.8 > 0.7
        assertThat(b.sample(s1)).singleElement()
                .satisfies(t -> assertThat(t.action()).isEqualTo(HostAction.EVACUATE_TIGHT.ordinal()));
    }

    @Test
    void aVmLeftBehindIsAnOffloadWhoseNextStateIsTheSampleAfterTheOutcomeAndWhoseOverloadCosts() {
        PoolSample s0 = sample(0, 0, vm("a", H1, 1.0), vm("b", H1, 1.0), vm("c", H3, 0.2));
        // between decision and outcome h1 is still at 1.0: one overloaded interval
        PoolSample s1 = sample(1, 5, vm("a", H1, 1.0), vm("b", H1, 1.0), vm("c", H3, 0.2));
        PoolSample s2 = sample(2, 10, vm("a", H3, 1.0), vm("b", H1, 1.0), vm("c", H3, 0.2));
        b.sample(s0);
        Decision d = decision("d-a", "a", H1, H3, 1);
        b.decision(d);
        b.sample(s1);
        b.outcome(completed(d, 7));
        List<Transition> out = b.sample(s2);
        assertThat(out).containsExactly(new Transition(features(s0, 0), HostAction.OFFLOAD.ordinal(),
                -(1.0 + 10.0), features(s2, 0), false));
    }

    @Test
    void aVersion1OutcomeSayingTheDowntimeWasOverBudgetAddsTheDowntimeTerm() {
        PoolSample s0 = sample(0, 0, vm("a", H1, 0.2), vm("b", H1, 0.2));
        PoolSample s1 = sample(1, 10, vm("a", H2, 0.2), vm("b", H1, 0.2));
        b.sample(s0);
        Decision d = decision("d-a", "a", H1, H2, 1);
        b.decision(d);
        b.outcome(Hand.outcome(d, Outcome.Status.COMPLETED, 3, "pre-copy: Downtime over budget (412 ms > 300 ms)"));
        assertThat(b.sample(s1)).singleElement().satisfies(t -> assertThat(t.reward()).isEqualTo(-101.0));
    }

    /** @return the reward of a one-VM offload (migration toll 1) whose outcome is {@code outcome} of its decision */
    private double rewardOfOneMove(java.util.function.Function<Decision, Outcome> outcome) {
        PoolSample s0 = sample(0, 0, vm("a", H1, 0.2), vm("b", H1, 0.2));
        PoolSample s1 = sample(1, 10, vm("a", H2, 0.2), vm("b", H1, 0.2));
        b.sample(s0);
        Decision d = decision("d-a", "a", H1, H2, 1);
        b.decision(d);
        b.outcome(outcome.apply(d));
        List<Transition> out = b.sample(s1);
        assertThat(out).hasSize(1);
        return out.get(0).reward();
    }

    /** @return {@code d} completed at 3 s with a measured downtime, and the executor's verdict when given */
    private static Outcome measured(Decision d, long downtimeMs, Optional<Boolean> verdict, String detail) {
        MigrationMetrics m = new MigrationMetrics(Duration.ofSeconds(2), Duration.ofMillis(downtimeMs), 1L << 30,
                262_144, 1_000, 3, 0, Duration.ZERO, Duration.ZERO, verdict.orElse(false));
        Outcome plain = Hand.outcome(d, Outcome.Status.COMPLETED, 3, detail);
        return new Outcome(plain.decisionId(), plain.pool(), plain.vm(), plain.source(), plain.target(),
                plain.status(), plain.finalHost(), plain.technique(), plain.detail(), plain.executor(), plain.at(),
                Optional.of(m), verdict);
    }

    @Test
    void theExecutorsSlaVerdictAddsTheDowntimeTermWithoutAnyPhraseInTheDetail() {
        // 250 ms is within the decision's 300 ms: the executor's verdict (its pool's budget) is what counts
        assertThat(rewardOfOneMove(d -> measured(d, 250, Optional.of(true), "completed"))).isEqualTo(-101.0);
    }

    @Test
    void theExecutorsVerdictThatTheSlaHeldWinsOverTheMeasuredDowntimeAndADetailPhrase() {
        assertThat(rewardOfOneMove(d -> measured(d, 412, Optional.of(false), "downtime over budget, says the log")))
                .isEqualTo(-1.0);
    }

    @Test
    void withoutAVerdictTheMeasuredDowntimeIsJudgedAgainstTheDecisionsBudget() {
        // the decision's budget is 300 ms
        assertThat(rewardOfOneMove(d -> measured(d, 301, Optional.empty(), "completed"))).isEqualTo(-101.0);
    }

    @Test
    void withoutAVerdictADowntimeWithinTheBudgetAddsNoDowntimeTerm() {
        assertThat(rewardOfOneMove(d -> measured(d, 300, Optional.empty(), "completed"))).isEqualTo(-1.0);
    }

    @Test
    void metricsThatDoNotReportTheDowntimeFallBackToTheDetailPhrase() {
        assertThat(rewardOfOneMove(d -> {
            MigrationMetrics xapi = new MigrationMetrics(Duration.ofSeconds(9), Duration.ZERO, 0, 0, 0, 0, 0,
                    Duration.ZERO, Duration.ZERO, false, java.util.EnumSet.of(MigrationMetrics.Figure.DOWNTIME));
            Outcome plain = Hand.outcome(d, Outcome.Status.COMPLETED, 3, "downtime over budget");
            return new Outcome(plain.decisionId(), plain.pool(), plain.vm(), plain.source(), plain.target(),
                    plain.status(), plain.finalHost(), plain.technique(), plain.detail(), plain.executor(),
                    plain.at(), Optional.of(xapi), Optional.empty());
        })).isEqualTo(-101.0);
    }

    @Test
    void decisionsOfOtherAgentsAndCyclesThatWereAllRefusedYieldNothing() {
        PoolSample s0 = sample(0, 0, vm("a", H1, 0.2), vm("b", H2, 0.2));
        PoolSample s1 = sample(1, 10, vm("a", H1, 0.2), vm("b", H2, 0.2));
        b.sample(s0);
        Decision other = decision("d-a", "a", H1, H2, 1, "threshold");
        Decision refused = decision("d-b", "b", H2, H1, 1);
        b.decision(other);
        b.decision(refused);
        b.outcome(completed(other, 3));
        b.outcome(Hand.outcome(refused, Outcome.Status.REFUSED, 2, "VM b runs on h3"));
        assertThat(b.sample(s1)).isEmpty();
        assertThat(b.ignored()).isEqualTo(1);
        assertThat(b.refused()).isEqualTo(1);
        assertThat(b.pending()).isZero();
    }

    @Test
    void anOutcomeReadBeforeItsDecisionStillCompletesTheCycle() {
        PoolSample s0 = sample(0, 0, vm("a", H1, 0.2), vm("b", H1, 0.2));
        PoolSample s1 = sample(1, 10, vm("a", H2, 0.2), vm("b", H1, 0.2));
        Decision d = decision("d-a", "a", H1, H2, 1);
        b.sample(s0);
        b.outcome(completed(d, 3));
        b.sample(s1);
        assertThat(b.decision(d)).singleElement()
                .satisfies(t -> assertThat(t.action()).isEqualTo(HostAction.OFFLOAD.ordinal()));
    }

    @Test
    void outcomesReadBeforeTheirCyclesDecisionsHoldTheCycleBackUntilTheLastDecisionIsRead() {
        PoolSample s0 = sample(0, 0, vm("a", H1, 0.2), vm("b", H1, 0.2), vm("c", H3, 0.2));
        PoolSample s1 = sample(1, 10, vm("a", H2, 0.2), vm("b", H2, 0.2), vm("c", H3, 0.2));
        Decision da = decision("d-a", "a", H1, H2, 1);
        Decision db = decision("d-b", "b", H1, H2, 1);
        // the outcomes' partition ahead of the decisions': both outcomes and both samples before any decision
        b.outcome(completed(da, 5));
        b.outcome(completed(db, 5));
        b.sample(s0);
        b.sample(s1);
        assertThat(b.decision(da)).as("db's outcome is waiting for db: the cycle is not complete").isEmpty();
        assertThat(b.decision(db)).singleElement().satisfies(t -> {
            assertThat(t.action()).isEqualTo(HostAction.EVACUATE.ordinal());
            assertThat(t.reward()).isEqualTo(-2.0);
        });
        assertThat(b.pending()).isZero();
    }

    @Test
    void anOutcomeOfAnotherAgentsDecisionHoldsItsHostBackOnlyUntilThatDecisionIsRead() {
        PoolSample s0 = sample(0, 0, vm("a", H1, 0.2), vm("b", H1, 0.2));
        PoolSample s1 = sample(1, 10, vm("a", H2, 0.2), vm("b", H1, 0.2));
        Decision da = decision("d-a", "a", H1, H2, 1);
        Decision other = decision("d-x", "x", H1, H3, 1, "threshold");
        b.outcome(completed(other, 4));
        b.sample(s0);
        b.decision(da);
        b.outcome(completed(da, 5));
        assertThat(b.sample(s1)).as("held back by the unread decision d-x").isEmpty();
        assertThat(b.decision(other)).singleElement()
                .satisfies(t -> assertThat(t.action()).isEqualTo(HostAction.OFFLOAD.ordinal()));
        // an outcome of an ignored decision read after it is dropped, holding nothing back
        assertThat(b.outcome(completed(other, 6))).isEmpty();
        assertThat(b.ignored()).isEqualTo(1);
    }

    @Test
    void anOutcomeWhoseDecisionNeverComesHoldsItsHostBackForTheSampleHistoryOnly() {
        TransitionBuilder small = new TransitionBuilder("dqn", W, 3, 100);
        small.outcome(completed(decision("d-y", "y", H1, H3, 1), 2)); // its decision is never read
        for (int i = 0; i <= 3; i++) {
            small.sample(sample(i, 10 * i, vm("a", H1, 0.2), vm("b", H1, 0.2)));
        }
        assertThat(small.expired()).as("the orphan, after three samples").isEqualTo(1);
        // the host's next cycle is built as usual
        Decision da = decision("d-a", "a", H1, H2, 31);
        small.decision(da);
        small.outcome(completed(da, 35));
        assertThat(small.sample(sample(4, 40, vm("a", H2, 0.2), vm("b", H1, 0.2)))).singleElement()
                .satisfies(t -> assertThat(t.action()).isEqualTo(HostAction.OFFLOAD.ordinal()));
    }

    @Test
    void decisionsOfOneHostOnDifferentSamplesAreTwoCycles() {
        PoolSample s0 = sample(0, 0, vm("a", H1, 0.2), vm("b", H1, 0.2));
        PoolSample s1 = sample(1, 10, vm("a", H2, 0.2), vm("b", H1, 0.2));
        PoolSample s2 = sample(2, 20, vm("a", H2, 0.2), vm("b", H2, 0.2));
        PoolSample s3 = sample(3, 30, vm("a", H2, 0.2), vm("b", H2, 0.2));
        Decision da = decision("d-a", "a", H1, H2, 1);
        Decision db = decision("d-b", "b", H1, H2, 11);
        List<Transition> out = new ArrayList<>();
        out.addAll(b.sample(s0));
        out.addAll(b.decision(da));
        out.addAll(b.outcome(completed(da, 2)));
        out.addAll(b.sample(s1));
        out.addAll(b.decision(db));
        out.addAll(b.outcome(completed(db, 12)));
        out.addAll(b.sample(s2));
        out.addAll(b.sample(s3));
        assertThat(out).extracting(Transition::action).containsExactly(HostAction.OFFLOAD.ordinal(),
                HostAction.EVACUATE.ordinal());
        assertThat(out.get(1).terminal()).isTrue();
    }

    @Test
    void aDecisionWithoutAnOutcomeExpiresAfterTheSampleHistory() {
        TransitionBuilder small = new TransitionBuilder("dqn", W, 3, 100);
        small.sample(sample(0, 0, vm("a", H1, 0.2)));
        small.decision(decision("d-a", "a", H1, H2, 1));
        for (int i = 1; i <= 4; i++) {
            small.sample(sample(i, 10 * i, vm("a", H1, 0.2)));
        }
        assertThat(small.pending()).isZero();
        assertThat(small.expired()).isEqualTo(1);
    }
}
