package io.ferry.predictor.baseline.internal;

import io.ferry.api.model.Metric;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.osgi.util.converter.ConversionException;
import org.osgi.util.converter.Converters;

/**
 * Reads a factory's or a component's settings from a property map through the OSGi Converter, the
 * configuration interface holding the keys and the defaults, and turns a value that does not convert into one
 * line naming the key. Cost: a proxy per call; values convert when read.
 */
final class Settings {

    private Settings() {
    }

    /** @return {@code type} backed by {@code settings}, missing keys taking the interface's defaults */
    static <T> T convert(Map<String, ?> settings, Class<T> type) {
        return Converters.standardConverter().convert(settings == null ? Map.of() : settings).to(type);
    }

    /** @return the {@code metric} setting, refused in one line when it names no {@link Metric} */
    static Metric metric(Map<String, ?> settings, Supplier<Metric> read) {
        return read("metric", settings, read, "one of " + Arrays.toString(Metric.values()));
    }

    /** @return the {@code metrics} setting, refused in one line when a value names no {@link Metric} */
    static List<Metric> metrics(Map<String, ?> settings, Supplier<Metric[]> read) {
        Metric[] metrics = read("metrics", settings, read, "a list of " + Arrays.toString(Metric.values()));
        if (metrics.length == 0) {
            throw new IllegalArgumentException("metrics = []: name at least one metric");
        }
        return List.copyOf(new LinkedHashSet<>(Arrays.asList(metrics)));
    }

    /**
     * @param key      the setting read, for the message
     * @param settings where it came from
     * @param read     reads it (the converter converts on this call)
     * @param accepted what is accepted, in words
     * @throws IllegalArgumentException {@code key = value: must be accepted} when it does not convert
     */
    static <T> T read(String key, Map<String, ?> settings, Supplier<T> read, String accepted) {
        try {
            return read.get();
        } catch (ConversionException e) {
            throw new IllegalArgumentException(key + " = " + (settings == null ? null : settings.get(key))
                    + ": must be " + accepted);
        }
    }
}
