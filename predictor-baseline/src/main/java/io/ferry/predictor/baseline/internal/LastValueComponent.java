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
 * The last-value predictors. Registers one {@link Predictor} service per configured metric (by default CPU_UTILISATION and
 * DIRTY_PAGES_PER_SECOND), configured under the PID {@value #PID}; a changed configuration re-registers them.
 * Cost: one registration per metric; forecasts cost what {@link LastValuePredictor} says.
 */
@Component(service = {}, immediate = true, configurationPid = LastValueComponent.PID)
@Designate(ocd = LastValueConfiguration.class)
public final class LastValueComponent {

    static final String PID = "io.ferry.predictor.lastvalue";

    private final PredictorRegistrations registrations;

    @Activate
    public LastValueComponent(BundleContext context, LastValueConfiguration config, Map<String, Object> properties) {
        this.registrations = new PredictorRegistrations(context, Settings.metrics(properties, config::metrics)
                .stream().map(metric -> new LastValuePredictor(metric)).toList());
    }

    /** For tests outside OSGi: the configuration from a property map, missing keys taking their defaults. */
    static LastValueConfiguration configuration(Map<String, ?> properties) {
        return Converters.standardConverter().convert(properties).to(LastValueConfiguration.class);
    }

    @Deactivate
    void deactivate() {
        registrations.unregister();
    }
}
