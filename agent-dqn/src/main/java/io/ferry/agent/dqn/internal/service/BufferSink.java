package io.ferry.agent.dqn.internal.service;

import io.ferry.agent.dqn.DqnAgent;
import io.ferry.agent.dqn.ExperienceSink;
import io.ferry.agent.dqn.HostAction;
import io.ferry.agent.dqn.HostFeatures;
import io.ferry.agent.dqn.RewardWeights;
import io.ferry.agent.dqn.rl.ReplayBuffer;
import io.ferry.agent.dqn.rl.Transition;
import java.util.Objects;

/**
 * The {@link ExperienceSink} service the component registers beside its agent: transitions go into the agent's own
 * {@link DqnAgent#replayBuffer()}, the buffer that {@code learn} fills and fine-tuning samples, so that they count
 * towards {@code fineTuneEvery} as the agent's own do; after each one, {@link FineTuning#maybeStart()} (two counter
 * reads; a due run goes to the component's thread), as after each decision. Checks the transition's shape, so that
 * a transition of another model cannot poison the buffer. Thread-safe as the buffer is.
 */
final class BufferSink implements ExperienceSink {

    private final DqnAgent agent;
    private final FineTuning tuning;

    BufferSink(DqnAgent agent, FineTuning tuning) {
        this.agent = Objects.requireNonNull(agent, "agent");
        this.tuning = Objects.requireNonNull(tuning, "tuning");
    }

    @Override
    public void add(Transition t) {
        Objects.requireNonNull(t, "t");
        int features = t.state().length;
        if (features != HostFeatures.COUNT) {
            throw new IllegalArgumentException("transition has " + features + " features, this agent builds "
                    + HostFeatures.COUNT);
        }
        if (t.action() >= HostAction.COUNT) {
            throw new IllegalArgumentException("action = " + t.action() + ": this agent has " + HostAction.COUNT);
        }
        agent.replayBuffer().add(t);
        tuning.maybeStart();
    }

    @Override
    public RewardWeights reward() {
        return agent.settings().reward();
    }

    @Override
    public int size() {
        return buffer().size();
    }

    @Override
    public int capacity() {
        return buffer().capacity();
    }

    @Override
    public long added() {
        return buffer().added();
    }

    private ReplayBuffer buffer() {
        return agent.replayBuffer();
    }

    @Override
    public String toString() {
        return "ExperienceSink[" + agent.replayBuffer() + "]";
    }
}
