package io.ferry.predictor.baseline.internal;

import io.ferry.api.model.Metric;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ferry local-regression predictor (one metric)",
        description = "Local regression (Beloglazov and Buyya; CloudSim's LR detector): a least-squares line through the newest 10 samples, extrapolated h steps.")
@interface LocalRegressionSettings {

    @AttributeDefinition(name = "Metric", description = "The metric the predictor forecasts.")
    Metric metric() default Metric.CPU_UTILISATION;
}
