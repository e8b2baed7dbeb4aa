/**
 * A deep Q-network migration agent: from the {@code AgentContext} it builds one feature vector per host, scores the
 * host's actions with one network whose weights every host shares (so one model serves pools of any size), and
 * turns the chosen actions into decisions the controller's guard then judges like any agent's. Deciding runs a
 * plain-Java forward pass over the trained weights; Deeplearning4j is touched only by training and fine-tuning.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.ferry.agent.dqn;
