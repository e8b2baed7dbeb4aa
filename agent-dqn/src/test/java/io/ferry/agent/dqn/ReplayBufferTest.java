package io.ferry.agent.dqn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.agent.dqn.rl.ReplayBuffer;
import io.ferry.agent.dqn.rl.Transition;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {

    private static Transition t(int i) {
        return new Transition(new double[] {i}, i % 4, -i, new double[] {i + 1}, false);
    }

    @Test
    void addWhenFullThenTheOldestGoesAndTheSizeStaysAtTheCapacity() {
        ReplayBuffer b = new ReplayBuffer(3);
        for (int i = 0; i < 5; i++) {
            b.add(t(i));
        }
        assertThat(b.size()).isEqualTo(3);
        assertThat(b.added()).isEqualTo(5);
        assertThat(b.contents()).containsExactly(t(2), t(3), t(4));
    }

    @Test
    void sampleWhenTheSameSeedThenTheSameBatch() {
        ReplayBuffer b = new ReplayBuffer(100);
        for (int i = 0; i < 250; i++) {
            b.add(t(i));
        }
        List<Transition> one = b.sample(32, new SplittableRandom(42));
        List<Transition> two = b.sample(32, new SplittableRandom(42));
        assertThat(one).hasSize(32).isEqualTo(two);
        assertThat(one).allSatisfy(x -> assertThat(x.state()[0]).isBetween(150.0, 249.0));
        assertThat(b.sample(32, new SplittableRandom(43))).isNotEqualTo(one);
    }

    @Test
    void sampleWhenEmptyThenEmpty() {
        assertThat(new ReplayBuffer(5).sample(3, new SplittableRandom(1))).isEmpty();
    }

    @Test
    void transitionWhenTerminalWithANextStateThenRefused() {
        assertThatThrownBy(() -> new Transition(new double[1], 0, 0, new double[1], true))
                .hasMessage("a terminal transition has no next state");
        assertThatThrownBy(() -> new Transition(new double[1], 0, Double.NaN, null, true))
                .hasMessage("reward = NaN: must be finite");
    }

    @Test
    void addWhenTwoThreadsThenNothingLost() throws InterruptedException {
        ReplayBuffer b = new ReplayBuffer(10_000);
        Thread other = new Thread(() -> {
            for (int i = 0; i < 3000; i++) {
                b.add(t(i));
            }
        });
        other.start();
        for (int i = 0; i < 3000; i++) {
            b.add(t(i));
            b.sample(1, new SplittableRandom(i));
        }
        other.join();
        assertThat(b.size()).isEqualTo(6000);
    }
}
