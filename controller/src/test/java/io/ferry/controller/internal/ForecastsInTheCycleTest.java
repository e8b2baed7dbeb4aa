package io.ferry.controller.internal;

import static io.ferry.controller.internal.Fixtures.host;
import static io.ferry.controller.internal.Fixtures.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.MigrationAgent;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.MigrationSteering;
import io.ferry.api.Predictor;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.ModelInfo;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.RoundReport;
import io.ferry.api.model.VmId;
import io.ferry.api.model.HostId;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.MigrationPolicyFactory;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.ForecastRecord;
import io.ferry.controller.PoolStatus;
import io.ferry.controller.PredictorUse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forecasts where the pool decides, with the real threshold agent and hybrid policy: one predictor name for a
 * service per metric, the agent triggering on the forecast CPU, the policy switching on the forecast dirty rate,
 * a missing or failing predictor, and the audit of forecasts beside what happened.
 */
class ForecastsInTheCycleTest {

    private static final PoolId POOL = new PoolId("p");
    private static final ModelInfo CPU_MODEL = new ModelInfo("twin-cpu", "3", "sha256:abc");

    @TempDir
    Path dir;

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock();
    private final Fixtures.FakeAdapter adapter = new Fixtures.FakeAdapter("p");
    private final Plugins plugins = new Plugins();
    private ScheduledExecutorService timers;
    private AuditLog audit;
    private Controller controller;
    private long ids = 100;

    /** A predictor of one metric: newest sample plus {@code add}, or throwing while {@code broken}. */
    static final class Shifting implements Predictor {
        final String name;
        final Metric metric;
        final double add;
        final Optional<ModelInfo> model;
        volatile boolean broken;

        Shifting(String name, Metric metric, double add, Optional<ModelInfo> model) {
            this.name = name;
            this.metric = metric;
            this.add = add;
            this.model = model;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Metric metric() {
            return metric;
        }

        @Override
        public int minimumHistory() {
            return 2;
        }

        @Override
        public Forecast forecast(MetricWindow history, int horizon) {
            if (broken) {
                throw new IllegalStateException("weights not loaded");
            }
            double[] mean = new double[horizon];
            java.util.Arrays.fill(mean, history.latest() + add);
            return new Forecast(name, metric, history.step(), mean);
        }

        @Override
        public Optional<ModelInfo> model() {
            return model;
        }
    }

    private final Shifting twinCpu = new Shifting("twin", Metric.CPU_UTILISATION, 0.3, Optional.of(CPU_MODEL));
    private final Shifting twinDirty = new Shifting("twin", Metric.DIRTY_PAGES_PER_SECOND, 1e7, Optional.empty());

    private static MigrationAgent threshold() {
        return ServiceLoader.load(MigrationAgentFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("threshold")).findFirst().orElseThrow().create(Map.of());
    }

    private static MigrationPolicy hybrid() {
        return ServiceLoader.load(MigrationPolicyFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("hybrid")).findFirst().orElseThrow().create(Map.of());
    }

    @BeforeEach
    void setUp() {
        adapter.hosts.addAll(List.of(host("h1", 0.6), host("h2", 0.2)));
        adapter.vms.add(vm("v1", "h1", 0.55));
        adapter.series.put("h1|CPU_UTILISATION", new double[] {0.5, 0.6});
        adapter.series.put("h2|CPU_UTILISATION", new double[] {0.2, 0.2});
        adapter.series.put("v1|DIRTY_PAGES_PER_SECOND", new double[] {100, 100});
        plugins.policies().add(Fixtures.entry("hybrid", hybrid(), 1));
        plugins.agents().add(Fixtures.entry("threshold", threshold(), 2));
        plugins.predictors().add(Fixtures.entry("twin", twinCpu, 3));
        plugins.predictors().add(Fixtures.entry("twin", twinDirty, 4));
        timers = Executors.newSingleThreadScheduledExecutor();
        audit = new AuditLog(dir, 1 << 20, 3, 1000);
        controller = new Controller(plugins, audit, (pool, props) -> { }, clock, timers, Runnable::run, false);
        controller.addAdapter(adapter);
    }

    @AfterEach
    void tearDown() {
        timers.shutdownNow();
        audit.close();
    }

    private void configure(String agent, Optional<String> predictor) {
        Map<String, Object> c = new HashMap<>(Map.of("policy", "hybrid", "agent", agent, "holdSeconds", "0",
                "minImprovement", "0", "hotThreshold", "0.5"));
        predictor.ifPresent(p -> c.put("predictor", p));
        controller.configure("io.ferry.pool~p", c);
    }

    private List<AuditRecord> history(AuditRecord.Type type) {
        return controller.history(Optional.of(POOL), 1000).stream().filter(r -> r.type() == type).toList();
    }

    private PoolStatus status() {
        return controller.pool(POOL).orElseThrow();
    }

    @Test
    void thresholdAgentWhenThePoolHasAPredictorThenTriggersOnTheForecastCpu() {
        configure("threshold", Optional.of("twin"));
        controller.cycle(POOL);
        List<AuditRecord> decisions = history(AuditRecord.Type.DECISION);
        assertThat(decisions).hasSize(1);
        assertThat(decisions.get(0).detail()).startsWith("host h1 at 90% CPU >= 80%");
        assertThat(decisions.get(0).forecasts()).anySatisfy(f -> {
            assertThat(f.subject()).isEqualTo("h1");
            assertThat(f.metric()).isEqualTo(Metric.CPU_UTILISATION);
            assertThat(f.predictor()).isEqualTo("twin");
            assertThat(f.model()).contains(CPU_MODEL);
            assertThat(f.horizon()).isEqualTo(1);
            assertThat(f.value()).isCloseTo(0.9, within(1e-12));
        });
    }

    @Test
    void thresholdAgentWithoutAPredictorThenDecidesOnTheObservedCpu() {
        configure("threshold", Optional.empty());
        controller.cycle(POOL);
        assertThat(history(AuditRecord.Type.DECISION)).as("h1 at 60 % < 80 %").isEmpty();
        adapter.hosts.set(0, host("h1", 0.85));
        controller.cycle(POOL);
        assertThat(history(AuditRecord.Type.DECISION)).singleElement()
                .satisfies(r -> assertThat(r.detail()).startsWith("host h1 at 85% CPU >= 80%"))
                .satisfies(r -> assertThat(r.forecasts()).isEmpty());
    }

    @Test
    void thresholdAgentWhenThePoolsPredictorForecastsTheDirtyRateAboveThetaThenTriggersOnIt() {
        configure("threshold", Optional.of("twin"));
        plugins.predictors().remove(3); // twin forecasts only the dirty rate now: DP_pred >= theta alone
        controller.cycle(POOL);
        assertThat(history(AuditRecord.Type.DECISION)).singleElement().satisfies(r -> {
            assertThat(r.detail()).startsWith("v1 dirties 10000100 pages/s >= 25000");
            assertThat(r.forecasts()).extracting(ForecastRecord::metric)
                    .containsExactly(Metric.DIRTY_PAGES_PER_SECOND);
        });
    }

    @Test
    void thresholdAgentWithoutAPredictorThenTheMeasuredDirtyRateBelowThetaTriggersNothing() {
        configure("threshold", Optional.empty());
        controller.cycle(POOL);
        assertThat(history(AuditRecord.Type.DECISION)).as("v1 measured at 100 pages/s").isEmpty();
    }

    /** The steering the hybrid policy gave the adapter for the pool's one migration, after a quiet round 1. */
    private RoundDecision firstRound() {
        Fixtures.ScriptedAgent agent = new Fixtures.ScriptedAgent("scripted");
        agent.decide = c -> List.of(new MigrationDecision(new VmId("v1"), new HostId("h1"), new HostId("h2"),
                "scripted", "test"));
        plugins.agents().add(Fixtures.entry("scripted", agent, ++ids));
        controller.cycle(POOL);
        assertThat(adapter.steerings).hasSize(1);
        MigrationSteering s = adapter.steerings.get(0);
        s.begin(Optional.empty());
        return s.afterRound(new RoundReport(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 1000, 100_000, 10, 1e8,
                1), Optional.empty());
    }

    @Test
    void hybridPolicyWhenThePoolsPredictorForecastsABurstThenSwitchesToPostCopy() {
        configure("scripted", Optional.of("twin"));
        assertThat(firstRound()).isInstanceOf(RoundDecision.SwitchToPostCopy.class);
    }

    @Test
    void hybridPolicyWithoutAPredictorThenGoesOnWithPreCopyAtTheObservedRate() {
        configure("scripted", Optional.empty());
        assertThat(firstRound()).isInstanceOf(RoundDecision.PreCopyRound.class);
    }

    @Test
    void aPredictorNameThenEachMetricFromItsOwnServiceOfThatName() {
        Fixtures.ScriptedAgent agent = new Fixtures.ScriptedAgent("scripted");
        List<Optional<Forecast>> seen = new ArrayList<>();
        agent.decide = c -> {
            seen.add(c.forecast("h1", Metric.CPU_UTILISATION));
            seen.add(c.forecast("v1", Metric.DIRTY_PAGES_PER_SECOND));
            seen.add(c.forecast("h1", Metric.MEMORY_USED_BYTES));
            return List.of();
        };
        plugins.agents().add(Fixtures.entry("scripted", agent, ++ids));
        configure("scripted", Optional.of("twin"));
        controller.cycle(POOL);
        assertThat(seen.get(0).orElseThrow().mean(1)).isCloseTo(0.9, within(1e-12));
        assertThat(seen.get(1).orElseThrow().mean(1)).isEqualTo(100 + 1e7);
        assertThat(seen.get(2)).as("no memory predictor named twin").isEmpty();
        assertThat(status().predictors()).extracting(PredictorUse::metric, PredictorUse::installed,
                PredictorUse::bundle, PredictorUse::model).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Metric.CPU_UTILISATION, true, "io.ferry.test.twin/1.0.3",
                                Optional.of(CPU_MODEL)),
                        org.assertj.core.groups.Tuple.tuple(Metric.DIRTY_PAGES_PER_SECOND, true,
                                "io.ferry.test.twin/1.0.4", Optional.empty()));
    }

    @Test
    void aSelectedPredictorNotInstalledThenStatusSaysSoAndThePoolDecidesWithoutIt() {
        configure("threshold", Optional.of("twin"));
        plugins.predictors().remove(3);
        plugins.predictors().remove(4);
        adapter.hosts.set(0, host("h1", 0.85));
        controller.cycle(POOL);
        assertThat(status().problem()).contains("twin selected, not installed: deciding without forecasts");
        assertThat(status().predictors()).extracting(PredictorUse::installed).containsExactly(false, false);
        assertThat(history(AuditRecord.Type.DECISION)).singleElement()
                .satisfies(r -> assertThat(r.detail()).startsWith("host h1 at 85% CPU"));
    }

    @Test
    void aPredictorThatThrowsThenRecordedOnceCountedInStatusAndTheRecoverySaysHowMany() {
        configure("threshold", Optional.of("twin"));
        twinCpu.broken = true;
        for (int i = 0; i < 3; i++) {
            controller.cycle(POOL);
        }
        assertThat(history(AuditRecord.Type.ERROR)).filteredOn(r -> r.detail().contains("predictor twin"))
                .singleElement().satisfies(r -> assertThat(r.detail()).isEqualTo("predictor twin (CPU_UTILISATION) "
                        + "threw java.lang.IllegalStateException: weights not loaded: deciding without its forecasts;"
                        + " further failures are counted in migration:status, not recorded one by one"));
        PredictorUse cpu = status().predictors().get(0);
        assertThat(cpu.failures()).as("two hosts asked about in each of three cycles").isEqualTo(6);
        assertThat(cpu.lastFailure()).contains("threw java.lang.IllegalStateException: weights not loaded");
        assertThat(history(AuditRecord.Type.DECISION)).as("h1 at 60 % observed: no CPU forecast, no CPU trigger")
                .noneSatisfy(r -> assertThat(r.detail()).startsWith("host h1"));
        twinCpu.broken = false;
        controller.cycle(POOL);
        assertThat(history(AuditRecord.Type.ERROR)).filteredOn(r -> r.detail().contains("predictor twin"))
                .extracting(AuditRecord::detail).last().asString()
                .startsWith("predictor twin (CPU_UTILISATION) forecasts again after 6 failed forecasts");
        assertThat(status().predictors().get(0).failures()).isZero();
    }

    @Test
    void forecastsThenAuditedBesideWhatWasMeasuredWhenTheirRoundComes() {
        configure("threshold", Optional.of("twin"));
        controller.cycle(POOL);
        assertThat(history(AuditRecord.Type.FORECAST)).isEmpty();
        adapter.seriesEnd = Instant.EPOCH.plusSeconds(5);
        adapter.series.put("h1|CPU_UTILISATION", new double[] {0.6, 0.7});
        controller.cycle(POOL);
        List<ForecastRecord> audited = history(AuditRecord.Type.FORECAST).stream()
                .flatMap(r -> r.forecasts().stream()).toList();
        assertThat(audited).anySatisfy(f -> {
            assertThat(f.subject()).isEqualTo("h1");
            assertThat(f.at()).isEqualTo(Instant.EPOCH.plusSeconds(5));
            assertThat(f.value()).isCloseTo(0.9, within(1e-12));
            assertThat(f.observed().getAsDouble()).isEqualTo(0.7);
            assertThat(f.error().getAsDouble()).isCloseTo(-0.2, within(1e-12));
            assertThat(f.model()).contains(CPU_MODEL);
        });
        assertThat(audited).as("each forecast audited once").extracting(ForecastRecord::subject,
                ForecastRecord::metric).doesNotHaveDuplicates();
        assertThat(history(AuditRecord.Type.FORECAST)).anySatisfy(r -> assertThat(r.detail())
                .isEqualTo("twin forecast CPU_UTILISATION of h1 0.9000, observed 0.7000, error -0.2000"));
    }

    @Test
    void theLedgerKeepsAtMostItsSettingDroppingTheOldest() {
        Map<String, Object> c = new HashMap<>(Map.of("policy", "hybrid", "agent", "threshold", "predictor", "twin",
                "forecastLedger", "1"));
        controller.configure("io.ferry.pool~p", c);
        controller.cycle(POOL);
        adapter.seriesEnd = Instant.EPOCH.plusSeconds(5);
        controller.cycle(POOL);
        assertThat(history(AuditRecord.Type.FORECAST)).as("two hosts forecast, one kept").hasSize(1);
    }
}
