package io.ferry.predictor.baseline.internal;

import io.ferry.api.model.Metric;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ferry last-value predictor (one metric)",
        description = "Last value: forecasts that the series stays at its newest sample, at every horizon. The yardstick.")
@interface LastValueSettings {

    @AttributeDefinition(name = "Metric", description = "The metric the predictor forecasts.")
    Metric metric() default Metric.CPU_UTILISATION;
}
