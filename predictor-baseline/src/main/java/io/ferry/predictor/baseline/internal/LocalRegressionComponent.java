package io.ferry.predictor.baseline.internal;

import io.ferry.api.Predictor;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.converter.Converters;

/**
 * The local-regression predictors. Registers one {@link Predictor} service per configured metric (by default CPU_UTILISATION and
 * DIRTY_PAGES_PER_SECOND), configured under the PID {@value #PID}; a changed configuration re-registers them.
 * Cost: one registration per metric; forecasts cost what {@link LocalRegressionPredictor} says.
 */
@Component(service = {}, immediate = true, configurationPid = LocalRegressionComponent.PID)
@Designate(ocd = LocalRegressionConfiguration.class)
public final class LocalRegressionComponent {

    static final String PID = "io.ferry.predictor.localregression";

    private final PredictorRegistrations registrations;

    @Activate
    public LocalRegressionComponent(BundleContext context, LocalRegressionConfiguration config, Map<String, Object> properties) {
        this.registrations = new PredictorRegistrations(context, Settings.metrics(properties, config::metrics)
                .stream().map(metric -> new LocalRegressionPredictor(metric)).toList());
    }

    /** For tests outside OSGi: the configuration from a property map, missing keys taking their defaults. */
    static LocalRegressionConfiguration configuration(Map<String, ?> properties) {
        return Converters.standardConverter().convert(properties).to(LocalRegressionConfiguration.class);
    }

    @Deactivate
    void deactivate() {
        registrations.unregister();
    }
}
