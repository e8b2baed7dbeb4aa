package io.ferry.agent.consolidation.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ferry consolidation agent, LR (local regression) detection",
        description = "CloudSim 3.0.3's dynamic consolidation with LR overload detection: VMs picked by the "
                + "agent's selection rule leave overloaded hosts, power-aware best-fit decreasing places them, and "
                + "underloaded hosts are emptied so that they can be switched off.")
@interface LrConfiguration {

    @AttributeDefinition(name = "Parameter",
            description = "Safety parameter s: a host is overloaded when s x its utilisation predicted by local regression for the end of its longest migration is >= 1 (0.1 to 10). The literature uses 1.2.")
    double parameter() default 1.2;

    @AttributeDefinition(name = "Fallback threshold",
            description = "While a host's history is too short for the adaptive rule (fewer than 10 values), it is "
                    + "overloaded when its VMs request more than this share of its CPU (0.05 to 1). CloudSim uses 0.7.")
    double fallbackThreshold() default 0.7;

    @AttributeDefinition(name = "Seed",
            description = "Seed of the random selection rule (the rs agents; the others ignore it): the same seed "
                    + "picks the same VMs in the same rounds.")
    long seed() default 42;

    @AttributeDefinition(name = "Consolidate underloaded hosts",
            description = "Empty the least utilised hosts when all their VMs fit elsewhere, so that they can be "
                    + "switched off (false: only relieve overloaded hosts).")
    boolean consolidateUnderloaded() default true;

    @AttributeDefinition(name = "Check memory",
            description = "A target must have the VM's memory free. CloudSim 3.0.3 checks memory only when it first "
                    + "places a VM (a running VM asks for 0 MB: its RAM utilisation model is null), so its published "
                    + "figures need false; a real pool needs true.")
    boolean checkMemory() default true;

    @AttributeDefinition(name = "Decide every move",
            description = "Decide every move of a round, as CloudSim 3.0.3 starts every entry of its migration map: "
                    + "a VM sent off an overloaded host and then off the underloaded host it landed on gets two "
                    + "decisions, the second from that host. A real pool refuses the second while the first runs, "
                    + "so false there (one decision per VM, to its last target); CloudSim's migration counts need true.")
    boolean decideEveryMove() default false;
}
