package io.ferry.predictor.baseline.internal;

import io.ferry.api.Predictor;
import io.ferry.api.model.Metric;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.converter.Converters;

/**
 * The EWMA predictors, with the configured {@code alpha} ({@code dirtyRateAlpha} for the dirty rate). Registers
 * one {@link Predictor} service per configured metric (by default CPU_UTILISATION and DIRTY_PAGES_PER_SECOND),
 * configured under the PID {@value #PID}; a changed configuration re-registers them.
 * Cost: one registration per metric; forecasts cost what {@link EwmaPredictor} says.
 */
@Component(service = {}, immediate = true, configurationPid = EwmaComponent.PID)
@Designate(ocd = EwmaConfiguration.class)
public final class EwmaComponent {

    static final String PID = "io.ferry.predictor.ewma";

    private final PredictorRegistrations registrations;

    @Activate
    public EwmaComponent(BundleContext context, EwmaConfiguration config, Map<String, Object> properties) {
        double alpha = Windows.smoothing("alpha", Settings.read("alpha", properties, config::alpha,
                "a number in (0, 1]"));
        double dirtyRateAlpha = Windows.smoothing("dirtyRateAlpha", Settings.read("dirtyRateAlpha", properties,
                config::dirtyRateAlpha, "a number in (0, 1]"));
        this.registrations = new PredictorRegistrations(context, Settings.metrics(properties, config::metrics)
                .stream().map(metric -> new EwmaPredictor(metric,
                        metric == Metric.DIRTY_PAGES_PER_SECOND ? dirtyRateAlpha : alpha)).toList());
    }

    /** For tests outside OSGi: the configuration from a property map, missing keys taking their defaults. */
    static EwmaConfiguration configuration(Map<String, ?> properties) {
        return Converters.standardConverter().convert(properties).to(EwmaConfiguration.class);
    }

    @Deactivate
    void deactivate() {
        registrations.unregister();
    }
}
