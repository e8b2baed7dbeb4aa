package io.ferry.xapisim.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The faults a simulator injects, read from a Java properties file (see the module's README for the format).
 * Every draw is seeded, so a run with the same seed, configuration and sequence of calls injects the same
 * faults. The plan decides nothing itself; {@link FaultInjector} draws from it.
 *
 * @param seed                   the seed of the draws; empty: the simulator's seed
 * @param migrationFailureRate   probability that a migration fails part-way through pre-copy with
 *                               {@code VM_MIGRATE_FAILED}, its VM staying on the source
 * @param hostOfflineRate        probability that a migration's target host goes offline part-way through it
 * @param hostOfflineSeconds     how long a host taken offline by {@code hostOfflineRate} stays offline
 *                               (simulated seconds)
 * @param outages                scheduled host outages
 * @param slowReplyRate          probability that a reply is delayed
 * @param slowMillisMin          the shortest delay of a slow reply (wall milliseconds)
 * @param slowMillisMax          the longest such delay
 * @param sessionExpireCalls     a session becomes invalid after this many calls; 0 never
 * @param sessionExpireSeconds   ... or this many wall-clock seconds after login; 0 never
 * @param resetRate              probability that a call's connection is closed without a response
 * @param resetWhen              whether a reset strikes before the call takes effect, after it, or either
 */
public record FaultPlan(OptionalLong seed, double migrationFailureRate, double hostOfflineRate, double hostOfflineSeconds,
        List<Outage> outages, double slowReplyRate, long slowMillisMin, long slowMillisMax, long sessionExpireCalls,
        double sessionExpireSeconds, double resetRate, ResetWhen resetWhen) {

    /** Default length of an outage drawn by {@code host.offline-rate}, in simulated seconds. */
    static final double DEFAULT_OFFLINE_SECONDS = 30;
    /** Default delay of a slow reply, in wall milliseconds. */
    static final long DEFAULT_SLOW_MILLIS = 1000;
    /** The longest delay accepted, so that a typo cannot stall a client for hours. */
    static final long MAX_SLOW_MILLIS = 600_000;

    /** No faults at all. */
    public static final FaultPlan NONE = new FaultPlan(OptionalLong.empty(), 0, 0, DEFAULT_OFFLINE_SECONDS, List.of(), 0,
            DEFAULT_SLOW_MILLIS, DEFAULT_SLOW_MILLIS, 0, 0, 0, ResetWhen.EITHER);

    /** When a connection reset strikes. */
    public enum ResetWhen {
        /** Before the call is executed: it has no effect. */
        BEFORE,
        /** After the call is executed: it took effect, but its reply is lost. */
        AFTER,
        /** Either, drawn per reset with equal probability. */
        EITHER
    }

    /**
     * A scheduled outage.
     *
     * @param host       the host's name label (such as {@code host-01})
     * @param atSeconds  when it goes offline, simulated seconds after the start
     * @param forSeconds how long it stays offline; +∞ for good
     */
    public record Outage(String host, double atSeconds, double forSeconds) {
    }

    static final String SEED = "seed";
    static final String MIGRATION_FAILURE_RATE = "migration.failure-rate";
    static final String HOST_OFFLINE_RATE = "host.offline-rate";
    static final String HOST_OFFLINE_SECONDS = "host.offline-seconds";
    static final String HOST_OFFLINE_SCHEDULE = "host.offline-schedule";
    static final String REPLY_SLOW_RATE = "reply.slow-rate";
    static final String REPLY_SLOW_MILLIS = "reply.slow-millis";
    static final String SESSION_EXPIRE_CALLS = "session.expire-after-calls";
    static final String SESSION_EXPIRE_SECONDS = "session.expire-after-seconds";
    static final String CONNECTION_RESET_RATE = "connection.reset-rate";
    static final String CONNECTION_RESET_WHEN = "connection.reset-when";

    private static final Set<String> KEYS = Set.of(SEED, MIGRATION_FAILURE_RATE, HOST_OFFLINE_RATE,
            HOST_OFFLINE_SECONDS, HOST_OFFLINE_SCHEDULE, REPLY_SLOW_RATE, REPLY_SLOW_MILLIS, SESSION_EXPIRE_CALLS,
            SESSION_EXPIRE_SECONDS, CONNECTION_RESET_RATE, CONNECTION_RESET_WHEN);

    public FaultPlan {
        outages = List.copyOf(outages);
        rate(migrationFailureRate, MIGRATION_FAILURE_RATE);
        rate(hostOfflineRate, HOST_OFFLINE_RATE);
        rate(slowReplyRate, REPLY_SLOW_RATE);
        rate(resetRate, CONNECTION_RESET_RATE);
        if (!(hostOfflineSeconds > 0) || Double.isInfinite(hostOfflineSeconds)) {
            throw new IllegalArgumentException(HOST_OFFLINE_SECONDS + " = " + hostOfflineSeconds
                    + ": must be a finite number of seconds > 0");
        }
        if (slowMillisMin < 0 || slowMillisMax < slowMillisMin || slowMillisMax > MAX_SLOW_MILLIS) {
            throw new IllegalArgumentException(REPLY_SLOW_MILLIS + " = " + slowMillisMin + "-" + slowMillisMax
                    + ": must be MIN-MAX (or one number) with 0 <= MIN <= MAX <= " + MAX_SLOW_MILLIS);
        }
        if (sessionExpireCalls < 0) {
            throw new IllegalArgumentException(SESSION_EXPIRE_CALLS + " = " + sessionExpireCalls
                    + ": must be >= 0 (0 = never)");
        }
        if (!(sessionExpireSeconds >= 0) || Double.isInfinite(sessionExpireSeconds)) {
            throw new IllegalArgumentException(SESSION_EXPIRE_SECONDS + " = " + sessionExpireSeconds
                    + ": must be a finite number >= 0 (0 = never)");
        }
        if (resetWhen == null) {
            throw new IllegalArgumentException(CONNECTION_RESET_WHEN + ": must be before, after or either");
        }
    }

    /** @return whether any fault can strike */
    boolean any() {
        return migrationFailureRate > 0 || hostOfflineRate > 0 || !outages.isEmpty() || slowReplyRate > 0
                || sessionExpireCalls > 0 || sessionExpireSeconds > 0 || resetRate > 0;
    }

    /** Reads a fault file. */
    public static FaultPlan load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("faults = " + file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        return parse(p, file.toString());
    }

    /**
     * Parses properties.
     *
     * @param source what to name in error messages (a file name)
     * @throws IllegalArgumentException naming the key, the value and what is accepted
     */
    public static FaultPlan parse(Properties p, String source) {
        Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(source + ": unknown key(s) " + unknown + "; the keys are "
                    + new TreeSet<>(KEYS));
        }
        OptionalLong seed = get(p, SEED).map(v -> OptionalLong.of(parseLong(SEED, v))).orElse(OptionalLong.empty());
        double failure = get(p, MIGRATION_FAILURE_RATE).map(v -> parseDouble(MIGRATION_FAILURE_RATE, v)).orElse(0.0);
        double offline = get(p, HOST_OFFLINE_RATE).map(v -> parseDouble(HOST_OFFLINE_RATE, v)).orElse(0.0);
        double offlineSeconds = get(p, HOST_OFFLINE_SECONDS).map(v -> parseDouble(HOST_OFFLINE_SECONDS, v))
                .orElse(DEFAULT_OFFLINE_SECONDS);
        List<Outage> outages = get(p, HOST_OFFLINE_SCHEDULE).map(FaultPlan::parseSchedule).orElse(List.of());
        double slow = get(p, REPLY_SLOW_RATE).map(v -> parseDouble(REPLY_SLOW_RATE, v)).orElse(0.0);
        long[] millis = get(p, REPLY_SLOW_MILLIS).map(FaultPlan::parseRange)
                .orElse(new long[] {DEFAULT_SLOW_MILLIS, DEFAULT_SLOW_MILLIS});
        long calls = get(p, SESSION_EXPIRE_CALLS).map(v -> parseLong(SESSION_EXPIRE_CALLS, v)).orElse(0L);
        double seconds = get(p, SESSION_EXPIRE_SECONDS).map(v -> parseDouble(SESSION_EXPIRE_SECONDS, v)).orElse(0.0);
        double reset = get(p, CONNECTION_RESET_RATE).map(v -> parseDouble(CONNECTION_RESET_RATE, v)).orElse(0.0);
        ResetWhen when = get(p, CONNECTION_RESET_WHEN).map(v -> {
            try {
                return ResetWhen.valueOf(v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(CONNECTION_RESET_WHEN + " = " + v
                        + ": must be before, after or either", e);
            }
        }).orElse(ResetWhen.EITHER);
        return new FaultPlan(seed, failure, offline, offlineSeconds, outages, slow, millis[0], millis[1], calls,
                seconds, reset, when);
    }

    private static Optional<String> get(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static void rate(double value, String key) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(key + " = " + value + ": must be a probability in [0, 1]");
        }
    }

    private static double parseDouble(String key, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = " + v + ": must be a number", e);
        }
    }

    private static long parseLong(String key, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = " + v + ": must be an integer", e);
        }
    }

    private static long[] parseRange(String v) {
        String[] parts = v.split("-", -1);
        try {
            if (parts.length == 1) {
                long m = Long.parseLong(parts[0].trim());
                return new long[] {m, m};
            }
            if (parts.length == 2) {
                return new long[] {Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim())};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(REPLY_SLOW_MILLIS + " = " + v
                + ": must be MILLIS or MIN-MAX, such as 200-2000");
    }

    /** Parses {@code host-01@120+60, host-02@300} (name label @ start seconds [+ duration seconds]). */
    private static List<Outage> parseSchedule(String v) {
        List<Outage> out = new ArrayList<>();
        for (String item : v.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            int at = s.indexOf('@');
            if (at <= 0) {
                throw badOutage(s);
            }
            String host = s.substring(0, at).trim();
            String rest = s.substring(at + 1).trim();
            int plus = rest.indexOf('+');
            try {
                double start = Double.parseDouble(plus < 0 ? rest : rest.substring(0, plus).trim());
                double duration = plus < 0 ? Double.POSITIVE_INFINITY : Double.parseDouble(rest.substring(plus + 1).trim());
                if (!(start >= 0) || Double.isInfinite(start) || !(duration > 0)) {
                    throw badOutage(s);
                }
                out.add(new Outage(host, start, duration));
            } catch (NumberFormatException e) {
                throw badOutage(s);
            }
        }
        return out;
    }

    private static IllegalArgumentException badOutage(String s) {
        return new IllegalArgumentException(HOST_OFFLINE_SCHEDULE + " entry '" + s + "': must be "
                + "NAME@START[+DURATION] in simulated seconds, such as host-01@120+60");
    }
}
