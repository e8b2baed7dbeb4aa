package io.ferry.agent.consolidation.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ferry consolidation agent, forecast overload detection",
        description = "CloudSim 3.0.3's dynamic consolidation with the overload detector driven by a CPU predictor "
                + "(last-value, ewma, local-regression, lstm, ...): a host is overloaded when s x its utilisation "
                + "forecast for the end of its longest migration is >= 1, the structure of the LR detector with "
                + "any forecaster in place of the line.")
@interface ForecastConfiguration {

    @AttributeDefinition(name = "Predictor",
            description = "The CPU predictor that forecasts each host's utilisation (its predictor.name, built for "
                    + "CPU_UTILISATION from the installed predictor factories). local-regression is CloudSim's LR.")
    String predictor() default "local-regression";

    @AttributeDefinition(name = "Parameter",
            description = "Safety parameter s: a host is overloaded when s x its forecast utilisation is >= 1 "
                    + "(1 to 10). 1.2 as for LR.")
    double parameter() default 1.2;

    @AttributeDefinition(name = "History length",
            description = "Utilisation values handed to the predictor, at least (more if the predictor needs more); "
                    + "with fewer the fallback threshold decides (2 to 1000). CloudSim's LR uses 10.")
    int historyLength() default 10;

    @AttributeDefinition(name = "Fallback threshold",
            description = "While a host's history is too short, or the predictor gives no forecast, it is "
                    + "overloaded when its VMs request more than this share of its CPU (0.05 to 1). CloudSim uses 0.7.")
    double fallbackThreshold() default 0.7;

    @AttributeDefinition(name = "Seed",
            description = "Seed of the random selection rule (the rs agents; the others ignore it).")
    long seed() default 42;

    @AttributeDefinition(name = "Consolidate underloaded hosts",
            description = "Empty the least utilised hosts when all their VMs fit elsewhere, so that they can be "
                    + "switched off (false: only relieve overloaded hosts).")
    boolean consolidateUnderloaded() default true;

    @AttributeDefinition(name = "Check memory",
            description = "A target must have the VM's memory free (false reproduces CloudSim 3.0.3's figures).")
    boolean checkMemory() default true;

    @AttributeDefinition(name = "Decide every move",
            description = "Decide every move of a round, as CloudSim 3.0.3 starts every entry of its migration map "
                    + "(true for CloudSim's migration counts; false on a real pool).")
    boolean decideEveryMove() default false;
}
