package io.ferry.controller.internal;

import io.ferry.api.model.LinkSpec;
import io.ferry.controller.Selection;
import io.ferry.guard.GuardRules;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.util.converter.ConversionException;
import org.osgi.util.converter.Converter;
import org.osgi.util.converter.Converters;

/**
 * The settings of one pool: its selection, its cycle, its guard and what the controller assumes about its
 * migrations where the hypervisor does not say. Read from a factory configuration of {@code io.ferry.pool}
 * ({@code etc/io.ferry.pool-NAME.cfg} in Karaf); every key has a default, so a pool without configuration runs with
 * these:
 *
 * <table>
 * <caption>Keys of io.ferry.pool-NAME.cfg</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>pool.name</td><td>the PID's name</td><td>the pool (an adapter's {@code pool.name})</td></tr>
 * <tr><td>policy</td><td>precopy</td><td>the active migration policy</td></tr>
 * <tr><td>agent</td><td>threshold</td><td>the active agent</td></tr>
 * <tr><td>predictor</td><td>(none)</td><td>the active predictor</td></tr>
 * <tr><td>dryRun</td><td>false</td><td>record decisions, execute nothing</td></tr>
 * <tr><td>intervalSeconds</td><td>10</td><td>time between control cycles, 1–3600</td></tr>
 * <tr><td>maxConcurrentPerPool</td><td>2</td><td>migrations in flight in the pool, 1–64</td></tr>
 * <tr><td>maxConcurrentPerHost</td><td>1</td><td>migrations in flight per host (in or out), 1–16</td></tr>
 * <tr><td>cooldownSeconds</td><td>600</td><td>a VM that moved is left alone this long, 0–86400</td></tr>
 * <tr><td>failureBackoffSeconds</td><td>300</td><td>a VM whose migration failed is skipped this long</td></tr>
 * <tr><td>hotThreshold</td><td>0.8</td><td>hysteresis: a source host must be at least this busy…</td></tr>
 * <tr><td>holdSeconds</td><td>20</td><td>… for at least this long before a VM leaves it, 0–3600</td></tr>
 * <tr><td>minImprovement</td><td>0.05</td><td>… and the move must narrow the CPU gap by this much</td></tr>
 * <tr><td>antiAffinityPrefix</td><td>aa:</td><td>VM tags with this prefix name anti-affinity groups</td></tr>
 * <tr><td>migrationTimeoutSeconds</td><td>900</td><td>cancel a migration still running after this</td></tr>
 * <tr><td>linkGbps</td><td>1</td><td>migration link when the adapter does not know it</td></tr>
 * <tr><td>rttMs</td><td>0.5</td><td>… its round-trip time</td></tr>
 * <tr><td>downtimeBudgetMs</td><td>300</td><td>SLA downtime budget handed to policies</td></tr>
 * <tr><td>pageSizeBytes</td><td>4096</td><td>guest page size</td></tr>
 * <tr><td>executionStateBytes</td><td>1048576</td><td>CPU and device state sent during the pause</td></tr>
 * <tr><td>inferredDirtyPagesPerCpuSecond</td><td>2000</td><td>where the hypervisor measures no dirty rate
 * (XenServer), assume this many page writes per busy vCPU-second</td></tr>
 * <tr><td>forecastSteps</td><td>6</td><td>steps ahead the selected predictor forecasts per migration request</td></tr>
 * <tr><td>forecastLedger</td><td>2000</td><td>forecasts kept until their round arrives, to audit them against what
 * happened</td></tr>
 * </table>
 *
 * <p>The defaults are those of {@link PoolConfiguration}, the pool's typed OCD; those of the guard's keys are
 * {@link GuardRules#defaults()}'s, and {@link #guardRules()} hands them to the pool's {@link io.ferry.guard.Guard}.
 */
record PoolSettings(String pool, String policy, String agent, Optional<String> predictor, boolean dryRun,
        Duration interval, int maxConcurrentPerPool, int maxConcurrentPerHost, Duration cooldown,
        Duration failureBackoff, double hotThreshold, Duration hold, double minImprovement,
        String antiAffinityPrefix, Duration migrationTimeout, LinkSpec link, Duration downtimeBudget,
        int pageSizeBytes, long executionStateBytes, double inferredDirtyPagesPerCpuSecond, int forecastSteps,
        int forecastLedger) {

    private static final Converter CONVERTER = Converters.standardConverter();
    /** The defaults, read from the OCD. */
    private static final PoolConfiguration D = CONVERTER.convert(Map.of()).to(PoolConfiguration.class);

    /** @return the defaults for a pool without configuration */
    static PoolSettings defaults(String pool) {
        return parse(Map.of("pool.name", pool), pool);
    }

    /**
     * The pool's guard rules: every rule on (a controller pool has no switch to turn its guard off), with this
     * pool's limits. Cost: one small record per call.
     *
     * @return the rules the pool's guard applies
     */
    GuardRules guardRules() {
        return new GuardRules(true, maxConcurrentPerPool, maxConcurrentPerHost, cooldown, failureBackoff, true,
                hotThreshold, hold, minImprovement, antiAffinityPrefix);
    }

    /** @return the selection these settings carry */
    Selection selection() {
        return new Selection(policy, agent, predictor, dryRun);
    }

    /** @return these settings with another selection */
    PoolSettings with(Selection s) {
        return new PoolSettings(pool, s.policy(), s.agent(), s.predictor(), s.dryRun(), interval,
                maxConcurrentPerPool, maxConcurrentPerHost, cooldown, failureBackoff, hotThreshold, hold,
                minImprovement, antiAffinityPrefix, migrationTimeout, link, downtimeBudget, pageSizeBytes,
                executionStateBytes, inferredDirtyPagesPerCpuSecond, forecastSteps, forecastLedger);
    }

    /**
     * Parses configuration properties, every key optional.
     *
     * @param properties  the configuration
     * @param defaultPool the pool name when {@code pool.name} is absent (the name of the factory PID)
     * @throws IllegalArgumentException naming the first offending key, its value and what is accepted
     */
    static PoolSettings parse(Map<String, ?> properties, String defaultPool) {
        for (String key : new java.util.TreeSet<>(properties.keySet())) {
            if (!KEYS.contains(key) && !framework(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "': keys are " + String.join(", ", KEYS));
            }
        }
        if (properties.containsKey(FILE_KEY) && persistable(properties).keySet().stream()
                .allMatch(k -> k.equals("pool.name"))) {
            throw new IllegalArgumentException(properties.get(FILE_KEY) + " has no settings: an empty file resets "
                    + "nothing; delete it to return the pool to the defaults");
        }
        Props p = new Props(properties);
        String pool = p.string("pool.name", defaultPool);
        if (pool == null || pool.isBlank()) {
            throw new IllegalArgumentException("pool.name is missing: name the pool this configuration is for");
        }
        String predictor = p.string("predictor", D.predictor());
        return new PoolSettings(pool,
                p.name("policy", D.policy()),
                p.name("agent", D.agent()),
                predictor.isBlank() ? Optional.empty() : Optional.of(p.name("predictor", "")),
                p.bool("dryRun", D.dryRun()),
                Duration.ofMillis(Math.round(p.number("intervalSeconds", D.intervalSeconds(), 1, 3600) * 1000)),
                (int) p.integer("maxConcurrentPerPool", D.maxConcurrentPerPool(), 1, 64),
                (int) p.integer("maxConcurrentPerHost", D.maxConcurrentPerHost(), 1, 16),
                Duration.ofSeconds(p.integer("cooldownSeconds", D.cooldownSeconds(), 0, 86400)),
                Duration.ofSeconds(p.integer("failureBackoffSeconds", D.failureBackoffSeconds(), 0, 86400)),
                p.number("hotThreshold", D.hotThreshold(), 0, 1),
                Duration.ofSeconds(p.integer("holdSeconds", D.holdSeconds(), 0, 3600)),
                p.number("minImprovement", D.minImprovement(), 0, 1),
                p.string("antiAffinityPrefix", D.antiAffinityPrefix()),
                Duration.ofSeconds(p.integer("migrationTimeoutSeconds", D.migrationTimeoutSeconds(), 1, 86400)),
                new LinkSpec(p.number("linkGbps", D.linkGbps(), 0.001, 400) * 1e9 / 8,
                        Duration.ofNanos(Math.round(p.number("rttMs", D.rttMs(), 0, 1000) * 1e6)), 1),
                Duration.ofMillis(p.integer("downtimeBudgetMs", D.downtimeBudgetMs(), 1, 600_000)),
                (int) p.powerOfTwo("pageSizeBytes", D.pageSizeBytes(), 512, 2 << 20),
                p.integer("executionStateBytes", D.executionStateBytes(), 0, 1L << 34),
                p.number("inferredDirtyPagesPerCpuSecond", D.inferredDirtyPagesPerCpuSecond(), 0, 1e7),
                (int) p.integer("forecastSteps", D.forecastSteps(), 1, 1000),
                (int) p.integer("forecastLedger", D.forecastLedger(), 1, 1_000_000));
    }

    /** The key Karaf's file install adds: which {@code .cfg} file a configuration came from. */
    static final String FILE_KEY = "felix.fileinstall.filename";

    /** The keys of {@code io.ferry.pool}: the OCD's attributes ({@code a_b} is {@code a.b}) and the revision. */
    static final java.util.SortedSet<String> KEYS;

    static {
        java.util.SortedSet<String> keys = new java.util.TreeSet<>();
        for (java.lang.reflect.Method m : PoolConfiguration.class.getDeclaredMethods()) {
            keys.add(m.getName().replace('_', '.'));
        }
        keys.add(Controller.REVISION_KEY);
        KEYS = java.util.Collections.unmodifiableSortedSet(keys);
    }

    /** @return whether Configuration Admin, Karaf or file install put this key there (not the operator) */
    static boolean framework(String key) {
        return key.startsWith("service.") || key.startsWith("felix.") || key.startsWith("component.")
                || key.startsWith("org.apache.karaf.");
    }

    /** @return the operator's keys of a configuration, without those the framework adds */
    static Map<String, Object> persistable(Map<String, ?> properties) {
        Map<String, Object> out = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (!framework(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** @return the properties that persist a selection */
    static Map<String, Object> selectionProperties(Selection s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", s.policy());
        m.put("agent", s.agent());
        m.put("predictor", s.predictor().orElse(""));
        m.put("dryRun", s.dryRun());
        return m;
    }

    /** Typed, range-checked access to configuration values, each failure naming its key. */
    private static final class Props {
        private final Map<String, ?> map;

        Props(Map<String, ?> map) {
            this.map = map;
        }

        String string(String key, String fallback) {
            Object v = map.get(key);
            return v == null ? fallback : String.valueOf(v).trim();
        }

        String name(String key, String fallback) {
            String v = string(key, fallback);
            if (!v.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException(key + " = " + v
                        + ": must be a name of letters, digits, '.', '_' or '-'");
            }
            return v;
        }

        boolean bool(String key, boolean fallback) {
            Object v = map.get(key);
            if (v == null) {
                return fallback;
            }
            String s = String.valueOf(v).trim();
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(s);
            }
            throw new IllegalArgumentException(key + " = " + s + ": must be true or false");
        }

        double number(String key, double fallback, double min, double max) {
            Object v = map.get(key);
            double d;
            try {
                d = v == null ? fallback : CONVERTER.convert(v).to(Double.class);
            } catch (ConversionException | NumberFormatException e) {
                throw new IllegalArgumentException(key + " = " + v + ": must be a number in [" + fmt(min) + ", "
                        + fmt(max) + "]");
            }
            if (!(d >= min && d <= max)) {
                throw new IllegalArgumentException(key + " = " + v + ": must be a number in [" + fmt(min) + ", "
                        + fmt(max) + "]");
            }
            return d;
        }

        long integer(String key, long fallback, long min, long max) {
            Object v = map.get(key);
            long l;
            try {
                l = v == null ? fallback : CONVERTER.convert(v).to(Long.class);
            } catch (ConversionException | NumberFormatException e) {
                throw new IllegalArgumentException(key + " = " + v + ": must be a whole number in [" + min + ", "
                        + max + "]");
            }
            if (l < min || l > max) {
                throw new IllegalArgumentException(key + " = " + v + ": must be a whole number in [" + min + ", "
                        + max + "]");
            }
            return l;
        }

        long powerOfTwo(String key, long fallback, long min, long max) {
            long l = integer(key, fallback, min, max);
            if (Long.bitCount(l) != 1) {
                throw new IllegalArgumentException(key + " = " + l + ": must be a power of two in [" + min + ", "
                        + max + "]");
            }
            return l;
        }

        private static String fmt(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }
}
