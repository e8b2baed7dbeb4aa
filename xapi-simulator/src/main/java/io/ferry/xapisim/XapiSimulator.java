package io.ferry.xapisim;

import io.ferry.xapisim.internal.FaultPlan;
import io.ferry.xapisim.internal.SimSettings;
import io.ferry.xapisim.internal.SimulatorServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.LongSupplier;

/**
 * A simulated XenServer / XCP-ng pool behind a real XML-RPC server on loopback that speaks xapi's wire format
 * (API 2.14, XenServer 8.1), so that the unmodified XenAPI SDK, and so Ferry's {@code xen-adapter}, run
 * against it: login, records of hosts, VMs and their metrics, {@code VM.pool_migrate} (sync and async),
 * tasks, {@code event.from} and {@code /rrd_updates}, with xapi's checks, error codes and faults injected on
 * demand.
 *
 * <p>What it decides: where each VM runs and when a migration ends. A migration runs in Ferry's page-level
 * engine under Xen's own pre-copy rule (at most 5 rounds, stop below 50 dirty pages), its guest dirtying
 * memory as its workload says; the VM's {@code resident_on} changes only when the migration completes. What it
 * does not model: storage, networks, VM lifecycle (start, shutdown), cross-pool migration, HA.
 *
 * <p>Cost: one loopback listener per host (plus one thread per call in flight); nothing runs between calls.
 * When not to use it: to measure an adapter's speed (it answers in microseconds, where a real pool takes
 * milliseconds), or for anything a real pool must confirm. Thread-safe.
 *
 * <pre>{@code
 * try (XapiSimulator sim = XapiSimulator.builder().hosts(4).vms(12).build().start()) {
 *     Connection c = new Connection(new URL(sim.url()));
 *     Session.loginWithPassword(c, sim.user(), sim.password());
 * }
 * }</pre>
 */
public final class XapiSimulator implements AutoCloseable {

    /** Default number of hosts. */
    public static final int DEFAULT_HOSTS = 4;
    /** Default number of guest VMs (control domains and templates not counted). */
    public static final int DEFAULT_VMS = 12;
    /** Default number of halted guests. */
    public static final int DEFAULT_HALTED_VMS = 1;
    /** Default number of templates. */
    public static final int DEFAULT_TEMPLATES = 1;
    /** Default seed. */
    public static final long DEFAULT_SEED = 42;
    /** Default user name, as on a fresh XenServer install. */
    public static final String DEFAULT_USER = "root";
    /** Default password. */
    public static final String DEFAULT_PASSWORD = "xenroot";
    /** Default time scale: simulated time runs with wall time. */
    public static final double DEFAULT_TIME_SCALE = 1.0;
    /** Default physical CPUs per host. */
    public static final int DEFAULT_HOST_CPUS = 16;
    /** Default memory sizes a guest draws from, GiB. */
    public static final List<Integer> DEFAULT_VM_MEMORY_GIB = List.of(1, 2, 4);
    /** Default vCPU counts a guest draws from. */
    public static final List<Integer> DEFAULT_VM_VCPUS = List.of(1, 2, 4);
    /** Default memory of each host's control domain, MiB. */
    public static final int DEFAULT_CONTROL_DOMAIN_MEMORY_MIB = 2048;
    /** Default bandwidth of the migration network (a 1 GbE management network), Gbit/s. */
    public static final double DEFAULT_LINK_GBPS = 1.0;
    /** Default round-trip time between hosts, ms. */
    public static final double DEFAULT_RTT_MS = 0.5;
    /** Default page writes per second of a guest per fully used vCPU. */
    public static final double DEFAULT_DIRTY_PAGES_PER_CPU_SECOND = 5000;
    /** Default share of a guest's pages its writes fall on while it migrates. */
    public static final double DEFAULT_HOT_SET_FRACTION = 0.1;
    /** Default Zipf exponent of those writes. */
    public static final double DEFAULT_HOT_SET_SKEW = 0.8;
    /** Default simulated seconds per PlanetLab trace sample. */
    public static final double DEFAULT_TRACE_SECONDS_PER_SAMPLE = 300;
    /** Default pool name. */
    public static final String DEFAULT_POOL_NAME = "ferry-sim";

    private final SimulatorServer server;
    private final SimSettings settings;

    private XapiSimulator(SimSettings settings) {
        this.settings = settings;
        this.server = new SimulatorServer(settings);
    }

    /** @return a builder with every default */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port(s), builds the pool and starts answering. Returns once calls are accepted.
     *
     * @return this
     * @throws IOException              when the port cannot be bound
     * @throws IllegalArgumentException when the pool cannot be built (VMs that do not fit, unusable traces,
     *                                  an outage naming an unknown host)
     */
    public XapiSimulator start() throws IOException {
        server.start();
        return this;
    }

    /** @return the TCP port, once started */
    public int port() {
        return server.port();
    }

    /** @return the pool master's URL, {@code http://127.0.0.1:PORT/}, for {@code new Connection(new URL(url))} */
    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    /** @return each host's address (the {@code address} field of its record), in host order */
    public List<String> hostAddresses() {
        return server.addresses();
    }

    /** @return the user name logins accept */
    public String user() {
        return settings.user();
    }

    /** @return the password logins accept */
    public String password() {
        return settings.password();
    }

    /** @return every migration accepted so far, oldest first, with the ground truth of where its VM ended */
    public List<MigrationRecord> migrations() {
        return server.migrations();
    }

    /**
     * @return the injected faults that struck so far, by kind: {@code MIGRATION_FAILED}, {@code HOST_OFFLINE},
     *         {@code SLOW_REPLY}, {@code SESSION_EXPIRED}, {@code CONNECTION_RESET}
     */
    public Map<String, Long> faultsInjected() {
        return server.faultsInjected();
    }

    /** Stops answering and releases the port(s); calls in flight end. Idempotent. */
    @Override
    public void close() {
        server.close();
    }

    /** The server, for this module's tests (request capture, ground truth). */
    SimulatorServer server() {
        return server;
    }

    /**
     * Settings of a simulator. Every attribute has a default (the {@code DEFAULT_} constants); {@link #build()}
     * validates them all and names the first one out of range.
     */
    public static final class Builder {
        private int hosts = DEFAULT_HOSTS;
        private int vms = DEFAULT_VMS;
        private int haltedVms = DEFAULT_HALTED_VMS;
        private int templates = DEFAULT_TEMPLATES;
        private long seed = DEFAULT_SEED;
        private String user = DEFAULT_USER;
        private String password = DEFAULT_PASSWORD;
        private double timeScale = DEFAULT_TIME_SCALE;
        private Path traceDir;
        private double traceSecondsPerSample = DEFAULT_TRACE_SECONDS_PER_SAMPLE;
        private int hostCpus = DEFAULT_HOST_CPUS;
        private int hostMemoryGiB;
        private List<Integer> vmMemoryGiB = DEFAULT_VM_MEMORY_GIB;
        private List<Integer> vmVcpus;
        private int controlDomainMemoryMiB = DEFAULT_CONTROL_DOMAIN_MEMORY_MIB;
        private double linkGbps = DEFAULT_LINK_GBPS;
        private double rttMs = DEFAULT_RTT_MS;
        private double dirtyPagesPerCpuSecond = DEFAULT_DIRTY_PAGES_PER_CPU_SECOND;
        private double hotSetFraction = DEFAULT_HOT_SET_FRACTION;
        private double hotSetSkew = DEFAULT_HOT_SET_SKEW;
        private FaultPlan faults = FaultPlan.NONE;
        private int port;
        private boolean hostListeners = true;
        private LongSupplier clock = System::nanoTime;
        private Instant epoch;
        private String poolName = DEFAULT_POOL_NAME;

        private Builder() {
        }

        /** @param hosts hosts in the pool, 2 to 1000 (default 4); host 0 is the master */
        public Builder hosts(int hosts) {
            this.hosts = hosts;
            return this;
        }

        /** @param vms guest VMs, 1 to 10000 (default 12), named vm-00, vm-01, ... */
        public Builder vms(int vms) {
            this.vms = vms;
            return this;
        }

        /** @param haltedVms how many guests are halted, 0 to {@code vms} (default 1), chosen with the seed */
        public Builder haltedVms(int haltedVms) {
            this.haltedVms = haltedVms;
            return this;
        }

        /** @param templates default templates in the pool (halted, {@code is_a_template}), 0 to 10 (default 1) */
        public Builder templates(int templates) {
            this.templates = templates;
            return this;
        }

        /** @param seed seed of the layout, identifiers, workloads, page writes and faults (default 42) */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param user the user name logins accept (default {@value #DEFAULT_USER}) */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** @param password the password logins accept (default {@value #DEFAULT_PASSWORD}) */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** @param timeScale simulated seconds per wall-clock second, in (0, 1e6] (default 1) */
        public Builder timeScale(double timeScale) {
            this.timeScale = timeScale;
            return this;
        }

        /**
         * @param traceDir a directory of PlanetLab CPU traces, one file per guest (guest i follows file i in name
         *                 order), one integer percentage per line; null (the default) for the synthetic workload
         */
        public Builder traceDir(Path traceDir) {
            this.traceDir = traceDir;
            return this;
        }

        /** @param seconds simulated seconds per trace sample, 1 to 86400 (default 300, PlanetLab's) */
        public Builder traceSecondsPerSample(double seconds) {
            this.traceSecondsPerSample = seconds;
            return this;
        }

        /** @param hostCpus physical CPUs per host, 1 to 1024 (default 16) */
        public Builder hostCpus(int hostCpus) {
            this.hostCpus = hostCpus;
            return this;
        }

        /**
         * @param hostMemoryGiB memory per host; 0 (the default) sizes the hosts so that every running VM fits on
         *                      any other host
         */
        public Builder hostMemoryGiB(int hostMemoryGiB) {
            this.hostMemoryGiB = hostMemoryGiB;
            return this;
        }

        /** @param sizes memory sizes a guest draws from, GiB (default 1, 2, 4) */
        public Builder vmMemoryGiB(Integer... sizes) {
            this.vmMemoryGiB = List.of(sizes);
            return this;
        }

        /** @param counts vCPU counts a guest draws from (default 1, 2, 4, those above {@code hostCpus} dropped) */
        public Builder vmVcpus(Integer... counts) {
            this.vmVcpus = List.of(counts);
            return this;
        }

        /** @param mib memory of each host's control domain, 256 to 65536 MiB (default 2048) */
        public Builder controlDomainMemoryMiB(int mib) {
            this.controlDomainMemoryMiB = mib;
            return this;
        }

        /** @param gbps bandwidth of the migration network, shared by concurrent migrations (default 1 Gbit/s) */
        public Builder linkGbps(double gbps) {
            this.linkGbps = gbps;
            return this;
        }

        /** @param ms round-trip time between hosts (default 0.5 ms) */
        public Builder rttMs(double ms) {
            this.rttMs = ms;
            return this;
        }

        /**
         * @param rate page writes per second of a guest per fully used vCPU (default 5000); a guest's dirty rate
         *             while it migrates is this × vCPUs × its CPU utilisation
         */
        public Builder dirtyPagesPerCpuSecond(double rate) {
            this.dirtyPagesPerCpuSecond = rate;
            return this;
        }

        /** @param fraction share of a guest's pages its writes fall on while it migrates, (0, 1] (default 0.1) */
        public Builder hotSetFraction(double fraction) {
            this.hotSetFraction = fraction;
            return this;
        }

        /** @param skew Zipf exponent of the writes within the hot set, 0 to 5 (default 0.8) */
        public Builder hotSetSkew(double skew) {
            this.hotSetSkew = skew;
            return this;
        }

        /**
         * @param file a fault file (Java properties; see the module's README); null for none (the default)
         * @throws IllegalArgumentException at once, naming the key, when the file is unreadable or invalid
         */
        public Builder faults(Path file) {
            this.faults = file == null ? FaultPlan.NONE : FaultPlan.load(file);
            return this;
        }

        /**
         * @param properties faults in the fault-file format; null for none
         * @throws IllegalArgumentException at once, naming the key, when a key or value is invalid
         */
        public Builder faults(Properties properties) {
            this.faults = properties == null ? FaultPlan.NONE : FaultPlan.parse(properties, "faults");
            return this;
        }

        /** @param port TCP port, 0 (the default) for a free one */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * @param enabled whether host N also answers on 127.0.0.(N+1) (default true where the system allows it);
         *                off, every host's address is 127.0.0.1
         */
        public Builder hostListeners(boolean enabled) {
            this.hostListeners = enabled;
            return this;
        }

        /**
         * @param nanos the wall clock in nanoseconds (default {@code System::nanoTime}); a test passes a manual
         *              clock to decide when simulated time moves
         */
        public Builder clock(LongSupplier nanos) {
            this.clock = Objects.requireNonNull(nanos, "clock");
            return this;
        }

        /** @param epoch the instant of simulated time 0 (default: the wall-clock time at start, to the second) */
        public Builder epoch(Instant epoch) {
            this.epoch = epoch;
            return this;
        }

        /** @param name the pool's name label (default {@value #DEFAULT_POOL_NAME}) */
        public Builder poolName(String name) {
            this.poolName = name;
            return this;
        }

        /**
         * @return a simulator, not yet started
         * @throws IllegalArgumentException {@code name = value: must …} for the first attribute out of range
         */
        public XapiSimulator build() {
            List<Integer> vcpus = vmVcpus;
            if (vcpus == null) {
                vcpus = new ArrayList<>();
                for (int c : DEFAULT_VM_VCPUS) {
                    if (c <= hostCpus) {
                        vcpus.add(c);
                    }
                }
            }
            SimSettings s = new SimSettings(hosts, vms, haltedVms, templates, seed, user, password, timeScale,
                    Optional.ofNullable(traceDir), traceSecondsPerSample, hostCpus, hostMemoryGiB, vmMemoryGiB, vcpus,
                    controlDomainMemoryMiB, linkGbps, rttMs, dirtyPagesPerCpuSecond, hotSetFraction, hotSetSkew, faults,
                    port, hostListeners, clock, Optional.ofNullable(epoch), poolName);
            return new XapiSimulator(s);
        }
    }
}
