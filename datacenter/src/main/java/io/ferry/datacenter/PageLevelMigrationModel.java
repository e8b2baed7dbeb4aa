package io.ferry.datacenter;

import io.ferry.api.MigrationPolicy;
import io.ferry.datacenter.internal.pagelevel.Bucket;
import io.ferry.datacenter.internal.pagelevel.EngineEstimator;
import io.ferry.datacenter.internal.pagelevel.EstimateCache;
import io.ferry.datacenter.internal.pagelevel.Quantiser;
import io.ferry.engine.EngineScenario;
import io.ferry.engine.LiveMigrationEngine;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code page-level} migration model: each migration of the data-centre day is costed by Ferry's page-level
 * engine ({@link LiveMigrationEngine}) running a real {@link MigrationPolicy} (pre-copy, post-copy, hybrid or a
 * vendor's) — where CloudSim's model is RAM / bandwidth and 10 % of the CPU.
 *
 * <p><b>What is computed.</b> A job is first reduced to a <em>bucket</em>: its RAM rounded to the nearest multiple
 * of {@link Settings#ramStepBytes()} (1 MiB by default, CloudSim's megabyte, so every VM type of the literature
 * keeps its exact size); its busy vCPUs, {@code cpuUtilisation × vcpus} with the utilisation clamped to [0, 1],
 * rounded to the nearest multiple of {@link Settings#cpuStep()} (0.05 by default); its source link and the number of
 * migrations sharing it, both exactly. For a bucket the engine runs <em>one</em> migration of a VM of that RAM
 * ({@link Settings#pageSizeBytes()} pages, {@link Settings#executionStateBytes()} of execution state sent in the
 * pause) whose guest writes {@code busy vCPUs × }{@link Settings#pagesPerBusyVcpuSecond()} pages per second spread
 * uniformly over all its memory (an idle guest, with no busy vCPU, writes nothing), over an equal share {@code link
 * × }{@link Settings#linkShare()}{@code  / sharing} of the source host's link (by default half the link, as
 * CloudSim's model assumes, divided among the migrations leaving the host) with {@link Settings#rtt()} and no
 * compression, under the downtime budget {@link Settings#downtimeBudget()}, steered by the policy round by round, on
 * the engine's own settings (by default its ideal hypervisor model), with a seed hashed from {@link Settings#seed()}
 * and the bucket's four fields. The estimate is that run's total time, downtime (the pause), bytes on the wire,
 * post-copy degraded time, whether it ended in post-copy, and as the CPU share the VM lost {@code (downtime +
 * post-copy fault stalls) / total time}: a paused VM gets no CPU, a VM blocked on a missing page neither; pre-copy
 * rounds are taken to cost the guest nothing.
 *
 * <p><b>The dirty rate.</b> The data centre's traces give CPU only, so page writes are inferred from CPU as
 * Ferry's pools infer them where the hypervisor measures no dirty rate (XenServer): compare's
 * {@code RecordingScenarios} replays CPU × vCPUs × the pool's {@code inferredDirtyPagesPerCpuSecond}, whose
 * default is 2000 page writes per busy vCPU-second; this model uses the same mapping and the same default. It is
 * an assumption, not a measurement: 2000 × 4 KiB is 7.8 MiB/s of writes per busy vCPU, about 6 % of a 1 Gbit/s
 * link and 12 % of the half of it a migration gets; set {@link Settings#pagesPerBusyVcpuSecond()} from a measured
 * dirty rate where one is known.
 *
 * <p><b>What is reused.</b> Every later job of the same bucket gets the memoised estimate: the cache holds at most
 * {@link Settings#cacheCapacity()} buckets (4096 by default), the least recently used evicted first, and lives as
 * long as this model, so several agents' days run with one model share it. Because each bucket's run is seeded
 * from the bucket alone, the estimate of a job depends only on its bucket — not on the job's own seed, on the order
 * of the jobs, on which agent asked first or on evictions — so a run is deterministic and a cached estimate is the
 * one a fresh model would compute. With CloudSim's four VM types, one link speed and 0.05 steps there
 * are at most 4 × 21 × (the most migrations sharing a host's link) buckets, however many migrations the day has;
 * {@link #statistics()} says how many engine runs a day took and how many jobs reused one (the benchmarks'
 * {@code DatacenterDayRun} prints both).
 *
 * <p><b>What it leaves out</b> (the price of one run per bucket): the share is fixed at the start — migrations that
 * end earlier or start later on the same link do not change it, and the other migrations sharing the link are
 * taken to last as long as this one; the guest's CPU is taken to stay at its starting figure for the whole
 * migration; the target host's link is not shared; writes are uniform over memory, never a hot set. A busy VM
 * whose share of the link is small may not converge under pre-copy: the policy and the engine's own limits (its
 * simulated-time limit, one hour by default, after which it stops and copies) decide how long it pauses, which can
 * be seconds to minutes.
 *
 * <p><b>What it does to a data-centre day.</b> On PlanetLab 20110303 in CloudSim's set-up (pre-copy, the
 * defaults, THR-MMT-0.8) a migration starts with 7.8 others leaving its host on average (up to 34, since
 * CloudSim's set-up lets memory not limit a host), so it gets about 8 MiB/s of the 62.5 MiB/s — about what one busy
 * vCPU dirties (7.8 MiB/s) — and pre-copy barely converges: 168 s per migration on average (CloudSim's model:
 * 13.6 s), p99 1,015 s, 15 % longer than the 300 s interval; pauses of 3.65 s on average, 0.20 s median, p99 91 s,
 * 121,691 s in the day. So PDM is seven to twelve times CloudSim's, and hosts stay overloaded longer (a VM in flight
 * loads its source and cannot be moved again). A simulation that asks a migration target for the incoming VM's
 * whole demand ({@link DatacenterSetup#migratingInAsksFullDemand()}, CloudSim's accounting) would count every
 * target in SLATAH for those minutes — 54 % instead of 1.08 % — which is why {@code ferry datacenter} turns that off
 * under this model (the module's README has the figures).
 *
 * <p>Cost: one engine run per new bucket (milliseconds: O(pages sent + guest writes)), O(1) per cached job; heap
 * one engine run's page state while it runs (about half a byte per page) plus about 200 bytes per cached bucket.
 * Thread-safe: several simulations may share one model (the policy is stateless by contract). Not for studying
 * one migration in detail — run {@code ./ferry compare} on it.
 */
public final class PageLevelMigrationModel implements MigrationModel {

    /** The model's name, as {@code --migration-model} takes it. */
    public static final String NAME = "page-level";

    private final MigrationPolicy policy;
    private final Settings settings;
    private final Quantiser quantiser;
    private final EngineEstimator estimator;
    private final EstimateCache cache;
    private final AtomicLong estimates = new AtomicLong();

    /**
     * A model with the default {@link Settings} on the engine's defaults (its ideal hypervisor).
     *
     * @param policy the migration policy every migration runs
     */
    public PageLevelMigrationModel(MigrationPolicy policy) {
        this(policy, Settings.DEFAULTS);
    }

    /**
     * @param policy   the migration policy every migration runs
     * @param settings the mapping, the quantisation and the cache's bound
     */
    public PageLevelMigrationModel(MigrationPolicy policy, Settings settings) {
        this(policy, settings, new LiveMigrationEngine());
    }

    /**
     * @param policy   the migration policy every migration runs
     * @param settings the mapping, the quantisation and the cache's bound
     * @param engine   the page-level engine, with its settings and hypervisor model (a calibrated profile, say)
     */
    public PageLevelMigrationModel(MigrationPolicy policy, Settings settings, LiveMigrationEngine engine) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(engine, "engine");
        this.quantiser = new Quantiser(settings.ramStepBytes(), settings.cpuStep());
        this.estimator = new EngineEstimator(engine, policy, quantiser, settings.pagesPerBusyVcpuSecond(),
                settings.linkShare(), settings.pageSizeBytes(), settings.executionStateBytes(), settings.rtt(),
                settings.downtimeBudget(), settings.seed());
        this.cache = new EstimateCache(settings.cacheCapacity());
    }

    /** @return {@value #NAME} */
    @Override
    public String name() {
        return NAME;
    }

    /**
     * @param job the migration as it starts
     * @return the estimate of its bucket (see the class comment), computed by one engine run or reused
     * @throws IllegalArgumentException when the job has no memory, no vCPU, no link or a sharing count below 1
     */
    @Override
    public MigrationEstimate estimate(MigrationJob job) {
        Bucket bucket = quantiser.bucketOf(job);
        estimates.incrementAndGet();
        return cache.get(bucket, estimator::estimate);
    }

    /** @return {@link Settings#downtimeBudget()}: a pause longer than this is an SLA-violating migration */
    @Override
    public Optional<Duration> downtimeBudget() {
        return Optional.of(settings.downtimeBudget());
    }

    /** @return the policy every migration runs */
    public MigrationPolicy policy() {
        return policy;
    }

    /** @return the settings */
    public Settings settings() {
        return settings;
    }

    /**
     * The engine scenario a job is costed on (its bucket's), for reports and for checking the mapping.
     *
     * @param job a migration
     * @return the scenario {@link #estimate} runs (or ran) for it
     */
    public EngineScenario scenarioOf(MigrationJob job) {
        return estimator.scenarioOf(quantiser.bucketOf(job));
    }

    /** @return how much was computed and how much reused so far */
    public Statistics statistics() {
        return new Statistics(estimates.get(), cache.misses(), cache.hits(), cache.size(), cache.evictions());
    }

    /**
     * What a model has computed and reused, for the benchmark and the README.
     *
     * @param estimates  jobs estimated
     * @param engineRuns engine runs (buckets computed, recomputed after an eviction included)
     * @param reused     jobs answered from the cache
     * @param cached     buckets held now
     * @param evictions  buckets dropped to keep within the capacity
     */
    public record Statistics(long estimates, long engineRuns, long reused, int cached, long evictions) {
    }

    /**
     * The page-level model's configuration. Every field has a default ({@link #DEFAULTS}).
     *
     * @param downtimeBudget         the SLA downtime budget, handed to the policy and read by the simulation to count
     *                               SLA-violating migrations, &gt; 0; default 300 ms (QEMU's {@code downtime-limit})
     * @param pagesPerBusyVcpuSecond page writes per busy vCPU-second, 0 to 10 000 000; default 2000 (the pools'
     *                               {@code inferredDirtyPagesPerCpuSecond}, see the class comment)
     * @param linkShare              the share of the source host's link migrations get, in (0, 1]; default 0.5,
     *                               CloudSim's {@link CloudSimMigrationModel#LINK_SHARE} (the rest is left for the
     *                               VMs' own traffic), so that the two models assume the same bandwidth and differ
     *                               in their physics only
     * @param cpuStep                the busy-vCPU quantisation step, in (0, 1]; default 0.05
     * @param ramStepBytes           the RAM quantisation step, 1 to 2^30; default 1 MiB
     * @param cacheCapacity          the most buckets memoised, &gt;= 1; default 4096
     * @param pageSizeBytes          the guests' page size, a power of two from 512 to 2 MiB; default 4096
     * @param executionStateBytes    CPU and device state sent in the pause, &gt;= 0; default 1 MiB
     * @param rtt                    the migration link's round-trip time, &gt;= 0; default 0.5 ms (the pools'
     *                               {@code rttMs})
     * @param seed                   mixed into every bucket's engine seed; default 42
     */
    public record Settings(Duration downtimeBudget, double pagesPerBusyVcpuSecond, double linkShare, double cpuStep,
            long ramStepBytes, int cacheCapacity, int pageSizeBytes, long executionStateBytes, Duration rtt,
            long seed) {

        /** Default pages written per busy vCPU-second. */
        public static final double DEFAULT_PAGES_PER_BUSY_VCPU_SECOND = 2000;
        /** Default busy-vCPU step. */
        public static final double DEFAULT_CPU_STEP = 0.05;
        /** Default RAM step: CloudSim's megabyte. */
        public static final long DEFAULT_RAM_STEP_BYTES = HostType.MB;
        /** Default cache bound, in buckets. */
        public static final int DEFAULT_CACHE_CAPACITY = 4096;
        /** Default RTT of the migration link. */
        public static final Duration DEFAULT_RTT = Duration.ofNanos(500_000);
        /** Default seed. */
        public static final long DEFAULT_SEED = 42;

        /** Every field at its default. */
        public static final Settings DEFAULTS = new Settings(EngineScenario.DEFAULT_DOWNTIME_BUDGET,
                DEFAULT_PAGES_PER_BUSY_VCPU_SECOND, CloudSimMigrationModel.LINK_SHARE, DEFAULT_CPU_STEP,
                DEFAULT_RAM_STEP_BYTES, DEFAULT_CACHE_CAPACITY, EngineScenario.DEFAULT_PAGE_SIZE,
                EngineScenario.DEFAULT_EXECUTION_STATE_BYTES, DEFAULT_RTT, DEFAULT_SEED);

        public Settings {
            if (downtimeBudget == null || downtimeBudget.isNegative() || downtimeBudget.isZero()) {
                throw new IllegalArgumentException("downtimeBudget = " + downtimeBudget + ": must be > 0");
            }
            if (!(pagesPerBusyVcpuSecond >= 0 && pagesPerBusyVcpuSecond <= 1e7)) {
                throw new IllegalArgumentException(
                        "pagesPerBusyVcpuSecond = " + pagesPerBusyVcpuSecond + ": must be in [0, 10000000]");
            }
            if (!(linkShare > 0 && linkShare <= 1)) {
                throw new IllegalArgumentException("linkShare = " + linkShare + ": must be in (0, 1]");
            }
            if (!(cpuStep > 0 && cpuStep <= 1)) {
                throw new IllegalArgumentException("cpuStep = " + cpuStep + ": must be in (0, 1]");
            }
            if (ramStepBytes < 1 || ramStepBytes > 1L << 30) {
                throw new IllegalArgumentException("ramStepBytes = " + ramStepBytes + ": must be in [1, 1073741824]");
            }
            if (cacheCapacity < 1) {
                throw new IllegalArgumentException("cacheCapacity = " + cacheCapacity + ": must be >= 1");
            }
            if (pageSizeBytes < 512 || pageSizeBytes > 1 << 21 || Integer.bitCount(pageSizeBytes) != 1) {
                throw new IllegalArgumentException(
                        "pageSizeBytes = " + pageSizeBytes + ": must be a power of two in [512, 2097152]");
            }
            if (executionStateBytes < 0) {
                throw new IllegalArgumentException("executionStateBytes = " + executionStateBytes + ": must be >= 0");
            }
            if (rtt == null || rtt.isNegative()) {
                throw new IllegalArgumentException("rtt = " + rtt + ": must be >= 0");
            }
        }

        /** @return these settings with another downtime budget */
        public Settings withDowntimeBudget(Duration value) {
            return new Settings(value, pagesPerBusyVcpuSecond, linkShare, cpuStep, ramStepBytes,
                    cacheCapacity, pageSizeBytes, executionStateBytes, rtt, seed);
        }

        /** @return these settings with another dirty-rate mapping */
        public Settings withPagesPerBusyVcpuSecond(double value) {
            return new Settings(downtimeBudget, value, linkShare, cpuStep, ramStepBytes, cacheCapacity,
                    pageSizeBytes, executionStateBytes, rtt, seed);
        }

        /** @return these settings with another link share */
        public Settings withLinkShare(double value) {
            return new Settings(downtimeBudget, pagesPerBusyVcpuSecond, value, cpuStep, ramStepBytes,
                    cacheCapacity, pageSizeBytes, executionStateBytes, rtt, seed);
        }

        /** @return these settings with another CPU step */
        public Settings withCpuStep(double value) {
            return new Settings(downtimeBudget, pagesPerBusyVcpuSecond, linkShare, value, ramStepBytes,
                    cacheCapacity, pageSizeBytes, executionStateBytes, rtt, seed);
        }

        /** @return these settings with another cache bound */
        public Settings withCacheCapacity(int value) {
            return new Settings(downtimeBudget, pagesPerBusyVcpuSecond, linkShare, cpuStep, ramStepBytes,
                    value, pageSizeBytes, executionStateBytes, rtt, seed);
        }

        /** @return these settings with another seed */
        public Settings withSeed(long value) {
            return new Settings(downtimeBudget, pagesPerBusyVcpuSecond, linkShare, cpuStep, ramStepBytes,
                    cacheCapacity, pageSizeBytes, executionStateBytes, rtt, value);
        }
    }
}
