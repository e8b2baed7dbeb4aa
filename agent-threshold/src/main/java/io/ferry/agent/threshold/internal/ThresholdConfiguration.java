package io.ferry.agent.threshold.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ferry threshold agent",
        description = "Migrate when a host's CPU >= cpuThreshold or a VM's dirty-page rate >= theta; move the VM "
                + "with the shortest predicted migration to the least-loaded host that fits.")
@interface ThresholdConfiguration {

    @AttributeDefinition(name = "CPU threshold",
            description = "A host at or above this CPU use (fraction of its CPUs, 0.05 to 1) sheds a VM. "
                    + "The seed papers use 0.8.")
    double cpuThreshold() default 0.8;

    @AttributeDefinition(name = "Dirty-rate threshold (pages/s)",
            description = "A VM writing at least this many pages per second is moved to a less loaded host, "
                    + "where its memory-bandwidth pressure hurts fewer neighbours (0 turns the rule off). Only "
                    + "hypervisors that measure the rate (QEMU, the simulator) or a dirty-rate predictor can "
                    + "trigger it; XenServer exposes no dirty-page rate.")
    double dirtyRateThreshold() default 25_000;

    @AttributeDefinition(name = "Decisions per cycle",
            description = "At most this many migrations proposed per control cycle (1 to 1000).")
    int maxDecisionsPerCycle() default 4;
}
