package io.ferry.predictor.lstm;

import io.ferry.api.model.Metric;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models shipped inside this jar (resources {@value #CPU_RESOURCE} and {@value #DIRTY_RATE_RESOURCE}, trained
 * with {@code ./ferry train} at seed 42, their provenance inside): each read once, on first use (≈50 ms), and cached.
 * Thread-safe.
 */
public final class ShippedModels {

    /** The CPU model's resource. */
    public static final String CPU_RESOURCE = "models/lstm-cpu.zip";
    /** The dirty-rate model's resource. */
    public static final String DIRTY_RATE_RESOURCE = "models/lstm-dirty-rate.zip";

    private static final Map<Metric, LstmModel> LOADED = new ConcurrentHashMap<>();

    private ShippedModels() {
    }

    /** @return the shipped {@link Metric#CPU_UTILISATION} model */
    public static LstmModel cpu() {
        return cached(Metric.CPU_UTILISATION, CPU_RESOURCE);
    }

    /** @return the shipped {@link Metric#DIRTY_PAGES_PER_SECOND} model */
    public static LstmModel dirtyRate() {
        return cached(Metric.DIRTY_PAGES_PER_SECOND, DIRTY_RATE_RESOURCE);
    }

    /**
     * @return the shipped model for {@code metric}
     * @throws IllegalArgumentException for a metric no shipped model forecasts
     */
    public static LstmModel forMetric(Metric metric) {
        return switch (metric) {
            case CPU_UTILISATION -> cpu();
            case DIRTY_PAGES_PER_SECOND -> dirtyRate();
            default -> throw new IllegalArgumentException("metric = " + metric
                    + ": no shipped LSTM model; shipped: CPU_UTILISATION, DIRTY_PAGES_PER_SECOND");
        };
    }

    static LstmModel load(String resource, Metric metric) {
        try (InputStream in = ShippedModels.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw ModelFileException.missing(resource + " (inside the predictor-lstm jar)");
            }
            return LstmModel.read(in, resource).requireMetric(metric);
        } catch (IOException e) {
            throw new UncheckedIOException(resource + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /*
     * A map rather than holder classes: a missing or broken resource then fails every call with the same
     * ModelFileException (a holder class would fail once with ExceptionInInitializerError and then with
     * NoClassDefFoundError, which names nothing). Only successful reads are cached.
     */
    private static LstmModel cached(Metric metric, String resource) {
        return LOADED.computeIfAbsent(metric, m -> load(resource, m));
    }
}
