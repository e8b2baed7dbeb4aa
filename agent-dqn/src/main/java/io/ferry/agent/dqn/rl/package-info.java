/**
 * The reinforcement-learning pieces apart, as the good RL libraries keep them: an environment behind a small
 * {@code reset/step} interface, a bounded replay buffer, epsilon-greedy exploration as a decorator over a greedy
 * policy, and a Double DQN learner on Deeplearning4j with a target network synchronised every so many updates.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.ferry.agent.dqn.rl;
