package io.ferry.api.model;

/**
 * An agent's decision: move this VM from here to there, and why.
 *
 * @param vm     the VM
 * @param source the host it runs on when the decision is made
 * @param target the host to move it to
 * @param agent  the name of the agent that decided
 * @param reason one line for the operator and the audit log
 */
public record MigrationDecision(VmId vm, HostId source, HostId target, String agent, String reason) {

    public MigrationDecision {
        Require.nonNull(vm, "vm");
        Require.nonNull(source, "source");
        Require.nonNull(target, "target");
        if (source.equals(target)) {
            throw new IllegalArgumentException("target = " + target + ": a decision must move the VM elsewhere");
        }
        Require.nonBlank(agent, "agent");
        Require.nonNull(reason, "reason");
    }
}
