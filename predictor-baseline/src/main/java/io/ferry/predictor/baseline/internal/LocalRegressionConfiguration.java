package io.ferry.predictor.baseline.internal;

import io.ferry.api.model.Metric;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ferry local-regression predictor",
        description = "Local regression (Beloglazov and Buyya; CloudSim's LR detector): a least-squares line through the newest 10 samples, extrapolated h steps. One Predictor service per metric served.")
@interface LocalRegressionConfiguration {

    @AttributeDefinition(name = "Metrics",
            description = "The metrics to register a predictor for, one service each.")
    Metric[] metrics() default {Metric.CPU_UTILISATION, Metric.DIRTY_PAGES_PER_SECOND};
}
