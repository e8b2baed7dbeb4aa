package io.ferry.controller.internal;

import static io.ferry.controller.internal.Fixtures.host;
import static io.ferry.controller.internal.Fixtures.vm;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.HypervisorException;
import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.PoolId;
import io.ferry.controller.TelemetryListener;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whiteboard hook: each cycle's snapshot and windows reach the listeners, never at the cycle's expense. */
class TelemetryListenersTest {

    private static final PoolId POOL = new PoolId("p");

    @TempDir
    Path dir;

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock();
    private final Fixtures.FakeAdapter adapter = new Fixtures.FakeAdapter("p");
    private final Fixtures.ScriptedAgent agent = new Fixtures.ScriptedAgent("scripted");
    private final Plugins plugins = new Plugins();
    private final List<Runnable> queued = new ArrayList<>();
    private boolean refuse;
    private ScheduledExecutorService timers;
    private AuditLog audit;
    private Controller controller;

    /** Records what it is told. */
    private static final class Recording implements TelemetryListener {
        final List<ClusterSnapshot> snapshots = new ArrayList<>();
        final List<List<MetricWindow>> windows = new ArrayList<>();
        final List<Instant> times = new ArrayList<>();

        @Override
        public void cycleRead(ClusterSnapshot snapshot, List<MetricWindow> w, Instant readAt) {
            snapshots.add(snapshot);
            windows.add(w);
            times.add(readAt);
        }

        @Override
        public List<String> problems() {
            return List.of("telemetry: broker 127.0.0.1:9 unreachable");
        }
    }

    @BeforeEach
    void setUp() {
        adapter.hosts.addAll(List.of(host("h1", 0.5), host("h2", 0.2)));
        adapter.vms.addAll(List.of(vm("v1", "h1", 0.9), vm("v2", "h2", 0.5)));
        adapter.series.put("v1|" + Metric.CPU_UTILISATION, new double[] {0.7, 0.8, 0.9});
        plugins.policies().add(Fixtures.entry("a", new Fixtures.FixedPolicy("a", Capability.PRE_COPY), 1));
        plugins.agents().add(Fixtures.entry("scripted", agent, 2));
        // the agent reads two windows of the same series and one of a series the hypervisor lacks
        agent.decide = c -> {
            c.metrics("v1", Metric.CPU_UTILISATION, 2);
            c.metrics("v1", Metric.CPU_UTILISATION, 3);
            c.metrics("v2", Metric.DIRTY_PAGES_PER_SECOND, 3);
            return List.of();
        };
        timers = Executors.newSingleThreadScheduledExecutor();
        audit = new AuditLog(dir, 1 << 20, 3, 1000);
        Executor hand = r -> {
            if (refuse) {
                throw new RejectedExecutionException("full");
            }
            queued.add(r);
        };
        controller = new Controller(plugins, audit, (pool, props) -> { }, AcceptedConfigurations.inMemory(), clock,
                timers, Runnable::run, false, new TelemetryFanOut(hand));
        controller.configure("io.ferry.pool~p", Map.of("policy", "a", "agent", "scripted"));
        controller.addAdapter(adapter);
    }

    @AfterEach
    void tearDown() {
        timers.shutdownNow();
        audit.close();
    }

    @Test
    void aCycleHandsItsSnapshotAndTheLongestWindowOfEachSeriesItReadToEveryListener() {
        Recording one = new Recording();
        Recording two = new Recording();
        controller.addTelemetryListener(one);
        controller.addTelemetryListener(two);

        controller.cycle(POOL);
        assertThat(one.snapshots).isEmpty(); // handed off, not called on the cycle's thread
        queued.forEach(Runnable::run);

        assertThat(queued).hasSize(1);
        for (Recording r : List.of(one, two)) {
            assertThat(r.snapshots).singleElement().satisfies(s -> assertThat(s.vms()).hasSize(2));
            assertThat(r.windows).singleElement().satisfies(w -> assertThat(w).singleElement().satisfies(x -> {
                assertThat(x.subject()).isEqualTo("v1");
                assertThat(x.values()).containsExactly(0.7, 0.8, 0.9);
            }));
            assertThat(r.times).containsExactly(clock.now);
        }
    }

    @Test
    void aCycleThatDoesNotReachTheHypervisorHandsNothingOut() {
        Recording r = new Recording();
        controller.addTelemetryListener(r);
        adapter.unreachable = new HypervisorException("CONNECTION_REFUSED", "down", null);

        controller.cycle(POOL);

        assertThat(queued).isEmpty();
    }

    @Test
    void whenTheListenersAreBehindTheCycleRunsOnAndTheDropIsCountedInOneProblemLine() {
        Recording r = new Recording();
        controller.addTelemetryListener(r);
        refuse = true;

        controller.cycle(POOL);
        controller.cycle(POOL);

        assertThat(agent.contexts).hasSize(2);
        assertThat(controller.problems()).containsExactly("telemetry: broker 127.0.0.1:9 unreachable",
                "telemetry hand-off: 2 cycles' telemetry dropped (listeners behind), 0 listener failures");
    }

    @Test
    void aListenerThatThrowsIsCountedAndTheOthersAreStillCalled() {
        Recording r = new Recording();
        controller.addTelemetryListener((s, w, t) -> {
            throw new IllegalStateException("boom");
        });
        controller.addTelemetryListener(r);

        controller.cycle(POOL);
        queued.forEach(Runnable::run);

        assertThat(r.snapshots).hasSize(1);
        assertThat(controller.problems()).contains(
                "telemetry hand-off: 0 cycles' telemetry dropped (listeners behind), 1 listener failures");
    }

    @Test
    void aRemovedListenerIsNoLongerCalledAndWithoutListenersNothingIsQueued() {
        Recording r = new Recording();
        controller.addTelemetryListener(r);
        controller.removeTelemetryListener(r);

        controller.cycle(POOL);

        assertThat(queued).isEmpty();
        assertThat(controller.problems()).isEmpty();
    }
}
