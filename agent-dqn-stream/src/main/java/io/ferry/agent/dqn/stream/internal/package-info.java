/**
 * The DS component that feeds the running DQN agent's replay buffer from the Kafka stream (PID
 * {@code io.ferry.agent.dqn.stream}) and the {@code dqn:stream} shell command that shows its counts. Private:
 * unversioned, never exported.
 */
package io.ferry.agent.dqn.stream.internal;
