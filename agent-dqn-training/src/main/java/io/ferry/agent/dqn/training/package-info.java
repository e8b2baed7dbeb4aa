/**
 * Training the DQN agent in the data-centre engine: the engine as an {@code io.ferry.agent.dqn.rl.Environment},
 * the reward from the engine's per-host accounting, and the episode loop with a held-out validation day.
 */
package io.ferry.agent.dqn.training;
