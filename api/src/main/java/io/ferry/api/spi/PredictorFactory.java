package io.ferry.api.spi;

import io.ferry.api.Predictor;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Builds a predictor (forecasts of a metric series) by name. Published as an OSGi service of this type with the service property
 * {@value io.ferry.api.spi.PluginFactory#NAME_PROPERTY} equal to {@link #name()}, and listed in
 * {@code META-INF/services/io.ferry.api.spi.PredictorFactory} for {@link java.util.ServiceLoader}.
 */
@ConsumerType
public interface PredictorFactory extends PluginFactory<Predictor> {
}
