package io.ferry.policy.precopy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ferry pre-copy policy",
        description = "Iterative pre-copy, then stop-and-copy. Defaults follow upstream Xen's "
                + "simple_precopy_policy (SPP_MAX_ITERATIONS = 5, SPP_TARGET_DIRTY_COUNT = 50).")
@interface PreCopyConfiguration {

    @AttributeDefinition(name = "Maximum rounds",
            description = "Stop and copy after this many pre-copy rounds, converged or not (1 to 1000).")
    int maxRounds() default 5;

    @AttributeDefinition(name = "Target dirty pages",
            description = "Stop and copy once no more than this many pages are dirty (>= 0).")
    int targetDirtyPages() default 50;

    @AttributeDefinition(name = "Stop within budget",
            description = "Also stop as soon as the pending pages can be sent within the SLA downtime budget.")
    boolean stopWithinBudget() default true;
}
