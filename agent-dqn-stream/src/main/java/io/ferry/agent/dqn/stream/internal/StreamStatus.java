package io.ferry.agent.dqn.stream.internal;

import io.ferry.api.model.PoolId;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code dqn:stream} shows of the configured stream component: the service the component registers, read by
 * the command in this bundle only (an unexported package). Reading it costs a few counter reads and never blocks.
 */
public interface StreamStatus {

    /** @return the counts and problem now */
    Status status();

    /**
     * @param source         servers, topics and start ({@code from the beginning} or {@code from now on})
     * @param pools          the pools whose experience counts
     * @param added          transitions handed to the agent's buffer
     * @param skipped        records that did not decode, and transitions the agent refused
     * @param ignored        decisions of other agents in the configured pools
     * @param expired        decisions dropped without a transition
     * @param pending        decisions waiting for their outcome or the sample after it
     * @param bufferSize     transitions the agent's replay buffer holds now
     * @param bufferCapacity the most it keeps
     * @param bufferAdded    transitions ever added to it, the agent's own included
     * @param problem        one line when the configuration was rejected or the topics cannot be read
     */
    record Status(String source, Set<PoolId> pools, long added, long skipped, long ignored, long expired,
            int pending, int bufferSize, int bufferCapacity, long bufferAdded, Optional<String> problem) {
    }
}
