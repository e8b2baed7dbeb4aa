package io.ferry.controller.internal;

import static io.ferry.controller.internal.Fixtures.host;
import static io.ferry.controller.internal.Fixtures.vm;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.Predictor;
import io.ferry.api.model.Capability;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.HostId;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.controller.AuditRecord;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The steps of the control cycle: plans computed once, forecasts in the request, the pool's typed OCD. */
class ControlCycleTest {

    private static final PoolId POOL = new PoolId("p");
    private static final VmId V1 = new VmId("v1");
    private static final HostId H1 = new HostId("h1");
    private static final HostId H2 = new HostId("h2");

    @TempDir
    Path dir;

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock();
    private final Fixtures.FakeAdapter adapter = new Fixtures.FakeAdapter("p");
    private final Fixtures.ScriptedAgent agent = new Fixtures.ScriptedAgent("scripted");
    private final Fixtures.FixedPolicy policy = new Fixtures.FixedPolicy("a", Capability.PRE_COPY);
    private final Plugins plugins = new Plugins();
    private ScheduledExecutorService timers;
    private AuditLog audit;
    private Controller controller;

    /** Forecasts the dirty rate as twice the newest sample, for six steps. */
    private static final Predictor DOUBLING = new Predictor() {
        @Override
        public String name() {
            return "doubling";
        }

        @Override
        public Metric metric() {
            return Metric.DIRTY_PAGES_PER_SECOND;
        }

        @Override
        public int minimumHistory() {
            return 2;
        }

        @Override
        public Forecast forecast(MetricWindow history, int horizon) {
            double[] mean = new double[horizon];
            java.util.Arrays.fill(mean, 2 * history.latest());
            return new Forecast(name(), metric(), history.step(), mean);
        }
    };

    @BeforeEach
    void setUp() {
        adapter.hosts.addAll(List.of(host("h1", 0.95), host("h2", 0.2)));
        adapter.vms.add(vm("v1", "h1", 0.9));
        plugins.policies().add(Fixtures.entry("a", policy, 1));
        plugins.agents().add(Fixtures.entry("scripted", agent, 2));
        plugins.predictors().add(Fixtures.entry("doubling", DOUBLING, 3));
        timers = Executors.newSingleThreadScheduledExecutor();
        audit = new AuditLog(dir, 1 << 20, 3, 1000);
        controller = new Controller(plugins, audit, (pool, props) -> { }, clock, timers, Runnable::run, false);
        controller.configure("io.ferry.pool~p", new HashMap<>(Map.of("policy", "a", "agent", "scripted",
                "holdSeconds", "0", "minImprovement", "0")));
        controller.addAdapter(adapter);
    }

    @AfterEach
    void tearDown() {
        timers.shutdownNow();
        audit.close();
    }

    @Test
    void cycleWhenAgentAskedForThePlanThenPolicyPlansOnceAndTheDecisionRunsWithThatPlan() {
        agent.decide = c -> {
            c.plan(V1, H2);
            c.plan(V1, H2);
            return List.of(new MigrationDecision(V1, H1, H2, "scripted", "test"));
        };
        controller.cycle(POOL);
        assertThat(policy.plans).isEqualTo(1);
        assertThat(policy.lastSteered).isSameAs(policy.lastPlanned);
        assertThat(controller.history(Optional.of(POOL), 10)).extracting(AuditRecord::type)
                .contains(AuditRecord.Type.DECISION);
    }

    @Test
    void requestWhenADirtyRatePredictorIsSelectedThenCarriesItsForecastAsPredictedDirtying() {
        adapter.series.put("v1|DIRTY_PAGES_PER_SECOND", new double[] {100, 300, 200});
        controller.configure("io.ferry.pool~p", new HashMap<>(Map.of("policy", "a", "agent", "scripted",
                "predictor", "doubling", "forecastSteps", "4", "holdSeconds", "0", "minImprovement", "0")));
        agent.decide = c -> List.of(new MigrationDecision(V1, H1, H2, "scripted", "test"));
        controller.cycle(POOL);
        var request = policy.lastPlanned;
        assertThat(request.dirtyForecast()).hasValueSatisfying(f -> {
            assertThat(f.predictor()).isEqualTo("doubling");
            assertThat(f.horizon()).isEqualTo(4);
        });
        assertThat(request.dirtying().source()).isEqualTo(DirtyBehaviour.Source.PREDICTED);
        assertThat(request.dirtying().pagesPerSecond()).isEqualTo(400);
    }

    @Test
    void requestWhenNoPredictorIsSelectedThenCarriesTheMeasuredRateAndNoForecast() {
        adapter.series.put("v1|DIRTY_PAGES_PER_SECOND", new double[] {100, 300, 200});
        agent.decide = c -> List.of(new MigrationDecision(V1, H1, H2, "scripted", "test"));
        controller.cycle(POOL);
        assertThat(policy.lastPlanned.dirtyForecast()).isEmpty();
        assertThat(policy.lastPlanned.dirtying().source()).isEqualTo(DirtyBehaviour.Source.MEASURED);
    }

    @Test
    void poolFactoryPidHasATypedOcdWithDefaults() throws Exception {
        String xml;
        try (InputStream in = getClass().getResourceAsStream(
                "/OSGI-INF/metatype/io.ferry.controller.internal.PoolConfiguration.xml")) {
            assertThat(in).as("metatype of io.ferry.pool generated").isNotNull();
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(xml).contains("<Designate factoryPid=\"io.ferry.pool\">")
                .contains("id=\"policy\"").contains("default=\"precopy\"")
                .contains("id=\"cooldownSeconds\"").contains("default=\"600\"");
    }
}
