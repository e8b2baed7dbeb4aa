package io.ferry.stream;

import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The samples the golden files pin: every kind of host and VM state, two windows; v2 with a QEMU hypervisor. */
final class Samples {

    static final PoolId POOL = new PoolId("sim");

    private Samples() {
    }

    /** The hypervisor of {@code pool-sample-v2.json}. */
    static final PoolSample.Hypervisor QEMU = new PoolSample.Hypervisor("qemu",
            Set.of(Capability.CANCEL, Capability.PRE_COPY, Capability.POST_COPY, Capability.POSTCOPY_SWITCH,
                    Capability.DOWNTIME_LIMIT),
            Optional.of(new LinkSpec(125_000_000.0, Duration.ofNanos(500_000), 1.0)));

    /** @return the sample of {@code pool-sample-v2.json} */
    static PoolSample goldenV2() {
        return golden().withHypervisor(QEMU);
    }

    /** @return the sample of {@code pool-sample-v1.json}: no hypervisor */
    static PoolSample golden() {
        Instant taken = Instant.parse("2026-12-04T19:00:05.123456789Z");
        HostState h1 = new HostState(new HostId("h1"), "host one", true, false, 8, 0.625, 68_719_476_736L,
                17_179_869_184L);
        HostState h2 = new HostState(new HostId("h2"), "host two", true, true, 16, 0.0, 137_438_953_472L,
                137_438_953_472L);
        HostState h3 = new HostState(new HostId("h3"), "host three (off)", false, false, 4, 0.1, 34_359_738_368L,
                0L);
        VmState web = new VmState(new VmId("vm-web"), "web \"front\"", PowerState.RUNNING,
                Optional.of(new HostId("h1")), 4_294_967_296L, 2, 0.875, Set.of("web", "fd:rack-a"));
        VmState db = new VmState(new VmId("vm-db"), "db", PowerState.PAUSED, Optional.of(new HostId("h1")),
                8_589_934_592L, 4, 0.0, Set.of());
        VmState cold = new VmState(new VmId("vm-cold"), "cold spare", PowerState.HALTED, Optional.empty(),
                1_073_741_824L, 1, 0.0, Set.of("spare"));
        ClusterSnapshot snapshot = new ClusterSnapshot(POOL, taken, List.of(h1, h2, h3), List.of(web, db, cold));
        MetricWindow cpu = new MetricWindow("vm-web", Metric.CPU_UTILISATION, taken, Duration.ofSeconds(5),
                new double[] {0.5, 0.75, 0.875});
        MetricWindow dirty = new MetricWindow("vm-web", Metric.DIRTY_PAGES_PER_SECOND, taken,
                Duration.ofMillis(2500), new double[] {12_000.0, 1.0E-3, 3.141592653589793});
        return new PoolSample(POOL, "ferry-a", 42, Instant.parse("2026-12-04T19:00:05.200Z"), snapshot,
                List.of(cpu, dirty));
    }
}
