package io.ferry.predictor.baseline.internal;

import io.ferry.api.model.Metric;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ferry last-value predictor",
        description = "Last value: forecasts that the series stays at its newest sample, at every horizon. The yardstick. One Predictor service per metric served.")
@interface LastValueConfiguration {

    @AttributeDefinition(name = "Metrics",
            description = "The metrics to register a predictor for, one service each.")
    Metric[] metrics() default {Metric.CPU_UTILISATION, Metric.DIRTY_PAGES_PER_SECOND};
}
