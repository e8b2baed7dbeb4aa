package io.ferry.controller.internal;

import static io.ferry.controller.internal.Fixtures.host;
import static io.ferry.controller.internal.Fixtures.vm;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationHandle;
import io.ferry.api.MigrationSteering;
import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.GuardStateStore;
import io.ferry.guard.GuardState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pool whose adapter keeps its guard state: the guard starts from it and every cycle hands it back. */
class GuardStateStoreTest {

    private static final PoolId POOL = new PoolId("p");
    private static final VmId V1 = new VmId("v1");
    private static final HostId H1 = new HostId("h1");
    private static final HostId H2 = new HostId("h2");

    /** The fake pool, also a store of its guard state. */
    static final class StoringAdapter implements HypervisorAdapter, GuardStateStore {
        final Fixtures.FakeAdapter fake = new Fixtures.FakeAdapter("p");
        final List<GuardState> saved = new ArrayList<>();
        Optional<GuardState> initial = Optional.empty();

        @Override
        public Optional<GuardState> load() {
            return initial;
        }

        @Override
        public void save(GuardState state) {
            saved.add(state);
        }

        @Override
        public PoolId pool() {
            return fake.pool();
        }

        @Override
        public String kind() {
            return fake.kind();
        }

        @Override
        public Set<Capability> capabilities() {
            return fake.capabilities();
        }

        @Override
        public ClusterSnapshot snapshot() throws HypervisorException {
            return fake.snapshot();
        }

        @Override
        public Optional<MetricWindow> metrics(String subject, Metric metric, int samples) {
            return fake.metrics(subject, metric, samples);
        }

        @Override
        public MigrationHandle migrate(MigrationId id, MigrationRequest request, MigrationSteering steering)
                throws HypervisorException {
            return fake.migrate(id, request, steering);
        }
    }

    @TempDir
    Path dir;

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock();
    private final StoringAdapter adapter = new StoringAdapter();
    private final Fixtures.ScriptedAgent agent = new Fixtures.ScriptedAgent("scripted");
    private final Plugins plugins = new Plugins();
    private ScheduledExecutorService timers;
    private AuditLog audit;
    private Controller controller;

    @BeforeEach
    void setUp() {
        adapter.fake.hosts.addAll(List.of(host("h1", 0.95), host("h2", 0.2)));
        adapter.fake.vms.add(vm("v1", "h1", 0.9));
        plugins.policies().add(Fixtures.entry("a", new Fixtures.FixedPolicy("a", Capability.PRE_COPY), 1));
        plugins.agents().add(Fixtures.entry("scripted", agent, 2));
        timers = Executors.newSingleThreadScheduledExecutor();
        audit = new AuditLog(dir, 1 << 20, 3, 1000);
        controller = new Controller(plugins, audit, (pool, props) -> { }, clock, timers, Runnable::run, false);
        controller.configure("io.ferry.pool~p", new HashMap<>(Map.of("policy", "a", "agent", "scripted",
                "holdSeconds", "0", "minImprovement", "0")));
        agent.decide = c -> List.of(new MigrationDecision(V1, H1, H2, "scripted", "test"));
    }

    @AfterEach
    void tearDown() {
        timers.shutdownNow();
        audit.close();
    }

    @Test
    void cycleWhenTheStoreHeldACooldownThenTheRestoredGuardRefusesTheMove() {
        Instant until = clock.instant().plusSeconds(3600);
        adapter.initial = Optional.of(new GuardState(List.of(), Map.of(V1, until), Map.of(), Map.of(), Map.of()));
        controller.addAdapter(adapter);
        controller.cycle(POOL);
        assertThat(adapter.fake.handles).isEmpty();
        assertThat(controller.history(Optional.of(POOL), 10)).filteredOn(r -> r.type() == AuditRecord.Type.REFUSED)
                .extracting(AuditRecord::detail).anySatisfy(d -> assertThat(d).contains("cooldown until " + until));
        assertThat(adapter.saved).last().satisfies(s -> assertThat(s.cooldownUntil()).containsEntry(V1, until));
    }

    @Test
    void cycleWhenAMoveStartsThenTheSavedStateHasItInFlight() {
        controller.addAdapter(adapter);
        controller.cycle(POOL);
        assertThat(adapter.fake.handles).hasSize(1);
        assertThat(adapter.saved).hasSize(1);
        assertThat(adapter.saved.get(0).moving(V1)).isTrue();
        adapter.fake.completeAll();
        controller.cycle(POOL);
        assertThat(adapter.saved.get(1).moving(V1)).isFalse();
        assertThat(adapter.saved.get(1).cooldownUntil()).containsKey(V1);
    }
}
