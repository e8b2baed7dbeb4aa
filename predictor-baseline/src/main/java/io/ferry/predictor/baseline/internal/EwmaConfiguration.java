package io.ferry.predictor.baseline.internal;

import io.ferry.api.model.Metric;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ferry EWMA predictor",
        description = "Exponentially weighted moving average: forecasts the smoothed level of the window at every "
                + "horizon. One Predictor service per metric served.")
@interface EwmaConfiguration {

    @AttributeDefinition(name = "Alpha",
            description = "The weight of the newest sample for every metric but the dirty rate, in (0, 1]; 1 is last "
                    + "value. The default has the least one-step error on the PlanetLab training days.")
    double alpha() default EwmaPredictor.DEFAULT_ALPHA;

    @AttributeDefinition(name = "Alpha for the dirty rate",
            description = "The weight of the newest sample for DIRTY_PAGES_PER_SECOND, in (0, 1]. The default has the "
                    + "least one-step error on data/dirty-rates/v2/train.")
    double dirtyRateAlpha() default EwmaPredictor.DEFAULT_DIRTY_RATE_ALPHA;

    @AttributeDefinition(name = "Metrics",
            description = "The metrics to register a predictor for, one service each.")
    Metric[] metrics() default {Metric.CPU_UTILISATION, Metric.DIRTY_PAGES_PER_SECOND};
}
