package io.ferry.predictor.lstm;

import io.ferry.api.Predictor;
import io.ferry.api.model.Metric;
import io.ferry.api.spi.PredictorFactory;
import io.ferry.api.spi.SettingDescription;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@code lstm} predictor from settings: {@value #METRIC} (which metric, default
 * {@code CPU_UTILISATION}) and {@value #MODEL} (a model file written by {@code ferry train}; empty = the shipped
 * model for the metric). Listed in {@code META-INF/services} so that the command line finds it with
 * {@link java.util.ServiceLoader}. Cost: reading a model file (≈50 ms) per {@link #create} with a file; the shipped
 * models are read once per JVM.
 */
public final class LstmPredictorFactory implements PredictorFactory {

    /** The setting that names the metric. */
    public static final String METRIC = "metric";
    /** The setting that names a model file. */
    public static final String MODEL = "model";

    /** Required by {@link java.util.ServiceLoader}. */
    public LstmPredictorFactory() {
    }

    @Override
    public String name() {
        return LstmPredictor.NAME;
    }

    @Override
    public String description() {
        return "LSTM forecast (2 x 64 units over 20 samples, trained with DL4J; plain-Java inference) of CPU or"
                + " the dirty-page rate";
    }

    @Override
    public List<SettingDescription> settings() {
        return List.of(
                new SettingDescription(METRIC, "String", Metric.CPU_UTILISATION.name(),
                        "the metric forecast: CPU_UTILISATION (cpu) or DIRTY_PAGES_PER_SECOND (dirty-rate)",
                        Optional.empty(), Optional.empty()),
                new SettingDescription(MODEL, "String", "",
                        "a model file written by ferry train (lstm-<metric>.zip); empty = the shipped model",
                        Optional.empty(), Optional.empty()));
    }

    /**
     * @throws IllegalArgumentException {@code metric = X: ...} for an unknown metric or one without a model;
     *                                  {@code model = FILE: ...} for a missing, corrupt or other-metric file
     */
    @Override
    public Predictor create(Map<String, ?> settings) {
        Object m = settings.get(METRIC);
        Metric metric = metric(m == null ? Metric.CPU_UTILISATION.name() : m.toString());
        Object file = settings.get(MODEL);
        String path = file == null ? "" : file.toString().trim();
        if (path.isEmpty()) {
            try {
                return new LstmPredictor(ShippedModels.forMetric(metric));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(METRIC + " = " + metric + ": " + e.getMessage(), e);
            }
        }
        try {
            return new LstmPredictor(LstmModel.read(Path.of(path)).requireMetric(metric));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MODEL + " = " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param text a metric's name or the command line's alias ({@code cpu}, {@code dirty-rate}), any case
     * @return the metric
     * @throws IllegalArgumentException {@code metric = text: ...} for any other text
     */
    public static Metric metric(String text) {
        String t = text.trim();
        switch (t.toLowerCase(Locale.ROOT)) {
            case "cpu":
                return Metric.CPU_UTILISATION;
            case "dirty-rate":
                return Metric.DIRTY_PAGES_PER_SECOND;
            default:
                break;
        }
        for (Metric metric : List.of(Metric.CPU_UTILISATION, Metric.DIRTY_PAGES_PER_SECOND)) {
            if (metric.name().equalsIgnoreCase(t)) {
                return metric;
            }
        }
        throw new IllegalArgumentException(METRIC + " = " + text
                + ": the LSTM forecasts CPU_UTILISATION (cpu) or DIRTY_PAGES_PER_SECOND (dirty-rate)");
    }
}
