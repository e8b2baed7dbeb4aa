package io.ferry.predictor.baseline.internal;

import io.ferry.api.model.Metric;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ferry EWMA predictor (one metric)",
        description = "Exponentially weighted moving average: forecasts the smoothed level of the window at every "
                + "horizon.")
@interface EwmaSettings {

    @AttributeDefinition(name = "Metric", description = "The metric the predictor forecasts.")
    Metric metric() default Metric.CPU_UTILISATION;

    @AttributeDefinition(name = "Alpha",
            description = "The weight of the newest sample, in (0, 1]; 1 is last value.")
    double alpha() default EwmaPredictor.DEFAULT_ALPHA;
}
