package io.ferry.datacenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.spi.MigrationPolicyFactory;
import io.ferry.engine.DirtyingModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Pins what the page-level model computes from a job (the engine's physics under a real policy, the dirty rate
 * from CPU, the shared link) and what it reuses (one engine run per bucket, within the cache's bound).
 */
class PageLevelMigrationModelTest {

    private static final long MB = HostType.MB;
    private static final long GIGABIT = HostType.CLOUDSIM_GIGABIT;
    private static final long RAM = 1740 * MB;

    private static MigrationPolicy policy(String name) {
        return ServiceLoader.load(MigrationPolicyFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no policy factory named " + name))
                .create(Map.of());
    }

    private static MigrationJob job(double cpu, int sharing) {
        return job(7, RAM, cpu, sharing, 1234);
    }

    private static MigrationJob job(int vm, long ram, double cpu, int sharing, long seed) {
        return new MigrationJob(vm, ram, cpu, 2000, 1, GIGABIT, sharing, seed);
    }

    @Test
    void estimateWhenSameJobInFreshModelsThenIdenticalFigures() {
        MigrationEstimate a = new PageLevelMigrationModel(policy("precopy")).estimate(job(0.7, 2));
        MigrationEstimate b = new PageLevelMigrationModel(policy("precopy")).estimate(job(0.7, 2));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void estimateWhenJobSeedDiffersThenBucketSeedDecidesAndFiguresAgree() {
        PageLevelMigrationModel model = new PageLevelMigrationModel(policy("precopy"));
        MigrationEstimate first = model.estimate(job(3, RAM, 0.7, 2, 1));
        MigrationEstimate other = new PageLevelMigrationModel(policy("precopy")).estimate(job(99, RAM, 0.7, 2, 2));
        assertThat(other).isEqualTo(first);
    }

    @Test
    void estimateWhenVmIdleThenDurationIsRamOverBandwidth() {
        MigrationEstimate idle = new PageLevelMigrationModel(policy("precopy")).estimate(job(0, 1));
        // by default a migration gets half the link, as under CloudSim's model
        double ramOverBandwidth = RAM / (GIGABIT * 0.5);
        // one pass over memory, then the 1 MiB execution state in the pause
        assertThat(idle.durationSeconds()).isCloseTo(ramOverBandwidth, within(0.01 * ramOverBandwidth));
        assertThat(idle.bytesMoved()).isBetween(RAM, RAM + 2 * MB);
        assertThat(idle.downtimeSeconds()).isLessThan(0.03);
        assertThat(idle.degradedSeconds()).isZero();
        assertThat(idle.postCopy()).isFalse();
        assertThat(idle.lostCpuShare()).isEqualTo(idle.downtimeSeconds() / idle.durationSeconds(), within(1e-12));
    }

    @Test
    void estimateWhenVmBusyUnderPreCopyThenMoreBytesAndLongerPause() {
        PageLevelMigrationModel model = new PageLevelMigrationModel(policy("precopy"));
        MigrationEstimate idle = model.estimate(job(0, 1));
        MigrationEstimate busy = model.estimate(job(1, 1));
        assertThat(busy.bytesMoved()).isGreaterThan(idle.bytesMoved() + 10 * MB);
        assertThat(busy.downtimeSeconds()).isGreaterThan(idle.downtimeSeconds());
        assertThat(busy.durationSeconds()).isGreaterThan(idle.durationSeconds());
        assertThat(busy.lostCpuShare()).isGreaterThan(idle.lostCpuShare());
        assertThat(busy.postCopy()).isFalse();
    }

    @Test
    void estimateWhenLinkSharedThenMigrationLasts() {
        PageLevelMigrationModel model = new PageLevelMigrationModel(policy("precopy"));
        MigrationEstimate alone = model.estimate(job(0.5, 1));
        MigrationEstimate fourWays = model.estimate(job(0.5, 4));
        // a quarter of the link: at least four times as long, and the guest dirties more meanwhile
        assertThat(fourWays.durationSeconds()).isGreaterThan(4 * alone.durationSeconds());
        assertThat(fourWays.bytesMoved()).isGreaterThan(alone.bytesMoved());
    }

    @Test
    void estimateWhenPolicyIsPostCopyThenVmRunsDegraded() {
        MigrationEstimate post = new PageLevelMigrationModel(policy("postcopy")).estimate(job(0.8, 1));
        assertThat(post.postCopy()).isTrue();
        assertThat(post.degradedSeconds()).isPositive();
        assertThat(post.degradedSeconds()).isLessThanOrEqualTo(post.durationSeconds());
        assertThat(post.lostCpuShare()).isGreaterThan(post.downtimeSeconds() / post.durationSeconds());
    }

    @Test
    void estimateWhenJobsFallInOneBucketThenOneEngineRunServesBoth() {
        PageLevelMigrationModel model = new PageLevelMigrationModel(policy("precopy"));
        // 0.51 and 0.52 busy vCPUs both round to 10 steps of 0.05
        MigrationEstimate first = model.estimate(job(1, RAM, 0.51, 1, 11));
        MigrationEstimate second = model.estimate(job(2, RAM, 0.52, 1, 22));
        assertThat(second).isSameAs(first);
        assertThat(model.statistics()).isEqualTo(new PageLevelMigrationModel.Statistics(2, 1, 1, 1, 0));
        MigrationEstimate third = model.estimate(job(3, RAM, 0.6, 1, 33));
        assertThat(third).isNotEqualTo(first);
        assertThat(model.statistics().engineRuns()).isEqualTo(2);
    }

    @Test
    void estimateWhenMoreBucketsThanCapacityThenOldestEvictedAndRecomputedIdentically() {
        PageLevelMigrationModel model = new PageLevelMigrationModel(policy("precopy"),
                PageLevelMigrationModel.Settings.DEFAULTS.withCacheCapacity(2));
        MigrationEstimate first = model.estimate(job(0.1, 1));
        model.estimate(job(0.2, 1));
        model.estimate(job(0.3, 1));
        assertThat(model.statistics().cached()).isEqualTo(2);
        assertThat(model.statistics().evictions()).isEqualTo(1);
        MigrationEstimate again = model.estimate(job(0.1, 1));
        assertThat(again).isNotSameAs(first).isEqualTo(first);
        assertThat(model.statistics()).isEqualTo(new PageLevelMigrationModel.Statistics(4, 4, 0, 2, 2));
    }

    @Test
    void estimateWhenCpuQuantisedThenDurationAndBytesWithinTwoPercentOfTheExactRate() {
        PageLevelMigrationModel buckets = new PageLevelMigrationModel(policy("precopy"));
        PageLevelMigrationModel exact = new PageLevelMigrationModel(policy("precopy"),
                PageLevelMigrationModel.Settings.DEFAULTS.withCpuStep(1e-6));
        for (double cpu : new double[] {0.024, 0.26, 0.49, 0.7749, 0.974}) {
            for (int sharing : new int[] {1, 3}) {
                MigrationEstimate b = buckets.estimate(job(cpu, sharing));
                MigrationEstimate e = exact.estimate(job(cpu, sharing));
                assertThat(b.durationSeconds()).as("cpu %s, sharing %d", cpu, sharing)
                        .isCloseTo(e.durationSeconds(), within(0.02 * e.durationSeconds()));
                assertThat((double) b.bytesMoved()).as("cpu %s, sharing %d", cpu, sharing)
                        .isCloseTo(e.bytesMoved(), within(0.02 * e.bytesMoved()));
            }
        }
    }

    @Test
    void estimateWhenTwoThreadsShareTheModelThenEachGetsWhatAFreshModelComputes() throws Exception {
        PageLevelMigrationModel shared = new PageLevelMigrationModel(policy("precopy"));
        List<MigrationJob> jobs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            jobs.add(job(i, RAM, (i % 10) / 10.0, 1 + i % 3, i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<MigrationEstimate>>> answers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                answers.add(pool.submit(() -> jobs.stream().map(shared::estimate).toList()));
            }
            PageLevelMigrationModel fresh = new PageLevelMigrationModel(policy("precopy"));
            List<MigrationEstimate> expected = jobs.stream().map(fresh::estimate).toList();
            for (Future<List<MigrationEstimate>> answer : answers) {
                assertThat(answer.get(1, TimeUnit.MINUTES)).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(shared.statistics().estimates()).isEqualTo(80);
        assertThat(shared.statistics().cached()).isEqualTo(30);
    }

    @Test
    void scenarioOfWhenBusyThenUniformWritesAtBusyVcpusTimesRateOverTheLinkShare() {
        PageLevelMigrationModel model = new PageLevelMigrationModel(policy("precopy"));
        MigrationJob twoVcpus = new MigrationJob(0, RAM, 0.5, 1000, 2, GIGABIT, 3, 0);
        var scenario = model.scenarioOf(twoVcpus);
        assertThat(scenario.dirtying()).isEqualTo(new DirtyingModel.Uniform(2000));
        assertThat(scenario.memoryBytes()).isEqualTo(RAM);
        assertThat(scenario.link().bandwidthBytesPerSec()).isEqualTo(GIGABIT * 0.5 / 3);
        assertThat(scenario.downtimeBudget()).isEqualTo(Duration.ofMillis(300));
        assertThat(model.scenarioOf(job(0, 1)).dirtying()).isEqualTo(new DirtyingModel.Idle());
        // utilisation beyond [0, 1] is clamped: above 1 is a fully busy vCPU, NaN is idle
        assertThat(model.scenarioOf(job(1.7, 1)).dirtying()).isEqualTo(new DirtyingModel.Uniform(2000));
        assertThat(model.scenarioOf(job(Double.NaN, 1)).dirtying()).isEqualTo(new DirtyingModel.Idle());
    }

    @Test
    void scenarioOfWhenLinkShareSetThenMigrationGetsThatShare() {
        PageLevelMigrationModel whole = new PageLevelMigrationModel(policy("precopy"),
                PageLevelMigrationModel.Settings.DEFAULTS.withLinkShare(1));
        assertThat(whole.scenarioOf(job(0.5, 2)).link().bandwidthBytesPerSec()).isEqualTo(GIGABIT / 2.0);
        MigrationEstimate idle = whole.estimate(job(0, 1));
        assertThat(idle.durationSeconds()).isCloseTo((double) RAM / GIGABIT, within(0.01 * RAM / GIGABIT));
    }

    @Test
    void downtimeBudgetWhenDefaultThenQemuDowntimeLimit() {
        PageLevelMigrationModel model = new PageLevelMigrationModel(policy("precopy"));
        assertThat(model.name()).isEqualTo("page-level");
        assertThat(model.downtimeBudget()).contains(Duration.ofMillis(300));
        PageLevelMigrationModel strict = new PageLevelMigrationModel(policy("precopy"),
                PageLevelMigrationModel.Settings.DEFAULTS.withDowntimeBudget(Duration.ofMillis(50)));
        assertThat(strict.downtimeBudget()).contains(Duration.ofMillis(50));
        assertThat(strict.scenarioOf(job(0.5, 1)).downtimeBudget()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void estimateWhenJobInvalidThenRefusedNamingTheVm() {
        PageLevelMigrationModel model = new PageLevelMigrationModel(policy("precopy"));
        assertThatThrownBy(() -> model.estimate(new MigrationJob(5, RAM, 0.5, 1000, 1, GIGABIT, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VM 5")
                .hasMessageContaining("sharingSourceLink = 0");
        assertThatThrownBy(() -> PageLevelMigrationModel.Settings.DEFAULTS.withCpuStep(0))
                .hasMessage("cpuStep = 0.0: must be in (0, 1]");
        assertThatThrownBy(() -> PageLevelMigrationModel.Settings.DEFAULTS.withCacheCapacity(0))
                .hasMessage("cacheCapacity = 0: must be >= 1");
    }
}
