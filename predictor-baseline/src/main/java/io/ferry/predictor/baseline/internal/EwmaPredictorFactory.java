package io.ferry.predictor.baseline.internal;

import io.ferry.api.Predictor;
import io.ferry.api.spi.PluginFactory;
import io.ferry.api.spi.PredictorFactory;
import io.ferry.policy.support.MetatypePluginFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Builds the {@value EwmaPredictor#NAME} predictor for one metric from a map of settings whose keys, types and
 * defaults are those of {@link EwmaSettings} (read from the metatype bnd generates from it). Published as an OSGi
 * service and listed in {@code META-INF/services} for {@link java.util.ServiceLoader}, so that
 * {@code ./ferry forecast} and the benchmarks find it by name without importing this package.
 *
 * <p>Cost: the metatype is parsed once, on first use; {@link #create} is a few field assignments.
 */
@Component(service = PredictorFactory.class, property = PluginFactory.NAME_PROPERTY + "=" + EwmaPredictor.NAME)
public final class EwmaPredictorFactory extends MetatypePluginFactory<Predictor> implements PredictorFactory {

    /** Required by {@link java.util.ServiceLoader} and Declarative Services. */
    public EwmaPredictorFactory() {
        super(EwmaPredictor.NAME, EwmaSettings.class, EwmaPredictor::fromSettings);
    }
}
