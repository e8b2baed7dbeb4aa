package io.ferry.predictor.lstm.internal.service;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ferry LSTM predictor",
        description = "The LSTM forecasters of CPU utilisation and the dirty-page rate: one Predictor service "
                + "(predictor.name = lstm) per metric whose model loads. A model that is missing, truncated or for "
                + "another metric is logged in one line and that metric gets no service; the other is still served.")
@interface LstmPredictorConfiguration {

    @AttributeDefinition(name = "CPU model",
            description = "Path of a CPU model file written by 'ferry train --predictor lstm --metric cpu'; empty: "
                    + "the model shipped in the bundle (trained on four PlanetLab days).")
    String cpuModel() default "";

    @AttributeDefinition(name = "Dirty-rate model",
            description = "Path of a dirty-rate model file written by 'ferry train --predictor lstm --metric "
                    + "dirty-rate'; empty: the model shipped in the bundle.")
    String dirtyRateModel() default "";
}
