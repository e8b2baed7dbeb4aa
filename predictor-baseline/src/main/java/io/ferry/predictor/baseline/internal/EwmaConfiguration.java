package io.ferry.predictor.baseline.internal;

import io.ferry.api.model.Metric;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ferry EWMA predictor",
        description = "Exponentially weighted moving average: forecasts the smoothed level of the window at every "
                + "horizon. One Predictor service per metric served.")
@interface EwmaConfiguration {

    @AttributeDefinition(name = "Alpha",
            description = "The weight of the newest sample, in (0, 1]; 1 is last value. The default has the least "
                    + "one-step error on the PlanetLab training days.")
    double alpha() default EwmaPredictor.DEFAULT_ALPHA;

    @AttributeDefinition(name = "Metrics",
            description = "The metrics to register a predictor for, one service each.")
    Metric[] metrics() default {Metric.CPU_UTILISATION, Metric.DIRTY_PAGES_PER_SECOND};
}
