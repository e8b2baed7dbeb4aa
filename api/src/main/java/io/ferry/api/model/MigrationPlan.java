package io.ferry.api.model;

import java.time.Duration;
import java.util.Optional;

/**
 * A policy's answer to "how would you move this VM, and what would it cost?", given without running the
 * migration. On a hypervisor that migrates by its own rules (XenServer), the plan is what the policy
 * contributes: the predicted cost and the timing advice.
 *
 * @param policy        the name of the policy that made the plan
 * @param technique     the technique it would use
 * @param predicted     the predicted cost
 * @param downtimeLimit the downtime limit to hand to a hypervisor that takes one, if any
 * @param rationale     one line saying why, for the shell and the audit log
 */
public record MigrationPlan(String policy, Technique technique, MigrationCost predicted,
        Optional<Duration> downtimeLimit, String rationale) {

    public MigrationPlan {
        Require.nonBlank(policy, "policy");
        Require.nonNull(technique, "technique");
        Require.nonNull(predicted, "predicted");
        Require.nonNull(downtimeLimit, "downtimeLimit");
        Require.nonNull(rationale, "rationale");
    }
}
