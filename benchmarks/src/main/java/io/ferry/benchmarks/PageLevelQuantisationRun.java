package io.ferry.benchmarks;

import io.ferry.datacenter.HostType;
import io.ferry.datacenter.MigrationEstimate;
import io.ferry.datacenter.MigrationJob;
import io.ferry.datacenter.PageLevelMigrationModel;
import io.ferry.datacenter.VmType;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the page-level model's approximation costs and saves: {@code jobs} random migrations of CloudSim's VM types
 * (a uniform CPU share in [0, 1), 1 to {@code maxSharing} migrations on a 1 Gbit/s link) costed twice, once by a
 * model with the CPU step {@code cpuStep} (0.05 by default) and once with a step of 1e-6 (every job its own engine
 * run at its exact dirty rate), both with empty caches. It prints how far the bucket's estimate is from the exact
 * one (duration and bytes relative, downtime and lost CPU share absolute: mean and max) and the milliseconds per
 * engine run of each. A first pass over other jobs (the seed + 1) warms the JIT up and is not printed.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.ferry.benchmarks.PageLevelQuantisationRun
 * [key=value …]}, keys {@code policy} (precopy), {@code jobs} (300), {@code maxSharing} (4), {@code seed} (1),
 * {@code cpuStep} (the bucketed model's step, 0.05).
 * Cost: twice {@code jobs} engine runs for the exact model, at most {@code 2 × 3 × 21 × maxSharing} for the
 * bucketed one.
 */
public final class PageLevelQuantisationRun {

    private static final Set<String> KEYS = Set.of("policy", "jobs", "maxSharing", "seed", "cpuStep");

    private PageLevelQuantisationRun() {
    }

    /** Runs the comparison as the arguments say and prints its figures. */
    public static void main(String[] args) {
        RunArguments a = new RunArguments(args, KEYS);
        String policy = a.text("policy", "precopy");
        int jobs = a.integer("jobs", 300, 1, 1_000_000);
        int maxSharing = a.integer("maxSharing", 4, 1, 64);
        long seed = a.longValue("seed", 1);
        double step = a.number("cpuStep", PageLevelMigrationModel.Settings.DEFAULT_CPU_STEP, 1e-6, 1);
        compare(policy, jobs, maxSharing, step, seed + 1, false); // warm-up: the JIT compiles the engine and the policy
        compare(policy, jobs, maxSharing, step, seed, true);
    }

    private static void compare(String policy, int jobs, int maxSharing, double step, long seed, boolean print) {
        SplittableRandom random = new SplittableRandom(seed);
        PageLevelMigrationModel buckets = new PageLevelMigrationModel(Plugins.policy(policy, java.util.Map.of()),
                PageLevelMigrationModel.Settings.DEFAULTS.withCpuStep(step));
        PageLevelMigrationModel exact = new PageLevelMigrationModel(Plugins.policy(policy, java.util.Map.of()),
                PageLevelMigrationModel.Settings.DEFAULTS.withCpuStep(1e-6).withCacheCapacity(jobs));
        double sumDuration = 0;
        double maxDuration = 0;
        double sumBytes = 0;
        double maxBytes = 0;
        double sumDowntime = 0;
        double maxDowntime = 0;
        double sumLost = 0;
        double maxLost = 0;
        long bucketNanos = 0;
        long exactNanos = 0;
        for (int i = 0; i < jobs; i++) {
            VmType type = VmType.CLOUDSIM.get(random.nextInt(VmType.CLOUDSIM.size()));
            MigrationJob job = new MigrationJob(i, type.ramBytes(), random.nextDouble(), type.mipsPerVcpu(),
                    type.vcpus(), HostType.CLOUDSIM_GIGABIT, 1 + random.nextInt(maxSharing), i);
            long t0 = System.nanoTime();
            MigrationEstimate b = buckets.estimate(job);
            long t1 = System.nanoTime();
            MigrationEstimate e = exact.estimate(job);
            long t2 = System.nanoTime();
            bucketNanos += t1 - t0;
            exactNanos += t2 - t1;
            double d = Math.abs(b.durationSeconds() - e.durationSeconds()) / e.durationSeconds();
            double by = Math.abs((double) b.bytesMoved() - e.bytesMoved()) / e.bytesMoved();
            double dt = Math.abs(b.downtimeSeconds() - e.downtimeSeconds());
            sumDuration += d;
            maxDuration = Math.max(maxDuration, d);
            sumBytes += by;
            maxBytes = Math.max(maxBytes, by);
            sumDowntime += dt;
            maxDowntime = Math.max(maxDowntime, dt);
            double lost = Math.abs(b.lostCpuShare() - e.lostCpuShare());
            sumLost += lost;
            maxLost = Math.max(maxLost, lost);
        }
        if (!print) {
            return;
        }
        PageLevelMigrationModel.Statistics bs = buckets.statistics();
        PageLevelMigrationModel.Statistics es = exact.statistics();
        System.out.printf(Locale.ROOT, "policy %s, %d jobs (CloudSim's VM types, CPU uniform in [0, 1), 1 to %d "
                + "sharing a 1 Gbit/s link); load average %s%n", policy, jobs, maxSharing, Percentiles.loadAverage());
        System.out.printf(Locale.ROOT, "bucket (CPU step %s) vs exact rate: duration %.2f %% mean, %.2f %% max; bytes "
                + "%.2f %% mean, %.2f %% max; downtime %.3f s mean, %.3f s max; lost CPU share %.4f mean, %.4f max "
                + "(absolute)%n", step, 100 * sumDuration / jobs, 100 * maxDuration, 100 * sumBytes / jobs,
                100 * maxBytes, sumDowntime / jobs, maxDowntime, sumLost / jobs, maxLost);
        System.out.printf(Locale.ROOT, "bucketed: %d engine runs for %d jobs, %.2f ms per engine run, %.1f ms in all%n",
                bs.engineRuns(), bs.estimates(), bucketNanos / 1e6 / Math.max(1, bs.engineRuns()), bucketNanos / 1e6);
        System.out.printf(Locale.ROOT, "exact:    %d engine runs for %d jobs, %.2f ms per engine run, %.1f ms in all%n",
                es.engineRuns(), es.estimates(), exactNanos / 1e6 / Math.max(1, es.engineRuns()), exactNanos / 1e6);
    }
}
