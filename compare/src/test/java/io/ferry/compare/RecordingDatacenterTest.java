package io.ferry.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.controller.PoolRecording;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.DatacenterWorkload;
import io.ferry.datacenter.HostType;
import io.ferry.datacenter.MigrationEstimate;
import io.ferry.datacenter.MigrationJob;
import io.ferry.datacenter.MigrationModel;
import io.ferry.datacenter.VmType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A pool's recording as a data-centre day: hosts, VM types and the CPU series resampled to the interval. */
class RecordingDatacenterTest {

    private static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");
    private static final LinkSpec LINK = new LinkSpec(1e9 / 8, Duration.ofMillis(1), 1);

    private static VmState vm(String id, long memory, int vcpus, double cpu) {
        return new VmState(new VmId(id), id, PowerState.RUNNING, Optional.of(new HostId("h1")), memory, vcpus, cpu,
                Set.of());
    }

    private static PoolRecording.VmRecording recorded(VmState vm, Optional<MetricWindow> cpu) {
        return new PoolRecording.VmRecording(vm, new DirtyBehaviour(500, 0, DirtyBehaviour.Source.INFERRED),
                Optional.empty(), cpu);
    }

    /** A 5-second CPU series ending at {@code end}. */
    private static Optional<MetricWindow> cpu(String vm, Instant end, double... values) {
        return Optional.of(new MetricWindow(vm, Metric.CPU_UTILISATION, end, Duration.ofSeconds(5), values));
    }

    private static PoolRecording recording(PoolRecording.VmRecording... vms) {
        return new PoolRecording(new PoolId("sim"), "fake", NOW, LINK, 4096, 1 << 20, Duration.ofMillis(250), 1500,
                List.of(vms));
    }

    private static HostState host(String id, int cpus, long memory, boolean maintenance) {
        return new HostState(new HostId(id), id + "-name", true, maintenance, cpus, 0.3, memory, memory / 2);
    }

    private static final List<HostState> HOSTS = List.of(host("h1", 8, 64L << 30, false),
            host("h2", 4, 32L << 30, true), host("h3", 16, 128L << 30, false));

    @Test
    void ofWhenPoolHostsThenOneTypePerAcceptingHostWithDefaultMipsAndPowerAndTheRecordingsLink() {
        RecordingDatacenter day = RecordingDatacenter.of(recording(recorded(vm("a", 2L << 30, 2, 0.5),
                cpu("a", NOW, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6))), HOSTS, 10);

        assertThat(day.hosts()).isEqualTo(2);
        assertThat(day.hostTypes()).containsExactly(
                new HostType("h1-name", 8, 2660, 64L << 30, 125_000_000, HostType.ML110_G5.power()),
                new HostType("h3-name", 16, 2660, 128L << 30, 125_000_000, HostType.ML110_G5.power()));
        assertThat(day.vmTypes()).containsExactly(new VmType("a", 2, 2660, 2L << 30));
        assertThat(day.downtimeBudget()).isEqualTo(Duration.ofMillis(250));
        assertThat(day.inferredDirtyPagesPerCpuSecond()).isEqualTo(1500);
    }

    @Test
    void ofWhenSeriesOfFiveSecondsThenMeanOfEachIntervalEndingWithTheNewestReading() {
        // 6 readings of 5 s = 30 s: three intervals of 10 s
        RecordingDatacenter day = RecordingDatacenter.of(recording(recorded(vm("a", 1L << 30, 1, 0.9),
                cpu("a", NOW, 0.1, 0.3, 0.5, 0.7, 1.0, 0.0))), HOSTS, 10);

        DatacenterWorkload w = day.workload();
        assertThat(w.vms()).isEqualTo(1);
        assertThat(w.vmName(0)).isEqualTo("a");
        assertThat(w.samples()).isEqualTo(3);
        assertThat(w.utilisation(0, 0)).isCloseTo(0.2, within(1e-12));
        assertThat(w.utilisation(0, 1)).isCloseTo(0.6, within(1e-12));
        assertThat(w.utilisation(0, 2)).isCloseTo(0.5, within(1e-12));
        assertThat(day.lengthSeconds()).isEqualTo(30);
        assertThat(w.label()).isEqualTo("recording of pool sim at 2026-12-02T05:00:00Z: 1 VMs on 2 hosts, "
                + "3 intervals of 10 s");
    }

    @Test
    void ofWhenAVmHasAShorterSeriesOrNoneThenFirstReadingBackwardsAndCurrentUtilisationAllAlong() {
        RecordingDatacenter day = RecordingDatacenter.of(recording(
                recorded(vm("long", 1L << 30, 1, 0.9), cpu("long", NOW, 0.1, 0.1, 0.2, 0.2, 0.4, 0.4)),
                recorded(vm("short", 1L << 30, 1, 0.9), cpu("short", NOW, 0.8, 0.6)),
                recorded(vm("none", 0, 4, 0.35), Optional.empty())), HOSTS, 10);

        DatacenterWorkload w = day.workload();
        assertThat(w.samples()).isEqualTo(3);
        assertThat(List.of(w.utilisation(1, 0), w.utilisation(1, 1), w.utilisation(1, 2)))
                .containsExactly(0.7, 0.7, 0.7);
        assertThat(List.of(w.utilisation(2, 0), w.utilisation(2, 1), w.utilisation(2, 2)))
                .containsExactly(0.35, 0.35, 0.35);
        assertThat(day.vmTypes().get(2)).isEqualTo(new VmType("none", 4, 2660, 1L << 20));
    }

    @Test
    void ofWhenAGapInTheMiddleThenTheIntervalRepeatsTheOneBefore() {
        // two series ending 20 s apart: the older one has no reading in the last two intervals
        RecordingDatacenter day = RecordingDatacenter.of(recording(
                recorded(vm("new", 1L << 30, 1, 0.5), cpu("new", NOW, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5)),
                recorded(vm("old", 1L << 30, 1, 0.5), cpu("old", NOW.minusSeconds(20), 0.2, 0.4))), HOSTS, 10);

        DatacenterWorkload w = day.workload();
        assertThat(w.samples()).isEqualTo(3);
        for (int k = 0; k < 3; k++) {
            assertThat(w.utilisation(1, k)).isCloseTo(0.3, within(1e-12));
        }
        assertThat(w.utilisation(0, 0)).isEqualTo(0.5);
    }

    @Test
    void setupWhenGivenAModelThenHostIAndVmIGetTypeIAndTheInterval() {
        RecordingDatacenter day = RecordingDatacenter.of(recording(
                recorded(vm("a", 1L << 30, 1, 0.5), cpu("a", NOW, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)),
                recorded(vm("b", 2L << 30, 2, 0.5), cpu("b", NOW, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6))), HOSTS, 10);
        MigrationModel model = new MigrationModel() {
            @Override
            public String name() {
                return "cloudsim";
            }

            @Override
            public MigrationEstimate estimate(MigrationJob job) {
                throw new UnsupportedOperationException();
            }
        };

        DatacenterSetup setup = day.setup(model, 9);

        assertThat(setup.hosts()).isEqualTo(2);
        assertThat(setup.hostTypes()).isEqualTo(day.hostTypes());
        assertThat(setup.vmTypes()).isEqualTo(day.vmTypes());
        assertThat(setup.intervalSeconds()).isEqualTo(10);
        assertThat(setup.lengthSeconds()).isEqualTo(30);
        assertThat(setup.migrationModel()).isSameAs(model);
        assertThat(setup.seed()).isEqualTo(9);
        assertThat(setup.retireIdleVms()).isFalse();
        assertThat(setup.migratedVmsHoldNoMemory()).isFalse();
        assertThat(setup.guard()).isEmpty();
    }

    @Test
    void ofWhenNothingToReplayThenOneLineRefusals() {
        assertThatThrownBy(() -> RecordingDatacenter.of(recording(), HOSTS, 10))
                .hasMessage("pool sim has no running VM to record");
        assertThatThrownBy(() -> RecordingDatacenter.of(recording(recorded(vm("a", 1, 1, 0.5), Optional.empty())),
                HOSTS, 10)).hasMessage("pool sim: no recorded VM has a CPU series to replay");
        assertThatThrownBy(() -> RecordingDatacenter.of(recording(recorded(vm("a", 1, 1, 0.5),
                cpu("a", NOW, 0.1, 0.2))), HOSTS, 10))
                .hasMessage("pool sim: its CPU series span 10 s, less than three intervals of 10 s: use a shorter "
                        + "interval, or wait until the pool has recorded longer");
        assertThatThrownBy(() -> RecordingDatacenter.of(recording(recorded(vm("a", 1, 1, 0.5),
                cpu("a", NOW, 0.1, 0.2, 0.3, 0.4))), List.of(host("h2", 4, 1L << 30, true)), 10))
                .hasMessage("pool sim: no host accepts VMs (all in maintenance or disabled)");
    }
}
