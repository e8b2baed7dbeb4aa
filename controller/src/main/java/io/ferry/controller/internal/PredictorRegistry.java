package io.ferry.controller.internal;

import io.ferry.api.Predictor;
import io.ferry.api.model.Metric;
import io.ferry.controller.PluginKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The installed predictors, by name and metric: a predictor's name ({@code lstm}, {@code ewma}) stands for one
 * {@link Predictor} service per metric it forecasts (same {@code predictor.name}, one service for
 * {@code CPU_UTILISATION} and one for {@code DIRTY_PAGES_PER_SECOND}), so selecting {@code lstm} for a pool binds
 * each metric's service of that name. Within one (name, metric), the higher service ranking wins, then the older
 * service, as in {@link PluginRegistry}.
 *
 * <p>Cost: O(1) lookups, O(n) listings. Thread-safe.
 */
public final class PredictorRegistry {

    private final Map<Metric, PluginRegistry<Predictor>> byMetric = new EnumMap<>(Metric.class);

    PredictorRegistry() {
        for (Metric m : Metric.values()) {
            byMetric.put(m, new PluginRegistry<>(PluginKind.PREDICTOR));
        }
    }

    /** Adds a service under its name and the metric it says it forecasts. */
    public void add(PluginRegistry.Entry<Predictor> entry) {
        byMetric.get(entry.service().metric()).add(entry);
    }

    /** Removes the service with this id, whatever its metric. */
    public void remove(long serviceId) {
        byMetric.values().forEach(r -> r.remove(serviceId));
    }

    /** @return the preferred service named {@code name} that forecasts {@code metric} */
    public Optional<PluginRegistry.Entry<Predictor>> get(String name, Metric metric) {
        return byMetric.get(metric).get(name);
    }

    /** @return the preferred service of each metric that {@code name} forecasts, by metric order */
    public Map<Metric, PluginRegistry.Entry<Predictor>> forName(String name) {
        Map<Metric, PluginRegistry.Entry<Predictor>> out = new EnumMap<>(Metric.class);
        byMetric.forEach((m, r) -> r.get(name).ifPresent(e -> out.put(m, e)));
        return out;
    }

    /** @return whether any service of that name is installed */
    boolean has(String name) {
        return !forName(name).isEmpty();
    }

    /** @return the preferred service of every (name, metric), by name then metric */
    List<PluginRegistry.Entry<Predictor>> all() {
        List<PluginRegistry.Entry<Predictor>> out = new ArrayList<>();
        byMetric.values().forEach(r -> out.addAll(r.all()));
        out.sort(Comparator.comparing((PluginRegistry.Entry<Predictor> e) -> e.name())
                .thenComparing(e -> e.service().metric()));
        return out;
    }

    /** @return the installed names, sorted, comma-separated, or "none" */
    String names() {
        TreeSet<String> names = new TreeSet<>();
        all().forEach(e -> names.add(e.name()));
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
