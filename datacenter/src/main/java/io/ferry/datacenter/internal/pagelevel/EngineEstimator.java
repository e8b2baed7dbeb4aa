package io.ferry.datacenter.internal.pagelevel;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.Technique;
import io.ferry.datacenter.MigrationEstimate;
import io.ferry.engine.DirtyingModel;
import io.ferry.engine.EngineScenario;
import io.ferry.engine.LiveMigrationEngine;
import io.ferry.engine.RunResult;
import io.ferry.engine.SeededHash;
import java.time.Duration;
import java.util.Objects;

/**
 * Costs one {@link Bucket} by running the page-level engine once: one VM of the bucket's RAM, writing
 * {@code busy vCPUs × pagesPerBusyVcpuSecond} pages per second spread uniformly over all its memory (idle when
 * none), over the equal share {@code link × linkShare / sharing} with the given RTT and no compression, under the
 * given downtime budget, steered by the policy, seeded by {@link #seedOf(Bucket)}. Cost: one
 * {@link LiveMigrationEngine#simulate} call, O(pages sent + guest writes), milliseconds for a few GiB. Thread-safe
 * when the policy is (policies are stateless by contract).
 */
public final class EngineEstimator {

    private final LiveMigrationEngine engine;
    private final MigrationPolicy policy;
    private final Quantiser quantiser;
    private final double pagesPerBusyVcpuSecond;
    private final double linkShare;
    private final int pageSizeBytes;
    private final long executionStateBytes;
    private final Duration rtt;
    private final Duration downtimeBudget;
    private final long seed;

    /**
     * @param engine                 the page-level engine
     * @param policy                 the migration policy it runs
     * @param quantiser              what a bucket's busy vCPUs are
     * @param pagesPerBusyVcpuSecond page writes per busy vCPU-second
     * @param linkShare              the share of the source host's link migrations get, in (0, 1]
     * @param pageSizeBytes          the guests' page size
     * @param executionStateBytes    CPU and device state sent in the pause
     * @param rtt                    the link's round-trip time
     * @param downtimeBudget         the SLA downtime budget the policy is given
     * @param seed                   the model's seed, mixed with every bucket's fields
     */
    public EngineEstimator(LiveMigrationEngine engine, MigrationPolicy policy, Quantiser quantiser,
            double pagesPerBusyVcpuSecond, double linkShare, int pageSizeBytes, long executionStateBytes, Duration rtt,
            Duration downtimeBudget, long seed) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.quantiser = Objects.requireNonNull(quantiser, "quantiser");
        this.pagesPerBusyVcpuSecond = pagesPerBusyVcpuSecond;
        this.linkShare = linkShare;
        this.pageSizeBytes = pageSizeBytes;
        this.executionStateBytes = executionStateBytes;
        this.rtt = Objects.requireNonNull(rtt, "rtt");
        this.downtimeBudget = Objects.requireNonNull(downtimeBudget, "downtimeBudget");
        this.seed = seed;
    }

    /** @return the engine scenario a bucket is costed on */
    public EngineScenario scenarioOf(Bucket bucket) {
        double rate = quantiser.busyVcpus(bucket) * pagesPerBusyVcpuSecond;
        DirtyingModel dirtying = rate > 0 ? new DirtyingModel.Uniform(rate) : new DirtyingModel.Idle();
        LinkSpec share = new LinkSpec(bucket.linkBytesPerSecond() * linkShare / bucket.sharing(), rtt, 1);
        long memory = Math.max(bucket.ramBytes(), 1L << 20);
        return new EngineScenario("dc-" + bucket.ramBytes() + "B-" + bucket.busyVcpuSteps() + "cpu-"
                + bucket.linkBytesPerSecond() + "Bps-x" + bucket.sharing(), memory, pageSizeBytes,
                executionStateBytes, share, dirtying, downtimeBudget, 1);
    }

    /** @return the seed a bucket's engine run uses: the model's seed hashed with the bucket's four fields */
    public long seedOf(Bucket bucket) {
        return SeededHash.hash(seed, bucket.ramBytes(), bucket.busyVcpuSteps(),
                bucket.linkBytesPerSecond() * 1_000_003L + bucket.sharing());
    }

    /**
     * @param bucket what to cost
     * @return the engine's figures for it: total time, downtime, bytes on the wire, post-copy degraded time, and
     *         as lost CPU share (downtime + post-copy fault stalls) / total time, at most 1
     */
    public MigrationEstimate estimate(Bucket bucket) {
        RunResult run = engine.simulate(scenarioOf(bucket), policy, seedOf(bucket)).get(0).run();
        MigrationMetrics m = run.metrics();
        double total = seconds(m.totalTime());
        double down = seconds(m.downtime());
        double stall = seconds(m.faultStallTime());
        double lost = total > 0 ? Math.min(1, (down + stall) / total) : 1;
        return new MigrationEstimate(total, down, m.bytesSent(), seconds(m.degradedTime()), lost,
                run.technique() != Technique.PRE_COPY);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
