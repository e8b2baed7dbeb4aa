package io.ferry.predictor.baseline.internal;

import io.ferry.api.Predictor;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The {@link Predictor} services of one component: one registration per metric, each with the service
 * properties {@value Predictor#NAME_PROPERTY} and {@value Predictor#METRIC_PROPERTY}, so that a pool selects a
 * predictor by name and metric. Cost: one registration per predictor; nothing runs afterwards.
 */
final class PredictorRegistrations {

    private final List<ServiceRegistration<Predictor>> registrations = new ArrayList<>();

    /**
     * @param context    the component's bundle context
     * @param predictors one per metric served, all of one name
     */
    PredictorRegistrations(BundleContext context, List<? extends Predictor> predictors) {
        for (Predictor p : predictors) {
            registrations.add(context.registerService(Predictor.class, p, properties(p)));
        }
    }

    /** @return the service properties a predictor is registered with */
    static Dictionary<String, Object> properties(Predictor p) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Predictor.NAME_PROPERTY, p.name());
        props.put(Predictor.METRIC_PROPERTY, p.metric().name());
        return props;
    }

    /** Unregisters every service; a service already gone (the bundle stopping) is skipped. */
    void unregister() {
        for (ServiceRegistration<Predictor> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
        }
        registrations.clear();
    }
}
