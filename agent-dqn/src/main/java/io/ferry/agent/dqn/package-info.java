/**
 * A deep Q-network migration agent: from the {@code AgentContext} it builds one feature vector per host, scores the
 * host's actions with one network whose weights every host shares (so one model serves pools of any size), and
 * turns the chosen actions into decisions the controller's guard then judges like any agent's. Deciding runs a
 * plain-Java forward pass over the trained weights; Deeplearning4j is touched only by training and fine-tuning.
 *
 * <p>The pieces: {@link io.ferry.agent.dqn.PoolView} (the pool in MIPS, once per cycle),
 * {@link io.ferry.agent.dqn.HostFeatures} (16 size-independent numbers per host),
 * {@link io.ferry.agent.dqn.HostAction} (KEEP, OFFLOAD, EVACUATE, EVACUATE_TIGHT: the network's outputs),
 * {@link io.ferry.agent.dqn.ActionExecutor} (actions to moves: which VM, which target),
 * {@link io.ferry.agent.dqn.QNetwork} and {@link io.ferry.agent.dqn.DqnModel} (the weights, the model file and its
 * provenance), {@link io.ferry.agent.dqn.DqnAgent} and {@link io.ferry.agent.dqn.DqnAgentFactory}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.ferry.agent.dqn;
