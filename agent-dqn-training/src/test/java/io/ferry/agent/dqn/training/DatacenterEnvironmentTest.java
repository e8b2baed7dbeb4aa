package io.ferry.agent.dqn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ferry.agent.dqn.DqnAgent;
import io.ferry.agent.dqn.DqnModel;
import io.ferry.agent.dqn.Dl4jQNetworks;
import io.ferry.agent.dqn.HostAction;
import io.ferry.agent.dqn.HostFeatures;
import io.ferry.agent.dqn.Provenance;
import io.ferry.agent.dqn.RewardWeights;
import io.ferry.agent.dqn.rl.Policy;
import io.ferry.agent.dqn.rl.Step;
import io.ferry.datacenter.DatacenterWorkloads;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatacenterEnvironmentTest {

    static final List<TrainingDay> DAYS = List.of(
            new TrainingDay("synthetic", DatacenterWorkloads.synthetic(300, 288, 5), "0000000000000005"));
    static final DqnAgent AGENT = new DqnAgent(new DqnModel(Dl4jQNetworks.fromDl4j(Dl4jQNetworks.build(
            HostFeatures.COUNT, new int[] {8}, HostAction.COUNT, 1, 1e-3)), Provenance.builder().build()),
            DqnTraining.settings());

    static final Policy KEEP = f -> HostAction.KEEP.ordinal();

    /** Evacuates the first active host only (an evacuating host is no target, so all at once would move nothing). */
    static Policy evacuateFirst() {
        int[] calls = {0};
        return f -> calls[0]++ == 0 ? HostAction.EVACUATE.ordinal() : HostAction.KEEP.ordinal();
    }

    @Test
    void aWindowOfTwelveIntervalsGivesElevenStepsWithOneRewardPerActiveHost() {
        DatacenterEnvironment env = new DatacenterEnvironment(DAYS, RewardWeights.DEFAULTS, 12 * 300);
        DatacenterEnvironment.Observation obs = env.reset(0, 3);
        int steps = 0;
        boolean done = false;
        while (!done) {
            DqnAgent.Cycle cycle = AGENT.decideRecorded(obs.context().orElseThrow(), KEEP);
            Step<DatacenterEnvironment.Observation> step = env.step(cycle);
            assertThat(step.observation().rewards()).hasSize(cycle.steps().size());
            double sum = 0;
            for (double r : step.observation().rewards()) {
                assertThat(r).isNegative();
                sum += r;
            }
            assertThat(step.reward()).isCloseTo(sum, within(1e-9));
            obs = step.observation();
            done = step.done();
            steps++;
        }
        assertThat(steps).isEqualTo(11);
        assertThat(obs.context()).isEmpty();
        assertThat(env.finish().day().migrations()).isZero();
        assertThatThrownBy(() -> env.step(null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theSameSeedPicksTheSameWindowAndAnotherSeedMostlyAnother() {
        DatacenterEnvironment env = new DatacenterEnvironment(DAYS, RewardWeights.DEFAULTS, 6 * 3600);
        env.reset(0, 11);
        String first = env.label();
        env.reset(0, 11);
        assertThat(env.label()).isEqualTo(first);
        java.util.Set<String> labels = new java.util.HashSet<>();
        for (long s = 0; s < 10; s++) {
            env.reset(0, s);
            labels.add(env.label());
        }
        assertThat(labels.size()).isGreaterThan(5);
    }

    @Test
    void anEvacuatingHostIsChargedItsMigrationsAndTheirCostOnTargets() {
        DatacenterEnvironment env = new DatacenterEnvironment(DAYS, RewardWeights.DEFAULTS, 12 * 300);
        DatacenterEnvironment.Observation obs = env.reset(0, 3);
        DqnAgent.Cycle keep = AGENT.decideRecorded(obs.context().orElseThrow(), KEEP);
        DatacenterEnvironment.Observation again = env.reset(0, 3);
        DqnAgent.Cycle evacuate = AGENT.decideRecorded(again.context().orElseThrow(), evacuateFirst());
        assertThat(evacuate.decisions()).isNotEmpty();
        double[] moved = env.step(evacuate).observation().rewards();
        env.reset(0, 3);
        double[] kept = env.step(keep).observation().rewards();
        String source = evacuate.decisions().get(0).source().value();
        int i = 0;
        while (!evacuate.steps().get(i).host().value().equals(source)) {
            i++;
        }
        assertThat(moved[i]).isLessThan(kept[i]);
    }
}
