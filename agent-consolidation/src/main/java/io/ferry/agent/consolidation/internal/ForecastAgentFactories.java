package io.ferry.agent.consolidation.internal;

import io.ferry.agent.consolidation.internal.Policies.Selector;
import io.ferry.api.MigrationAgent;
import io.ferry.api.Predictor;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.PluginFactory;
import io.ferry.api.spi.PredictorFactory;
import io.ferry.policy.support.MetatypePluginFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The four forecast-driven consolidation agents' factories, {@code forecast-mmt}, {@code forecast-mc},
 * {@code forecast-mu} and {@code forecast-rs}: {@link ForecastDetector} around the CPU predictor their
 * {@code predictor} setting names, with the selector of their name ({@code ./ferry datacenter --agents lstm-mmt}
 * is {@code forecast-mmt} with {@code predictor = lstm}). The predictor is built by its {@link PredictorFactory}
 * among those {@link ServiceLoader} finds on the class path (the no-argument constructor, for the command line), or
 * is the registered CPU {@link Predictor} service of that name that Declarative Services hands in (inside Karaf,
 * where the component restarts when a predictor comes or goes). Cost: {@link #create} costs one predictor's construction (loading its model, for a learned one) and one
 * agent's.
 */
public final class ForecastAgentFactories {

    private ForecastAgentFactories() {
    }

    /** The predictor factories on the class path, looked up at each {@code create}. */
    static Supplier<CpuPredictors> onClassPath(Class<?> owner) {
        return () -> {
            List<PredictorFactory> out = new ArrayList<>();
            for (PredictorFactory f : ServiceLoader.load(PredictorFactory.class, owner.getClassLoader())) {
                out.add(f);
            }
            return CpuPredictors.of(out);
        };
    }

    /** A factory of agent {@code forecast-SELECTOR}. */
    abstract static class ForecastFactory extends MetatypePluginFactory<MigrationAgent>
            implements MigrationAgentFactory {
        ForecastFactory(Selector selector, Supplier<CpuPredictors> predictors) {
            super(Policies.FORECAST + "-" + selector.key(), ForecastConfiguration.class,
                    s -> Policies.forecastAgent(selector, s, predictors.get()));
        }
    }

    /** Builds agent forecast-mmt. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=forecast-mmt")
    public static final class ForecastMmt extends ForecastFactory {
        public ForecastMmt() {
            super(Selector.MMT, onClassPath(ForecastMmt.class));
        }

        @Activate
        public ForecastMmt(@Reference(cardinality = ReferenceCardinality.MULTIPLE,
                policyOption = ReferencePolicyOption.GREEDY) List<Predictor> predictors) {
            super(Selector.MMT, () -> CpuPredictors.registered(predictors));
        }
    }

    /** Builds agent forecast-mc. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=forecast-mc")
    public static final class ForecastMc extends ForecastFactory {
        public ForecastMc() {
            super(Selector.MC, onClassPath(ForecastMc.class));
        }

        @Activate
        public ForecastMc(@Reference(cardinality = ReferenceCardinality.MULTIPLE,
                policyOption = ReferencePolicyOption.GREEDY) List<Predictor> predictors) {
            super(Selector.MC, () -> CpuPredictors.registered(predictors));
        }
    }

    /** Builds agent forecast-mu. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=forecast-mu")
    public static final class ForecastMu extends ForecastFactory {
        public ForecastMu() {
            super(Selector.MU, onClassPath(ForecastMu.class));
        }

        @Activate
        public ForecastMu(@Reference(cardinality = ReferenceCardinality.MULTIPLE,
                policyOption = ReferencePolicyOption.GREEDY) List<Predictor> predictors) {
            super(Selector.MU, () -> CpuPredictors.registered(predictors));
        }
    }

    /** Builds agent forecast-rs. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=forecast-rs")
    public static final class ForecastRs extends ForecastFactory {
        public ForecastRs() {
            super(Selector.RS, onClassPath(ForecastRs.class));
        }

        @Activate
        public ForecastRs(@Reference(cardinality = ReferenceCardinality.MULTIPLE,
                policyOption = ReferencePolicyOption.GREEDY) List<Predictor> predictors) {
            super(Selector.RS, () -> CpuPredictors.registered(predictors));
        }
    }
}
