package io.ferry.predictor.baseline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.Predictor;
import io.ferry.api.model.Metric;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

class BaselineComponentsTest {

    /** A bundle context that records what is registered and unregistered, and nothing else. */
    private static final class Registry {
        final List<Predictor> registered = new ArrayList<>();
        final List<Dictionary<?, ?>> properties = new ArrayList<>();
        int unregistered;

        BundleContext context() {
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                        if (!method.getName().equals("registerService")) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        registered.add((Predictor) args[1]);
                        properties.add((Dictionary<?, ?>) args[2]);
                        return Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                    if (m.getName().equals("unregister")) {
                                        unregistered++;
                                        return null;
                                    }
                                    throw new UnsupportedOperationException(m.getName());
                                });
                    });
        }
    }

    @Test
    void eachComponentRegistersOnePredictorPerMetricWithNameAndMetricProperties() {
        Registry r = new Registry();
        Map<String, Object> none = Map.of();
        new LastValueComponent(r.context(), LastValueComponent.configuration(none), none);
        new EwmaComponent(r.context(), EwmaComponent.configuration(none), none);
        new LocalRegressionComponent(r.context(), LocalRegressionComponent.configuration(none), none);
        assertThat(r.registered).extracting(p -> p.name() + "/" + p.metric()).containsExactly(
                "last-value/CPU_UTILISATION", "last-value/DIRTY_PAGES_PER_SECOND",
                "ewma/CPU_UTILISATION", "ewma/DIRTY_PAGES_PER_SECOND",
                "local-regression/CPU_UTILISATION", "local-regression/DIRTY_PAGES_PER_SECOND");
        assertThat(r.properties.get(3).get(Predictor.NAME_PROPERTY)).isEqualTo("ewma");
        assertThat(((EwmaPredictor) r.registered.get(2)).alpha()).isEqualTo(EwmaPredictor.DEFAULT_ALPHA);
        assertThat(((EwmaPredictor) r.registered.get(3)).alpha()).isEqualTo(EwmaPredictor.DEFAULT_DIRTY_RATE_ALPHA);
        assertThat(r.properties.get(3).get(Predictor.METRIC_PROPERTY)).isEqualTo("DIRTY_PAGES_PER_SECOND");
    }

    @Test
    void deactivatingUnregistersEveryService() {
        Registry r = new Registry();
        Map<String, Object> none = Map.of();
        LocalRegressionComponent c = new LocalRegressionComponent(r.context(),
                LocalRegressionComponent.configuration(none), none);
        c.deactivate();
        assertThat(r.unregistered).isEqualTo(2);
    }

    @Test
    void theConfiguredAlphaAndMetricsAreWhatIsRegistered() {
        Registry r = new Registry();
        Map<String, Object> props = Map.of("dirtyRateAlpha", 0.8, "metrics", new String[] {"DIRTY_PAGES_PER_SECOND"});
        new EwmaComponent(r.context(), EwmaComponent.configuration(props), props);
        assertThat(r.registered).hasSize(1);
        assertThat(((EwmaPredictor) r.registered.get(0)).alpha()).isEqualTo(0.8);
        assertThat(r.registered.get(0).metric()).isEqualTo(Metric.DIRTY_PAGES_PER_SECOND);
    }

    @Test
    void aConfiguredAlphaOutOfRangeRegistersNothing() {
        Registry r = new Registry();
        Map<String, Object> props = Map.of("alpha", 0.0);
        assertThatThrownBy(() -> new EwmaComponent(r.context(), EwmaComponent.configuration(props), props))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("alpha = 0.0: must be in (0, 1]");
        assertThat(r.registered).isEmpty();
    }
}
