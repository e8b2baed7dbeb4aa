package io.ferry.agent.dqn.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DqnLearnerTest {

    static DqnLearner.Config config(boolean doubleDqn, int sync) {
        return new DqnLearner.Config(new int[] {16}, 0.9, 1e-2, sync, doubleDqn, 5);
    }

    /** A one-state bandit: action 1 pays 1, the others 0, every step terminal. */
    static List<Transition> bandit(SplittableRandom random, int n) {
        List<Transition> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int a = random.nextInt(3);
            out.add(new Transition(new double[] {1, 0.5}, a, a == 1 ? 1 : 0, null, true));
        }
        return out;
    }

    @Test
    void onATerminalBanditTheValuesConvergeToTheRewardsAndTheLossFalls() {
        DqnLearner learner = new DqnLearner(2, 3, config(true, 10));
        SplittableRandom random = new SplittableRandom(3);
        double first = learner.update(bandit(random, 32));
        double last = 0;
        for (int i = 0; i < 400; i++) {
            last = learner.update(bandit(random, 32));
        }
        double[] q = learner.snapshot().q(new double[] {1, 0.5});
        assertThat(q[1]).isCloseTo(1, within(0.05));
        assertThat(q[0]).isCloseTo(0, within(0.05));
        assertThat(q[2]).isCloseTo(0, within(0.05));
        assertThat(last).isLessThan(first);
    }

    @Test
    void aNonTerminalTargetBootstrapsFromTheTargetNetworkDiscountedByGamma() {
        // s -> s' with reward 0, s' terminal with reward 1 for every action: Q(s) -> gamma
        DqnLearner learner = new DqnLearner(2, 2, config(true, 5));
        double[] s = {1, 0};
        double[] s2 = {0, 1};
        for (int i = 0; i < 600; i++) {
            learner.update(List.of(new Transition(s, i % 2, 0, s2, false), new Transition(s2, i % 2, 1, null, true)));
        }
        double[] q = learner.snapshot().q(s);
        assertThat(q[0]).isCloseTo(0.9, within(0.05));
        assertThat(q[1]).isCloseTo(0.9, within(0.05));
    }

    @Test
    void theTargetNetworkIsACopyOfTheOnlineOneRightAfterEverySync() {
        DqnLearner learner = new DqnLearner(2, 3, config(false, 3));
        SplittableRandom random = new SplittableRandom(4);
        double[] x = {1, 0.5};
        double[] before = learner.targetQ(x);
        learner.update(bandit(random, 8));
        learner.update(bandit(random, 8));
        assertThat(learner.targetQ(x)).containsExactly(before);
        assertThat(learner.q(x)).isNotEqualTo(before);
        learner.update(bandit(random, 8));
        assertThat(learner.targetQ(x)).containsExactly(learner.q(x));
        assertThat(learner.updates()).isEqualTo(3);
    }

    @Test
    void theSameSeedAndBatchesGiveTheSameNetwork() {
        DqnLearner a = new DqnLearner(2, 3, config(true, 10));
        DqnLearner b = new DqnLearner(2, 3, config(true, 10));
        SplittableRandom ra = new SplittableRandom(8);
        SplittableRandom rb = new SplittableRandom(8);
        for (int i = 0; i < 20; i++) {
            a.update(bandit(ra, 16));
            b.update(bandit(rb, 16));
        }
        assertThat(a.snapshot()).isEqualTo(b.snapshot());
    }
}
