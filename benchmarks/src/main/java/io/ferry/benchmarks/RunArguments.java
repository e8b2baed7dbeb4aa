package io.ferry.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code key=value} arguments of the scenario runs' {@code main}s, each with a default the run documents. An
 * unknown key or a malformed value is an error that names it, never silently ignored. Cost: a map lookup per
 * read.
 */
final class RunArguments {

    private final Map<String, String> values = new LinkedHashMap<>();

    /**
     * @param args  {@code key=value} words
     * @param known the keys the run reads
     * @throws IllegalArgumentException naming a word that is not {@code key=value} or a key that is not known
     */
    RunArguments(String[] args, Set<String> known) {
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + a + "': must be key=value, keys " + known);
            }
            String key = a.substring(0, eq);
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "': keys are " + known);
            }
            values.put(key, a.substring(eq + 1));
        }
    }

    /** @return whether {@code key} was given */
    boolean has(String key) {
        return values.containsKey(key);
    }

    int integer(String key, int fallback, int min, int max) {
        String v = values.get(key);
        try {
            int i = v == null ? fallback : Integer.parseInt(v.trim());
            if (i < min || i > max) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = " + v + ": must be a whole number in [" + min + ", " + max
                    + "]");
        }
    }

    double number(String key, double fallback, double min, double max) {
        String v = values.get(key);
        try {
            double d = v == null ? fallback : Double.parseDouble(v.trim());
            if (!(d >= min && d <= max)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s = %s: must be a number in [%s, %s]",
                    key, v, min, max));
        }
    }

    String text(String key, String fallback) {
        String v = values.get(key);
        if (v != null && v.isBlank()) {
            throw new IllegalArgumentException(key + " = '" + v + "': must not be blank");
        }
        return v == null ? fallback : v.trim();
    }

    /** @return the comma-separated words of {@code key}, blanks dropped, at least one */
    List<String> list(String key, String fallback) {
        List<String> words = Arrays.stream(text(key, fallback).split(",")).map(String::trim)
                .filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            throw new IllegalArgumentException(key + " = " + values.get(key) + ": must name at least one");
        }
        return words;
    }

    long longValue(String key, long fallback) {
        String v = values.get(key);
        try {
            return v == null ? fallback : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = " + v + ": must be a whole number");
        }
    }
}
