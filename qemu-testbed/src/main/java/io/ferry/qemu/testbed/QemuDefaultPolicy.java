package io.ferry.qemu.testbed;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.MigrationSteering;
import io.ferry.api.model.Capability;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.MigrationRequest;
import io.ferry.compare.ScenarioSuites;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Pre-copy as QEMU runs it by itself: no round cap and no stop rule of the policy's own, so a migration ends only
 * when QEMU's own rule completes it (the pending pages fit bandwidth x downtime-limit) or the testbed's timeout
 * cancels it (not converged). It is Ferry's {@code precopy} policy with {@code maxRounds} 1000,
 * {@code targetDirtyPages} 0 and {@code stopWithinBudget} false, under the name
 * {@value ScenarioSuites#QEMU_DEFAULT}; the engine runs the same policy under a profile with QEMU's own convergence
 * ({@code ownConvergence}) and the same time bound, so both sides apply one rule. Cost: the precopy policy's.
 */
final class QemuDefaultPolicy implements MigrationPolicy {

    /** The precopy settings that leave the stop to QEMU. */
    static final Map<String, Object> SETTINGS = Map.of("maxRounds", 1000, "targetDirtyPages", 0,
            "stopWithinBudget", false);

    private final MigrationPolicy precopy;

    /** @param installed the policies on the class path; must include {@code precopy} */
    QemuDefaultPolicy(InstalledPolicies installed) {
        this.precopy = Objects.requireNonNull(installed.create("precopy", SETTINGS));
    }

    @Override
    public String name() {
        return ScenarioSuites.QEMU_DEFAULT;
    }

    @Override
    public Set<Capability> requiredCapabilities() {
        return precopy.requiredCapabilities();
    }

    @Override
    public Set<Capability> optionalCapabilities() {
        return precopy.optionalCapabilities();
    }

    @Override
    public MigrationPlan plan(MigrationRequest request) {
        MigrationPlan p = precopy.plan(request);
        return new MigrationPlan(name(), p.technique(), p.predicted(), p.downtimeLimit(), p.rationale());
    }

    @Override
    public MigrationSteering steer(MigrationRequest request, Set<Capability> available) {
        return precopy.steer(request, available);
    }
}
