package io.ferry.simpool.internal;

import static io.ferry.policy.support.ConfigurationChecks.inRange;
import static io.ferry.policy.support.ConfigurationChecks.inRangeCompact;

import io.ferry.api.model.Capability;
import io.ferry.engine.LiveMigrationEngine;
import io.ferry.simcluster.WorkloadShape;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The validated form of a {@link SimulatedPoolConfiguration}: every attribute checked once, when the pool is
 * built, so that a bad {@code .cfg} value fails activation with one line ({@code name = value: must be …})
 * instead of surfacing later as a strange simulation.
 *
 * <p>Decides nothing about the pool itself; cost O(attributes + maintenance hosts).
 *
 * @param poolName               the pool's name
 * @param hosts                  number of hosts
 * @param vms                    number of VMs
 * @param seed                   the seed of everything random
 * @param hostCpus               CPUs per host
 * @param hostMemoryGiB          memory per host, GiB
 * @param vmMemoryGiB            the VM sizes to draw from, GiB
 * @param vmVcpus                the vCPU counts to draw from
 * @param haltedVms              how many VMs are halted
 * @param maintenanceHosts       hosts in maintenance, by index
 * @param overloadedHostFraction share of the hosts in service that start overloaded
 * @param antiAffinityTags       tag to the number of VMs that carry it, in configuration order
 * @param linkGbps               migration network bandwidth, Gbit/s
 * @param rttMs                  round-trip time, ms
 * @param timeScale              simulated seconds per wall second
 * @param tickMillis             wall milliseconds per simulation step
 * @param sampleSeconds          simulated seconds per telemetry sample
 * @param historySamples         samples kept per series
 * @param migrationFailureRate   probability of an injected failure per migration
 * @param dirtyPagesPerCpuSecond page writes per second per fully used vCPU
 * @param hotSetFraction         the hot set as a fraction of a VM's pages
 * @param hotSetSkew             Zipf exponent within the hot set
 * @param capabilities           what the simulated hypervisor offers
 * @param shape                  the synthetic workload's shape
 * @param traceDir               the PlanetLab trace directory, when traces drive the CPU
 * @param traceSecondsPerSample  simulated seconds per trace sample
 */
record PoolSettings(String poolName, int hosts, int vms, long seed, int hostCpus, int hostMemoryGiB,
        List<Integer> vmMemoryGiB, List<Integer> vmVcpus, int haltedVms, Set<Integer> maintenanceHosts,
        double overloadedHostFraction, Map<String, Integer> antiAffinityTags, double linkGbps, double rttMs,
        double timeScale, int tickMillis, int sampleSeconds, int historySamples, double migrationFailureRate,
        double dirtyPagesPerCpuSecond, double hotSetFraction, double hotSetSkew, Set<Capability> capabilities,
        WorkloadShape shape, Optional<Path> traceDir, double traceSecondsPerSample) {

    /** The most memory the telemetry ring buffers may take, in bytes (8 bytes per sample). */
    static final long MAX_TELEMETRY_BYTES = 256L << 20;

    private static final Pattern POOL_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    PoolSettings {
        vmMemoryGiB = List.copyOf(vmMemoryGiB);
        vmVcpus = List.copyOf(vmVcpus);
        maintenanceHosts = Set.copyOf(maintenanceHosts);
        antiAffinityTags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(antiAffinityTags));
        capabilities = Set.copyOf(capabilities);
    }

    /**
     * Reads and validates a configuration.
     *
     * @param config the configuration
     * @param raw    the raw properties it was converted from, to quote a value the converter could not read;
     *               empty when unknown (under DS)
     * @throws IllegalArgumentException naming the first bad attribute, its value and what is accepted
     */
    static PoolSettings from(SimulatedPoolConfiguration config, Map<String, ?> raw) {
        String poolName = read("pool.name", raw, config::pool_name, "a string");
        if (poolName == null || !POOL_NAME.matcher(poolName).matches()) {
            throw bad("pool.name", "'" + poolName + "'", "one or more letters, digits, '.', '_' or '-'");
        }
        int hosts = inRange("hosts", read("hosts", raw, config::hosts, "an integer"), 2, 1000);
        int vms = inRange("vms", read("vms", raw, config::vms, "an integer"), 1, 10_000);
        long seed = read("seed", raw, config::seed, "an integer");
        int hostCpus = inRange("hostCpus", read("hostCpus", raw, config::hostCpus, "an integer"), 1, 1024);
        int hostMemoryGiB = inRange("hostMemoryGiB", read("hostMemoryGiB", raw, config::hostMemoryGiB,
                "an integer"), 1, 65536);
        List<Integer> vmMemoryGiB = intList("vmMemoryGiB", read("vmMemoryGiB", raw, config::vmMemoryGiB,
                "a list of integers"), 1, hostMemoryGiB, "hostMemoryGiB");
        List<Integer> vmVcpus = intList("vmVcpus", read("vmVcpus", raw, config::vmVcpus, "a list of integers"), 1,
                hostCpus, "hostCpus");
        int haltedVms = inRange("haltedVms", read("haltedVms", raw, config::haltedVms, "an integer"), 0, vms);
        Set<Integer> maintenance = maintenanceHosts(read("maintenanceHosts", raw, config::maintenanceHosts,
                "a list of host names"), hosts);
        int inService = hosts - maintenance.size();
        double overloaded = inRangeCompact("overloadedHostFraction", read("overloadedHostFraction", raw,
                config::overloadedHostFraction, "a number"), 0, 1);
        Map<String, Integer> tags = antiAffinityTags(read("antiAffinityTags", raw, config::antiAffinityTags,
                "a list of tag=count pairs"), inService);
        double linkGbps = positiveUpTo("linkGbps", read("linkGbps", raw, config::linkGbps, "a number"), 1000);
        double rttMs = inRangeCompact("rttMs", read("rttMs", raw, config::rttMs, "a number"), 0, 1000);
        double timeScale = positiveUpTo("timeScale", read("timeScale", raw, config::timeScale, "a number"), 3600);
        int tickMillis = inRange("tickMillis", read("tickMillis", raw, config::tickMillis, "an integer"), 10,
                60_000);
        int sampleSeconds = inRange("sampleSeconds", read("sampleSeconds", raw, config::sampleSeconds,
                "an integer"), 1, 3600);
        int historySamples = inRange("historySamples", read("historySamples", raw, config::historySamples,
                "an integer"), 2, 100_000);
        long series = 3L * vms + 2L * hosts;
        long bytes = series * historySamples * Double.BYTES;
        if (bytes > MAX_TELEMETRY_BYTES) {
            throw bad("historySamples", historySamples, "must fit the ring buffers in "
                    + (MAX_TELEMETRY_BYTES >> 20) + " MiB (" + series + " series x " + historySamples
                    + " samples need " + (bytes >> 20) + " MiB; lower historySamples or vms)");
        }
        double failureRate = inRangeCompact("migrationFailureRate", read("migrationFailureRate", raw,
                config::migrationFailureRate, "a number"), 0, 1);
        double dirtyRate = inRangeCompact("dirtyPagesPerCpuSecond", read("dirtyPagesPerCpuSecond", raw,
                config::dirtyPagesPerCpuSecond, "a number"), 0, 1e7);
        double hotSetFraction = positiveUpTo("hotSetFraction", read("hotSetFraction", raw, config::hotSetFraction,
                "a number"), 1);
        double hotSetSkew = inRangeCompact("hotSetSkew", read("hotSetSkew", raw, config::hotSetSkew, "a number"), 0, 5);
        Set<Capability> capabilities = capabilities(read("capabilities", raw, config::capabilities,
                "a list of capability names"));
        WorkloadShape shape = new WorkloadShape(
                inRangeCompact("sinePeriodSeconds", read("sinePeriodSeconds", raw, config::sinePeriodSeconds, "a number"),
                        1, 86400),
                inRangeCompact("sineAmplitude", read("sineAmplitude", raw, config::sineAmplitude, "a number"), 0, 1),
                inRangeCompact("noiseAmplitude", read("noiseAmplitude", raw, config::noiseAmplitude, "a number"), 0, 1),
                inRangeCompact("burstProbability", read("burstProbability", raw, config::burstProbability, "a number"),
                        0, 1),
                inRangeCompact("burstHeight", read("burstHeight", raw, config::burstHeight, "a number"), 0, 1),
                inRangeCompact("burstSeconds", read("burstSeconds", raw, config::burstSeconds, "a number"), 1, 86400));
        Optional<Path> traceDir = traceDir(read("workloadTraceDir", raw, config::workloadTraceDir, "a path"));
        double traceSeconds = inRangeCompact("traceSecondsPerSample", read("traceSecondsPerSample", raw,
                config::traceSecondsPerSample, "a number"), 1, 86400);
        return new PoolSettings(poolName, hosts, vms, seed, hostCpus, hostMemoryGiB, vmMemoryGiB, vmVcpus,
                haltedVms, maintenance, overloaded, tags, linkGbps, rttMs, timeScale, tickMillis, sampleSeconds,
                historySamples, failureRate, dirtyRate, hotSetFraction, hotSetSkew, capabilities, shape, traceDir,
                traceSeconds);
    }

    /** @return the name of host {@code index}: {@code host-00}, {@code host-01}, … (wider past 100 hosts) */
    String hostName(int index) {
        return "host-" + pad(index, Math.max(2, digits(hosts - 1)));
    }

    /** @return the name of VM {@code index}: {@code vm-000}, {@code vm-001}, … (wider past 1000 VMs) */
    String vmName(int index) {
        return "vm-" + pad(index, Math.max(3, digits(vms - 1)));
    }

    /** @return the bandwidth of the migration network in bytes per second */
    double linkBytesPerSecond() {
        return linkGbps * 1e9 / 8;
    }

    /** @return simulated nanoseconds per tick */
    long tickNanos() {
        return Math.max(1, Math.round(tickMillis * timeScale * 1e6));
    }

    // ------------------------------------------------------------------ parsing

    private static <T> T read(String name, Map<String, ?> raw, Supplier<T> accessor, String expected) {
        try {
            return accessor.get();
        } catch (RuntimeException e) {
            Object value = raw.get(name);
            String shown = value == null ? "(unreadable)"
                    : value.getClass().isArray() ? arrayText(value) : String.valueOf(value);
            throw bad(name, shown, "must be " + expected);
        }
    }

    private static String arrayText(Object array) {
        int n = java.lang.reflect.Array.getLength(array);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add(String.valueOf(java.lang.reflect.Array.get(array, i)));
        }
        return String.join(",", parts);
    }

    /** Splits every element on commas, so that "1,2,4" and {"1", "2", "4"} read alike; drops blanks. */
    static List<String> elements(String[] values) {
        List<String> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (String v : values) {
            if (v == null) {
                continue;
            }
            for (String part : v.split(",")) {
                String p = part.trim();
                if (!p.isEmpty()) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static List<Integer> intList(String name, String[] values, int min, int max, String maxName) {
        List<String> parts = elements(values);
        String shown = String.join(",", parts);
        if (parts.isEmpty()) {
            throw bad(name, "''", "must list at least one integer");
        }
        List<Integer> out = new ArrayList<>();
        for (String p : parts) {
            int v;
            try {
                v = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw bad(name, shown, "must be integers in [" + min + ", " + max + "] (" + maxName + ")");
            }
            if (v < min || v > max) {
                throw bad(name, shown, "must be integers in [" + min + ", " + max + "] (" + maxName + ")");
            }
            out.add(v);
        }
        return out;
    }

    private static Set<Integer> maintenanceHosts(String[] values, int hosts) {
        List<String> names = elements(values);
        Set<Integer> out = new LinkedHashSet<>();
        int width = Math.max(2, digits(hosts - 1));
        for (String n : names) {
            int index = -1;
            if (n.startsWith("host-") && n.length() == 5 + width && n.substring(5).chars().allMatch(Character::isDigit)) {
                index = Integer.parseInt(n.substring(5));
            }
            if (index < 0 || index >= hosts) {
                throw bad("maintenanceHosts", String.join(",", names), "must name hosts host-" + pad(0, width)
                        + " to host-" + pad(hosts - 1, width) + " ('" + n + "' is not one)");
            }
            if (!out.add(index)) {
                throw bad("maintenanceHosts", String.join(",", names), "must name each host once ('" + n
                        + "' twice)");
            }
        }
        if (hosts - out.size() < 2) {
            throw bad("maintenanceHosts", String.join(",", names), "must leave at least 2 of the " + hosts
                    + " hosts in service");
        }
        return out;
    }

    private static Map<String, Integer> antiAffinityTags(String[] values, int inService) {
        List<String> parts = elements(values);
        String shown = String.join(",", parts);
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String p : parts) {
            int eq = p.lastIndexOf('=');
            String tag = eq > 0 ? p.substring(0, eq).trim() : "";
            int count;
            try {
                count = eq > 0 ? Integer.parseInt(p.substring(eq + 1).trim()) : -1;
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (tag.isEmpty() || tag.chars().anyMatch(Character::isWhitespace) || count < 1 || count > inService) {
                throw bad("antiAffinityTags", shown, "must be tag=count pairs with count in [1, " + inService
                        + "] (the hosts in service)");
            }
            if (out.put(tag, count) != null) {
                throw bad("antiAffinityTags", shown, "must name each tag once ('" + tag + "' twice)");
            }
        }
        return out;
    }

    private static Set<Capability> capabilities(String[] values) {
        List<String> names = elements(values);
        if (names.isEmpty()) {
            return LiveMigrationEngine.CAPABILITIES;
        }
        Set<Capability> out = EnumSet.noneOf(Capability.class);
        for (String n : names) {
            try {
                out.add(Capability.valueOf(n.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw bad("capabilities", String.join(",", names), "must be names from "
                        + Arrays.toString(Capability.values()) + " ('" + n + "' is not one)");
            }
        }
        if (!out.contains(Capability.PRE_COPY)) {
            throw bad("capabilities", String.join(",", names),
                    "must include PRE_COPY (every simulated hypervisor pre-copies)");
        }
        return out;
    }

    private static Optional<Path> traceDir(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path dir;
        try {
            dir = Path.of(value.trim());
        } catch (InvalidPathException e) {
            throw bad("workloadTraceDir", value, "must be a directory path");
        }
        if (!Files.isDirectory(dir)) {
            throw bad("workloadTraceDir", value, "must be an existing directory of trace files");
        }
        return Optional.of(dir);
    }

    private static double positiveUpTo(String name, double value, double max) {
        if (!(value > 0 && value <= max)) {
            throw bad(name, value, "must be in (0, " + fmt(max) + "]");
        }
        return value;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static IllegalArgumentException bad(String name, Object value, String requirement) {
        String req = requirement.startsWith("must") ? requirement : "must be " + requirement;
        return new IllegalArgumentException(name + " = " + value + ": " + req);
    }

    private static int digits(int n) {
        return Integer.toString(Math.max(0, n)).length();
    }

    private static String pad(int n, int width) {
        String s = Integer.toString(n);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
