package io.ferry.agent.consolidation.internal;

import io.ferry.api.Predictor;
import io.ferry.api.model.Metric;
import io.ferry.api.spi.PredictorFactory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a forecast agent finds the CPU predictor its {@code predictor} setting names: built by a
 * {@link PredictorFactory} (the command line, {@link java.util.ServiceLoader}), or one of the {@link Predictor}
 * services registered in OSGi. Cost: a scan of the candidates per lookup, and a factory's {@code create}.
 */
interface CpuPredictors {

    /**
     * @return the predictor named {@code name} forecasting {@link Metric#CPU_UTILISATION}
     * @throws IllegalArgumentException one line, {@code predictor = NAME: ...}: not installed (naming those that
     *                                  are), or its factory refused or could not load its model
     */
    Predictor cpu(String name);

    /** @return the predictors {@code factories} build, each for CPU */
    static CpuPredictors of(Collection<? extends PredictorFactory> factories) {
        List<PredictorFactory> copy = List.copyOf(factories);
        return name -> {
            Set<String> known = new TreeSet<>();
            for (PredictorFactory f : copy) {
                if (f.name().equals(name)) {
                    try {
                        return f.create(Map.of("metric", Metric.CPU_UTILISATION.name()));
                    } catch (RuntimeException | LinkageError e) {
                        // a factory's refusal, or a model it cannot load (an initialiser's error included): one line
                        Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null
                                ? e.getCause() : e;
                        throw new IllegalArgumentException("predictor = " + name + ": "
                                + (cause instanceof IllegalArgumentException ? "" : "cannot be built: ")
                                + (cause.getMessage() != null ? cause.getMessage() : cause.toString()), e);
                    }
                }
                known.add(f.name());
            }
            throw notInstalled(name, known);
        };
    }

    /** @return the registered predictor services of {@link Metric#CPU_UTILISATION} */
    static CpuPredictors registered(Collection<? extends Predictor> services) {
        List<Predictor> copy = List.copyOf(services);
        return name -> {
            Set<String> known = new TreeSet<>();
            for (Predictor p : copy) {
                if (p.metric() == Metric.CPU_UTILISATION) {
                    if (p.name().equals(name)) {
                        return p;
                    }
                    known.add(p.name());
                }
            }
            throw notInstalled(name, known);
        };
    }

    private static IllegalArgumentException notInstalled(String name, Set<String> known) {
        return new IllegalArgumentException("predictor = " + name + ": not installed; installed predictors are "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
    }
}
