package io.ferry.agent.dqn;

import io.ferry.agent.dqn.rl.Transition;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where experience gathered outside the agent (the Kafka stream of the cluster's decisions and outcomes, module
 * {@code agent-dqn-stream}) enters a running DQN agent's replay buffer. The agent-dqn bundle registers one as an
 * OSGi service (property {@code agent.name=dqn}) for as long as its agent is registered with a replay buffer, and
 * withdraws it with the agent: a reconfigured agent is a new service with an empty buffer.
 *
 * <p>What it decides: nothing about the transition; it is added as it is. A transition added here counts towards
 * online fine-tuning's {@code fineTuneEvery} exactly as one from the agent's own {@code learn} does (both are
 * {@link io.ferry.agent.dqn.rl.ReplayBuffer#added()}), and {@link #add} checks at once whether a run is due, as a
 * decision does: when one is, it goes to the agent's own thread. Cost per call: the buffer's O(1) add and two
 * counter reads; never waits for a fine-tuning run. Thread-safe.
 *
 * <p>When not to use it: for transitions of another feature count or action set than {@link HostFeatures} and
 * {@link HostAction} (the network would learn nonsense), or with rewards of other weights than {@link #reward()}.
 *
 * @since 1.2
 */
@ProviderType
public interface ExperienceSink {

    /**
     * Adds one transition to the agent's replay buffer (replacing the oldest when it is full) and starts a
     * fine-tuning run on the agent's thread when one is due; returns at once.
     *
     * @param t the transition: state and next state of {@link HostFeatures#COUNT} features, an action of
     *          {@link HostAction}
     * @throws IllegalArgumentException when its state has another length than {@link HostFeatures#COUNT} or its
     *                                  action is not one of {@link HostAction}
     */
    void add(Transition t);

    /** @return the reward weights the agent learns with: build the transitions' rewards with these */
    RewardWeights reward();

    /** @return transitions the buffer holds now */
    int size();

    /** @return the most transitions the buffer keeps */
    int capacity();

    /** @return transitions ever added to the buffer, the agent's own and those added here */
    long added();
}
