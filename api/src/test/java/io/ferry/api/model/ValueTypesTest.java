package io.ferry.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    private static final LinkSpec LINK = new LinkSpec(1e9 / 8, Duration.ofMillis(1), 1);
    private static final DirtyBehaviour IDLE = new DirtyBehaviour(0, 0, DirtyBehaviour.Source.ASSUMED);

    private static MigrationRequest request(long memory, int page) {
        return new MigrationRequest(new VmId("vm"), new HostId("a"), new HostId("b"), memory, page, 0, LINK, IDLE,
                Duration.ofMillis(300));
    }

    @Test
    void requestRoundsAPartialLastPageUp() {
        assertThat(request(4097, 4096).pageCount()).isEqualTo(2);
        assertThat(request(1L << 30, 4096).linkPagesPerSecond()).isCloseTo(30517.578125,
                org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void requestToTheSameHostIsRefused() {
        assertThatThrownBy(() -> new MigrationRequest(new VmId("vm"), new HostId("a"), new HostId("a"), 1 << 20, 4096,
                0, LINK, IDLE, Duration.ofMillis(300))).hasMessage("target = a: must differ from the source host");
    }

    @Test
    void linkOutOfRangeNamesParameterAndRange() {
        assertThatThrownBy(() -> new LinkSpec(0, Duration.ZERO, 1))
                .hasMessage("bandwidthBytesPerSec = 0.0: must be a finite number > 0");
        assertThatThrownBy(() -> new LinkSpec(1, Duration.ZERO, 1.5))
                .hasMessage("compressionRatio = 1.5: must be in (0, 1] (1 = no compression)");
    }

    @Test
    void pageOrderIsImmutable() {
        int[] pages = {3, 1, 2};
        PageOrder order = new PageOrder(pages);
        pages[0] = 99;
        order.toArray()[1] = 99;
        assertThat(order.toArray()).containsExactly(3, 1, 2);
        assertThatThrownBy(() -> new PageOrder(new int[] {-1})).hasMessage("page = -1: page numbers must be >= 0");
    }

    @Test
    void outcomeKeepsTheVmOnExactlyTheHostItsStatusImplies() {
        MigrationId id = new MigrationId("m1");
        HostId a = new HostId("a");
        HostId b = new HostId("b");
        new MigrationOutcome(id, new VmId("vm"), a, b, MigrationOutcome.Status.COMPLETED, b, Technique.PRE_COPY,
                Optional.empty(), "");
        assertThatThrownBy(() -> new MigrationOutcome(id, new VmId("vm"), a, b, MigrationOutcome.Status.FAILED, b,
                Technique.PRE_COPY, Optional.empty(), "VM_MIGRATE_FAILED"))
                .hasMessage("finalHost = b: a FAILED migration leaves the VM on a");
    }

    @Test
    void outcomeWhenTheSteeringFailedIsRecordedAsAFallbackNotAPlainCompletion() {
        MigrationId id = new MigrationId("m1");
        HostId a = new HostId("a");
        HostId b = new HostId("b");
        MigrationOutcome steered = new MigrationOutcome(id, new VmId("vm"), a, b, MigrationOutcome.Status.COMPLETED, b,
                Technique.PRE_COPY, Optional.empty(), "");
        MigrationOutcome fellBack = new MigrationOutcome(id, new VmId("vm"), a, b, MigrationOutcome.Status.COMPLETED,
                b, Technique.PRE_COPY, Optional.empty(), "", Optional.of("policy failed after round 1"));
        assertThat(steered.fellBack()).isFalse();
        assertThat(fellBack.fellBack()).isTrue();
        assertThat(fellBack).isNotEqualTo(steered);
        assertThatThrownBy(() -> new MigrationOutcome(id, new VmId("vm"), a, b, MigrationOutcome.Status.COMPLETED, b,
                Technique.PRE_COPY, Optional.empty(), "", null)).hasMessageContaining("fallback");
    }

    @Test
    void snapshotIndexesHostsAndResidents() {
        HostState h1 = new HostState(new HostId("h1"), "h1", true, false, 8, 0.5, 64L << 30, 32L << 30);
        HostState h2 = new HostState(new HostId("h2"), "h2", true, true, 8, 0.1, 64L << 30, 60L << 30);
        VmState v1 = new VmState(new VmId("v1"), "v1", PowerState.RUNNING, Optional.of(h1.id()), 1L << 30, 2, 0.3,
                Set.of("web"));
        VmState v2 = new VmState(new VmId("v2"), "v2", PowerState.HALTED, Optional.empty(), 1L << 30, 2, 0, Set.of());
        ClusterSnapshot s = new ClusterSnapshot(new PoolId("p"), Instant.EPOCH, List.of(h1, h2), List.of(v1, v2));
        assertThat(s.vmsOn(h1.id())).containsExactly(v1);
        assertThat(s.vmsOn(h2.id())).isEmpty();
        assertThat(s.vm(new VmId("v2"))).contains(v2);
        assertThat(s.host(new HostId("nope"))).isEmpty();
        assertThat(h2.acceptsVms()).isFalse();
        assertThat(v2.migratable()).isFalse();
    }

    @Test
    void snapshotRefusesDuplicatesAndUnknownResidents() {
        HostState h1 = new HostState(new HostId("h1"), "h1", true, false, 8, 0.5, 1, 1);
        VmState lost = new VmState(new VmId("v"), "v", PowerState.RUNNING, Optional.of(new HostId("h9")), 1, 1, 0,
                Set.of());
        assertThatThrownBy(() -> new ClusterSnapshot(new PoolId("p"), Instant.EPOCH, List.of(h1, h1), List.of()))
                .hasMessage("hosts: host id h1 appears twice");
        assertThatThrownBy(() -> new ClusterSnapshot(new PoolId("p"), Instant.EPOCH, List.of(h1), List.of(lost)))
                .hasMessage("vms: VM v is resident on unknown host h9");
    }

    @Test
    void runningVmWithoutHostIsRefused() {
        assertThatThrownBy(() -> new VmState(new VmId("v"), "v", PowerState.RUNNING, Optional.empty(), 1, 1, 0,
                Set.of())).hasMessage("residentOn is empty: a running VM v runs on some host");
    }

    @Test
    void forecastBandMustBeOrderedAndFinite() {
        assertThatThrownBy(() -> new Forecast("p", Metric.CPU_UTILISATION, Duration.ofSeconds(5), new double[] {0.5},
                new double[] {0.6}, new double[] {0.7}))
                .hasMessage("forecast point 0 = 0.6 <= 0.5 <= 0.7: must be finite and ordered");
        Forecast f = new Forecast("p", Metric.CPU_UTILISATION, Duration.ofSeconds(5), new double[] {0.5, 0.6});
        assertThat(f.horizon()).isEqualTo(2);
        assertThat(f.mean(2)).isEqualTo(0.6);
    }

    @Test
    void metricWindowRefusesNonFiniteSamples() {
        assertThatThrownBy(() -> new MetricWindow("v", Metric.CPU_UTILISATION, Instant.EPOCH, Duration.ofSeconds(5),
                new double[] {0.1, Double.NaN})).hasMessage("values[1] = NaN: must be finite");
        MetricWindow w = new MetricWindow("v", Metric.CPU_UTILISATION, Instant.EPOCH, Duration.ofSeconds(5),
                new double[] {0.1, 0.2});
        assertThat(w.latest()).isEqualTo(0.2);
    }
}
