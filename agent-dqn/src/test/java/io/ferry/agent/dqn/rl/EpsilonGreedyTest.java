package io.ferry.agent.dqn.rl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EpsilonGreedyTest {

    static final Policy ALWAYS_TWO = f -> 2;

    @Test
    void withEpsilonZeroItAlwaysTakesTheDelegatesAction() {
        EpsilonGreedy p = new EpsilonGreedy(ALWAYS_TWO, 4, new EpsilonSchedule(0, 0, 0), new SplittableRandom(1));
        assertThat(IntStream.range(0, 200).map(i -> p.act(new double[1])).distinct().toArray()).containsExactly(2);
    }

    @Test
    void withEpsilonOneEveryActionComesUpAboutEquallyOften() {
        EpsilonGreedy p = new EpsilonGreedy(ALWAYS_TWO, 4, new EpsilonSchedule(1, 1, 0), new SplittableRandom(1));
        int[] counts = new int[4];
        for (int i = 0; i < 4000; i++) {
            counts[p.act(new double[1])]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(850, 1150);
        }
    }

    @Test
    void theSameSeedGivesTheSameActionsAndEpsilonFollowsTheSchedulePerCall() {
        EpsilonSchedule schedule = new EpsilonSchedule(1, 0, 100);
        EpsilonGreedy a = new EpsilonGreedy(ALWAYS_TWO, 4, schedule, new SplittableRandom(9));
        EpsilonGreedy b = new EpsilonGreedy(ALWAYS_TWO, 4, schedule, new SplittableRandom(9));
        int[] x = IntStream.range(0, 100).map(i -> a.act(new double[1])).toArray();
        int[] y = IntStream.range(0, 100).map(i -> b.act(new double[1])).toArray();
        assertThat(x).containsExactly(y);
        assertThat(a.steps()).isEqualTo(100);
        assertThat(a.epsilon()).isZero();
        assertThat(a.act(new double[1])).isEqualTo(2);
    }
}
