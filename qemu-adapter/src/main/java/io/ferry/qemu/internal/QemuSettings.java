package io.ferry.qemu.internal;

import static io.ferry.policy.support.ConfigurationChecks.inRange;

import io.ferry.api.model.Capability;
import io.ferry.api.model.HostId;
import io.ferry.qemu.GuestSpec;
import io.ferry.qemu.RateStep;
import io.ferry.qemu.WriterMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated configuration of one QEMU pool: every attribute checked once, with a message that names it,
 * the rejected value and what is accepted.
 */
record QemuSettings(String poolName, String qemuBinary, String libraryPath, List<Path> dataDirs, String moduleDir,
        Path workDir, List<HostId> hosts, long hostMemoryBytes, Optional<Path> kernel, Optional<Path> initramfs,
        List<Placement> vms, String machine, String accel, String cpuModel, double bandwidthCapBytesPerSec,
        boolean autoConverge, boolean xbzrle, int multifdChannels, boolean postcopyPreempt, StopAndCopy stopAndCopy,
        Duration migrationTimeout, Duration postcopyTimeout, Duration pollInterval, Duration bootTimeout,
        Duration qmpTimeout, Duration heartbeatWait, Duration tailPeriod, Duration metricsInterval,
        int metricsSamples, Duration dirtyRateCalcTime, int dirtyRateSamplePages,
        double postcopyBandwidthCapBytesPerSec) {

    /** What a policy's stop-and-copy decision does on QEMU. */
    enum StopAndCopy {
        /** Raise downtime-limit to QEMU's maximum: QEMU pauses the guest and sends the rest at its next check. */
        FORCE,
        /** Leave QEMU's downtime limit: it stops when the rest fits, or the migration times out. */
        WAIT
    }

    /** A guest booted at activation on a given host. */
    record Placement(GuestSpec guest, HostId host) {
    }

    /** QEMU's largest downtime-limit, in ms (MAX_MIGRATE_DOWNTIME_SECONDS = 2000). */
    static final long QEMU_MAX_DOWNTIME_MILLIS = 2_000_000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    static QemuSettings from(QemuAdapterConfiguration c) {
        String pool = name("pool.name", c.pool_name());
        String binary = nonBlank("qemuBinary", c.qemuBinary());
        List<Path> dataDirs = new ArrayList<>();
        for (String d : list(c.qemuDataDirs())) {
            dataDirs.add(Path.of(d));
        }
        Path work = c.workDir() == null || c.workDir().isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "ferry-qemu-" + pool)
                : Path.of(c.workDir());
        List<String> hostNames = list(c.hosts());
        if (hostNames.size() < 2 || hostNames.size() > 64 || new LinkedHashSet<>(hostNames).size() != hostNames.size()) {
            throw new IllegalArgumentException("hosts = " + hostNames + ": must be 2 to 64 distinct names");
        }
        List<HostId> hosts = new ArrayList<>();
        for (String h : hostNames) {
            hosts.add(new HostId(name("hosts", h)));
        }
        long hostMemory = (long) inRange("hostMemoryMiB", c.hostMemoryMiB(), 64, 1 << 20) << 20;
        Optional<Path> kernel = optionalPath(c.kernel());
        Optional<Path> initramfs = optionalPath(c.initramfs());
        List<Placement> vms = new ArrayList<>();
        Set<String> vmNames = new LinkedHashSet<>();
        for (String spec : list(c.vms())) {
            Placement p = placement(spec);
            if (!hosts.contains(p.host())) {
                throw new IllegalArgumentException("vms: " + spec + ": host " + p.host() + " is not in hosts " + hosts);
            }
            if (!vmNames.add(p.guest().name())) {
                throw new IllegalArgumentException("vms: " + spec + ": VM name " + p.guest().name() + " appears twice");
            }
            vms.add(p);
        }
        if (!vms.isEmpty() && (kernel.isEmpty() || initramfs.isEmpty())) {
            throw new IllegalArgumentException("vms = " + vmNames + ": kernel and initramfs must be set to boot guests");
        }
        double cap = c.bandwidthCapMiBps();
        if (!(cap >= 1 && cap <= 100_000)) {
            throw new IllegalArgumentException("bandwidthCapMiBps = " + cap + ": must be in [1, 100000]");
        }
        double postcopyCap = c.postcopyBandwidthCapMiBps();
        if (!(postcopyCap >= 0 && postcopyCap <= 100_000)) {
            throw new IllegalArgumentException("postcopyBandwidthCapMiBps = " + postcopyCap
                    + ": must be in [0, 100000] (0: none, QEMU's default: unlimited)");
        }
        StopAndCopy stop;
        try {
            stop = StopAndCopy.valueOf(nonBlank("stopAndCopy", c.stopAndCopy()).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stopAndCopy = " + c.stopAndCopy() + ": must be FORCE or WAIT");
        }
        return new QemuSettings(pool, binary, c.qemuLibraryPath() == null ? "" : c.qemuLibraryPath().trim(),
                List.copyOf(dataDirs), c.qemuModuleDir() == null ? "" : c.qemuModuleDir().trim(), work,
                List.copyOf(hosts), hostMemory, kernel, initramfs, List.copyOf(vms),
                nonBlank("machine", c.machine()), nonBlank("accel", c.accel()), nonBlank("cpuModel", c.cpuModel()),
                cap * (1 << 20), c.autoConverge(), c.xbzrle(), inRange("multifdChannels", c.multifdChannels(), 0, 64),
                c.postcopyPreempt(), stop,
                Duration.ofSeconds(inRange("migrationTimeoutSeconds", c.migrationTimeoutSeconds(), 1, 86_400)),
                Duration.ofSeconds(inRange("postcopyTimeoutSeconds", c.postcopyTimeoutSeconds(), 1, 86_400)),
                Duration.ofMillis(inRange("pollIntervalMillis", c.pollIntervalMillis(), 10, 5000)),
                Duration.ofSeconds(inRange("bootTimeoutSeconds", c.bootTimeoutSeconds(), 1, 3600)),
                Duration.ofMillis(inRange("qmpTimeoutMillis", c.qmpTimeoutMillis(), 100, 600_000)),
                Duration.ofMillis(inRange("heartbeatWaitMillis", c.heartbeatWaitMillis(), 0, 600_000)),
                Duration.ofMillis(inRange("tailPeriodMillis", c.tailPeriodMillis(), 1, 1000)),
                Duration.ofSeconds(inRange("metricsIntervalSeconds", c.metricsIntervalSeconds(), 0, 3600)),
                inRange("metricsSamples", c.metricsSamples(), 1, 100_000),
                Duration.ofMillis(inRange("dirtyRateCalcMillis", c.dirtyRateCalcMillis(), 100, 60_000)),
                inRange("dirtyRateSamplePages", c.dirtyRateSamplePages(), 128, 16_384), postcopyCap * (1 << 20));
    }

    /**
     * @return the post-copy cap for a request whose link asks for {@code requested} bytes/s (0: nothing asked):
     *         the lower of that and this pool's {@code postcopyBandwidthCapMiBps}, ignoring whichever is 0; 0 when
     *         neither asks (QEMU's default, unlimited)
     */
    double postcopyCapFor(double requested) {
        if (requested > 0 && postcopyBandwidthCapBytesPerSec > 0) {
            return Math.min(requested, postcopyBandwidthCapBytesPerSec);
        }
        return Math.max(requested, postcopyBandwidthCapBytesPerSec);
    }

    /**
     * @return the caps in words for {@code migration:status}: "bandwidth cap 64 MiB/s pre-copy, post-copy unlimited
     *         (QEMU default)", or with a post-copy cap "..., post-copy 32 MiB/s (max-postcopy-bandwidth)"; a pool
     *         without post-copy (multifd) names the pre-copy cap only
     */
    String bandwidthCaps() {
        String pre = "bandwidth cap " + mib(bandwidthCapBytesPerSec) + " MiB/s pre-copy";
        if (multifdChannels > 0) {
            return pre + " (no post-copy with multifd)";
        }
        return pre + (postcopyBandwidthCapBytesPerSec > 0
                ? ", post-copy " + mib(postcopyBandwidthCapBytesPerSec) + " MiB/s (max-postcopy-bandwidth)"
                : ", post-copy unlimited (QEMU default)");
    }

    private static String mib(double bytesPerSec) {
        double m = bytesPerSec / (1 << 20);
        return m == Math.rint(m) ? Long.toString((long) m) : String.format(Locale.ROOT, "%.1f", m);
    }

    /** @return what this pool's QEMU can do with these settings (never PAGE_ORDER: QEMU orders pages itself) */
    Set<Capability> capabilities() {
        Set<Capability> caps = EnumSet.of(Capability.PRE_COPY, Capability.ROUND_CONTROL, Capability.DOWNTIME_LIMIT,
                Capability.BANDWIDTH_LIMIT, Capability.DIRTY_RATE_METRIC, Capability.CANCEL);
        if (multifdChannels == 0) {
            caps.add(Capability.POST_COPY);
            caps.add(Capability.POSTCOPY_SWITCH);
        }
        return caps;
    }

    /**
     * Parses one {@code vms} entry: {@code name@host;key=value;...}.
     *
     * @throws IllegalArgumentException naming the entry and the bad key or value
     */
    static Placement placement(String spec) {
        String[] parts = spec.trim().split(";");
        String head = parts[0].trim();
        int at = head.indexOf('@');
        if (at <= 0 || at == head.length() - 1) {
            throw new IllegalArgumentException("vms: " + spec + ": must start with name@host");
        }
        String vmName = head.substring(0, at);
        HostId host = new HostId(name("vms", head.substring(at + 1)));
        int memory = 256;
        int workload = 128;
        WriterMode mode = WriterMode.IDLE;
        long rate = 0;
        Integer hot = null;
        int hotPct = GuestSpec.DEFAULT_HOT_PERCENT;
        List<RateStep> sched = List.of();
        int hb = GuestSpec.DEFAULT_HEARTBEAT_MILLIS;
        int check = GuestSpec.DEFAULT_CHECK_SECONDS;
        long seed = 1;
        try {
            for (int i = 1; i < parts.length; i++) {
                String kv = parts[i].trim();
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("'" + kv + "' is not key=value");
                }
                String key = kv.substring(0, eq).trim();
                String value = kv.substring(eq + 1).trim();
                switch (key) {
                    case "memory" -> memory = Integer.parseInt(value);
                    case "workload" -> workload = Integer.parseInt(value);
                    case "mode" -> mode = mode(value);
                    case "rate" -> rate = Long.parseLong(value);
                    case "hot" -> hot = Integer.parseInt(value);
                    case "hotpct" -> hotPct = Integer.parseInt(value);
                    case "sched" -> sched = schedule(value);
                    case "hb" -> hb = Integer.parseInt(value);
                    case "check" -> check = Integer.parseInt(value);
                    case "seed" -> seed = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown key '" + key
                            + "' (memory, workload, mode, rate, hot, hotpct, sched, hb, check, seed)");
                }
            }
            GuestSpec guest = new GuestSpec(vmName, memory, workload, mode, rate,
                    hot == null ? Math.min(16, workload) : hot, hotPct, sched, hb, check, seed);
            return new Placement(guest, host);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("vms: " + spec + ": " + e.getMessage() + " is not a number");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("vms: " + spec + ": " + e.getMessage());
        }
    }

    private static WriterMode mode(String value) {
        for (WriterMode m : WriterMode.values()) {
            if (m.kernelName().equalsIgnoreCase(value) || m.name().equalsIgnoreCase(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("mode = " + value + ": must be idle, uniform, sweep or hotcold");
    }

    private static List<RateStep> schedule(String value) {
        List<RateStep> steps = new ArrayList<>();
        for (String step : value.split("/")) {
            String[] rs = step.split(":");
            if (rs.length != 2) {
                throw new IllegalArgumentException("sched = " + value + ": must be rate:seconds/rate:seconds/...");
            }
            steps.add(new RateStep(Long.parseLong(rs[0].trim()), Integer.parseInt(rs[1].trim())));
        }
        return steps;
    }

    private static List<String> list(String[] values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                if (v == null) {
                    continue;
                }
                for (String s : v.split(",")) {
                    if (!s.isBlank()) {
                        out.add(s.trim());
                    }
                }
            }
        }
        return out;
    }

    private static Optional<Path> optionalPath(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.trim()));
    }

    private static String name(String attribute, String value) {
        if (value == null || !NAME.matcher(value.trim()).matches()) {
            throw new IllegalArgumentException(
                    attribute + " = " + value + ": must be 1-64 letters, digits, '.', '_' or '-'");
        }
        return value.trim();
    }

    private static String nonBlank(String attribute, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(attribute + " must not be blank");
        }
        return value.trim();
    }
}
