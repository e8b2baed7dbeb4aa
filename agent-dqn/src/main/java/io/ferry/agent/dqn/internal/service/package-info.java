/** The DS component that registers the DQN agent as a {@code MigrationAgent} service (PID io.ferry.agent.dqn). */
package io.ferry.agent.dqn.internal.service;
