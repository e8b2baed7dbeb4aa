package io.ferry.simpool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationHandle;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.MigrationSteering;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.api.spi.MigrationPolicyFactory;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** Scenario builders for the pool tests: a pool on a manual ticker, requests, and waiting by ticking. */
final class TestPools {

    private static final AtomicInteger IDS = new AtomicInteger();

    private TestPools() {
    }

    /** A pool with its own {@link ManualTicker}. */
    record Pool(SimulatedPoolAdapter adapter, ManualTicker ticker) {

        ClusterSnapshot snapshot() {
            try {
                return adapter.snapshot();
            } catch (HypervisorException e) {
                throw new AssertionError(e);
            }
        }

        /** Starts a migration of {@code vm} to {@code target} steered by {@code policy}. */
        MigrationHandle migrate(VmId vm, HostId target, MigrationPolicy policy) throws HypervisorException {
            MigrationRequest request = request(snapshot(), vm, target);
            return adapter.migrate(nextId(), request, policy.steer(request, adapter.capabilities()));
        }

        /** Starts a migration with the given steering. */
        MigrationHandle migrate(VmId vm, HostId target, MigrationSteering steering) throws HypervisorException {
            return adapter.migrate(nextId(), request(snapshot(), vm, target), steering);
        }

        /** Ticks until the migration's outcome is complete; fails after {@code maxTicks}. */
        MigrationOutcome awaitOutcome(MigrationHandle handle, int maxTicks) {
            CompletableFuture<MigrationOutcome> f = handle.outcome().toCompletableFuture();
            for (int i = 0; i < maxTicks && !f.isDone(); i++) {
                ticker.tick();
            }
            assertThat(f).as("outcome of %s after %d ticks", handle.id(), maxTicks).isDone();
            return f.join();
        }
    }

    /** @return the defaults with {@code overrides} on top, on a manual ticker */
    static Pool pool(Object... overrides) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < overrides.length; i += 2) {
            properties.put((String) overrides[i], overrides[i + 1]);
        }
        ManualTicker ticker = new ManualTicker();
        return new Pool(new SimulatedPoolAdapter(properties, ticker), ticker);
    }

    static MigrationId nextId() {
        return new MigrationId("m-" + IDS.incrementAndGet());
    }

    /** A request as a controller would build it from the snapshot: 4 KiB pages, 1 MiB state, 300 ms budget. */
    static MigrationRequest request(ClusterSnapshot s, VmId vm, HostId target) {
        VmState v = s.vm(vm).orElseThrow();
        HostId source = v.residentOn().orElse(new HostId("host-00"));
        return new MigrationRequest(vm, source, target, v.memoryBytes(), 4096, 1 << 20,
                new LinkSpec(10e9 / 8, Duration.ofMillis(1), 1), new DirtyBehaviour(1000, 0,
                        DirtyBehaviour.Source.ASSUMED), Duration.ofMillis(300));
    }

    static MigrationPolicy precopy() {
        return policy("precopy");
    }

    /** @return the shipped policy of that name with its defaults, found by name as {@code ./ferry compare} finds it */
    static MigrationPolicy policy(String name) {
        return ServiceLoader.load(MigrationPolicyFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no policy factory named " + name + " on the class path"))
                .create(Map.of());
    }

    /** @return the running VM with the most memory on the busiest host (ties: lowest id) */
    static VmState bigVmOnBusiestHost(ClusterSnapshot s) {
        HostState busiest = s.hosts().stream().max(Comparator.comparingDouble(HostState::cpuUtilisation))
                .orElseThrow();
        return s.vmsOn(busiest.id()).stream()
                .max(Comparator.comparingLong(VmState::memoryBytes).thenComparing(VmState::id,
                        Comparator.reverseOrder()))
                .orElseThrow();
    }

    /** @return the in-service host with the most free memory other than {@code except} */
    static HostState roomiestHostOtherThan(ClusterSnapshot s, HostId except) {
        return s.hosts().stream().filter(h -> h.acceptsVms() && !h.id().equals(except))
                .max(Comparator.comparingLong(HostState::memoryFreeBytes).thenComparing(HostState::id,
                        Comparator.reverseOrder()))
                .orElseThrow();
    }

    /** @return a running VM that is not {@code except}, largest first */
    static VmState anotherRunningVm(ClusterSnapshot s, VmId except) {
        return s.vms().stream().filter(v -> v.power() == PowerState.RUNNING && !v.id().equals(except))
                .max(Comparator.comparingLong(VmState::memoryBytes).thenComparing(VmState::id,
                        Comparator.reverseOrder()))
                .orElseThrow();
    }

    /** @return where the VM runs now */
    static HostId hostOf(ClusterSnapshot s, VmId vm) {
        return s.vm(vm).orElseThrow().residentOn().orElseThrow();
    }
}
