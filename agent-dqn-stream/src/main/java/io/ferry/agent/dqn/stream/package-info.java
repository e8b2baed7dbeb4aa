/**
 * Experience for the DQN agent from the Kafka stream: {@link io.ferry.agent.dqn.stream.StreamExperience} reads
 * {@code vm-metrics}, {@code migration-decisions} and {@code migration-outcomes} and
 * {@link io.ferry.agent.dqn.stream.TransitionBuilder} turns each finished cycle of the {@code dqn} agent's decisions
 * for one source host into a replay-buffer transition. In Karaf, the bundle's DS component (PID
 * {@code io.ferry.agent.dqn.stream}) hands them to the running agent's {@code ExperienceSink}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.ferry.agent.dqn.stream;
