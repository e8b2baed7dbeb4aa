package io.ferry.controller.internal;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.VmState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The plan step of the cycle, fifth of seven: the active policy's plan (technique, predicted cost) for moving a
 * VM to a target, computed <em>once</em> per (VM, source, target) and cycle. The agent sees it through
 * {@link io.ferry.api.AgentContext#plan} during the decide step; the execute step reuses the very same plan and
 * request for the decision that passed the guard, so the policy is never asked twice and what is recorded is what
 * the agent was shown.
 *
 * <p>One instance per cycle (or per operator request). Cost: one {@link MigrationPolicy#plan} per distinct move
 * asked about; a policy that throws or returns no plan is asked once and its failure remembered for the cycle.
 */
final class PlanStep {

    /**
     * A move planned, or why it could not be.
     *
     * @param request the request the policy planned (and will steer)
     * @param plan    the plan, empty when the policy could not plan
     * @param failure why not, when {@code plan} is empty
     */
    record Planned(MigrationRequest request, Optional<MigrationPlan> plan, String failure) {
    }

    private final PluginRegistry.Entry<MigrationPolicy> policy;
    private final Requests requests;
    private final Map<String, Planned> plans = new HashMap<>();
    private int policyCalls;

    PlanStep(PluginRegistry.Entry<MigrationPolicy> policy, Requests requests) {
        this.policy = policy;
        this.requests = requests;
    }

    PluginRegistry.Entry<MigrationPolicy> policy() {
        return policy;
    }

    /** @return the plan of moving {@code vm} from {@code source} to {@code target}, computed at most once */
    synchronized Planned plan(VmState vm, HostId source, HostId target) {
        return plans.computeIfAbsent(vm.id().value() + "|" + source.value() + "|" + target.value(), k -> {
            MigrationRequest request = requests.request(vm, source, target);
            policyCalls++;
            try {
                MigrationPlan plan = policy.service().plan(request);
                if (plan == null) {
                    return new Planned(request, Optional.empty(),
                            "policy '" + policy.name() + "' could not plan: returned no plan");
                }
                return new Planned(request, Optional.of(plan), "");
            } catch (RuntimeException | LinkageError e) {
                return new Planned(request, Optional.empty(), "policy '" + policy.name() + "' could not plan: " + e);
            }
        });
    }

    /** @return how many times this step asked the policy to plan (each distinct move once) */
    synchronized int policyCalls() {
        return policyCalls;
    }
}
