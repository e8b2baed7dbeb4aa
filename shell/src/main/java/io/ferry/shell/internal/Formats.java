package io.ferry.shell.internal;

import io.ferry.api.model.Capability;
import io.ferry.api.model.PoolId;
import io.ferry.controller.Selection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the {@code migration:*} commands write values: durations with their unit (totals in seconds, downtimes in
 * milliseconds), bytes in binary units, instants in UTC to the second, empty values as {@value #NONE}.
 * Locale-independent, so scripts reading {@code --no-format} output see the same text everywhere. Cost: O(1)
 * per value.
 */
final class Formats {

    /** What an empty cell shows. */
    static final String NONE = "-";
    /** Between a migration's source and target. */
    static final String ARROW = " → ";

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Formats() {
    }

    /** @return the items' texts joined by {@code ", "} */
    static String join(Collection<?> items) {
        return items.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** @return e.g. {@code pool web: policy hybrid, agent threshold, predictor none, dry-run off} */
    static String selection(PoolId pool, Selection s) {
        return "pool " + pool + ": policy " + s.policy() + ", agent " + s.agent() + ", predictor "
                + s.predictor().orElse("none") + ", dry-run " + onOff(s.dryRun());
    }

    static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    static String yesNo(boolean yes) {
        return yes ? "yes" : "no";
    }

    /** @return the capabilities in declaration order, or {@value #NONE} */
    static String capabilities(Set<Capability> capabilities) {
        return capabilities.isEmpty() ? NONE
                : capabilities.stream().sorted().map(Capability::name).collect(Collectors.joining(", "));
    }

    /** @return {@code 2025-03-01T10:15:30Z} */
    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String time(Optional<Instant> instant) {
        return instant.map(Formats::time).orElse(NONE);
    }

    /** @return e.g. {@code 12.4 s}; for totals and elapsed times */
    static String seconds(Duration d) {
        return seconds(d.toNanos() / 1e6);
    }

    /** @return e.g. {@code 12.4 s} */
    static String seconds(double ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1e3);
    }

    /** @return e.g. {@code 245.0 ms}; for downtimes */
    static String millis(Duration d) {
        return millis(d.toNanos() / 1e6);
    }

    /** @return e.g. {@code 245.0 ms} */
    static String millis(double ms) {
        return String.format(Locale.ROOT, "%.1f ms", ms);
    }

    /** @return e.g. {@code 1.5 GiB}, {@code 512 B} */
    static String bytes(long bytes) {
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** @return a fraction in [0, 1] as e.g. {@code 42%} */
    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    /** @return e.g. {@code host-a → host-b}, with {@value #NONE} for a missing end */
    static String route(Optional<?> source, Optional<?> target) {
        if (source.isEmpty() && target.isEmpty()) {
            return NONE;
        }
        return source.map(String::valueOf).orElse(NONE) + ARROW + target.map(String::valueOf).orElse(NONE);
    }

    /** @return the text, or {@value #NONE} when blank */
    static String orNone(String text) {
        return text == null || text.isBlank() ? NONE : text;
    }

    /** @return an enum constant as operators type it: {@code PRE_COPY} as {@code pre-copy} */
    static String word(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return a technique as the engine names it ({@code PRE_COPY+HYBRID}) in lower case, {@code pre-copy+hybrid} */
    static String technique(String technique) {
        return technique.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
