package io.ferry.datacenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.PowerCurve;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.datacenter.internal.DatacenterEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DatacenterSimulationTest {

    static final double HOUR = 3600;
    static final long MB = HostType.MB;
    static final VmType BIG = new VmType("big", 1, 1000, 3000 * MB);
    static final Candidate DVFS = new Candidate("dvfs", Optional.empty(), PowerAccounting.BY_UTILISATION,
            Placement.FIRST_FIT);
    static final Candidate NPA = new Candidate("npa", Optional.empty(), PowerAccounting.MAXIMUM_ALWAYS,
            Placement.FIRST_FIT);

    static DatacenterSetup setup(int hosts, List<HostType> hostTypes, List<VmType> vmTypes) {
        return new DatacenterSetup(hosts, hostTypes, vmTypes, 300, HOUR, CloudSimMigrationModel.INSTANCE, 7);
    }

    static DatacenterResult run(DatacenterSetup setup, DatacenterWorkload workload, Candidate candidate) {
        return new DatacenterEngine(setup, workload, candidate, k -> { }, true).run();
    }

    /** The processing times of a day as CloudSim's events reach them: 0.1 + 300, + 300 … while before the end. */
    static List<Double> processingTimes(double length) {
        List<Double> times = new ArrayList<>();
        for (double t = 0.1 + 300; t < length; t += 300) {
            times.add(t);
        }
        return times;
    }

    static List<String> ids(List<VmState> vms) {
        return vms.stream().map(v -> v.id().value()).collect(Collectors.toList());
    }

    static MigrationDecision move(String vm, String from, String to) {
        return new MigrationDecision(new VmId(vm), new HostId(from), new HostId(to), "scripted", "test");
    }

    @Test
    void energyOfALightlyLoadedDayIsEachHostsPowerAtItsLoadTimesTheDayFromTheFirstUpdate() {
        DatacenterSetup setup = setup(2, List.of(HostType.ML110_G4, HostType.ML110_G5), List.of(BIG));
        DatacenterResult r = run(setup, DatacenterWorkloads.constant(2, 12, 0.01), DVFS);
        List<Double> t = processingTimes(HOUR);
        double seconds = t.get(t.size() - 1) - t.get(0);
        double watts = HostType.ML110_G4.power().watts(10 / 3720.0) + HostType.ML110_G5.power().watts(10 / 5320.0);
        assertThat(r.day().energyKWh()).isCloseTo(watts * seconds / 3.6e6, within(1e-9));
        assertThat(watts).isCloseTo(86 + 93.7, within(0.2));
    }

    @Test
    void energyOfAnAllIdleDayIsZeroBecauseAHostAtZeroPercentCountsAsOff() {
        DatacenterSetup setup = setup(2, List.of(HostType.ML110_G4, HostType.ML110_G5), List.of(BIG));
        DatacenterResult kept = run(setup.withRetireIdleVms(false), DatacenterWorkloads.constant(2, 12, 0), DVFS);
        DatacenterResult retired = run(setup, DatacenterWorkloads.constant(2, 12, 0), DVFS);
        assertThat(kept.day().energyKWh()).isZero();
        assertThat(retired.day().energyKWh()).isZero();
        assertThat(kept.day().meanActiveHosts()).isZero();
    }

    @Test
    void energyUnderMaximumAlwaysIsEveryHostsMaximumFromTimeZeroToTheLastUpdate() {
        DatacenterSetup setup = setup(4, List.of(HostType.ML110_G4, HostType.ML110_G5), List.of(BIG));
        DatacenterResult r = run(setup, DatacenterWorkloads.constant(2, 12, 0.5), NPA);
        List<Double> t = processingTimes(HOUR);
        assertThat(r.day().energyKWh()).isCloseTo(2 * (117 + 135) * t.get(t.size() - 1) / 3.6e6, within(1e-9));
        assertThat(r.intervals()).hasSize(t.size() + 1);
        assertThat(r.intervals().stream().mapToDouble(IntervalMetrics::energyKWh).sum())
                .isCloseTo(r.day().energyKWh(), within(1e-9));
    }

    @Test
    void aHostAskedForMoreThanItHasAccruesSlaTimeAndCountsOverloaded() {
        VmType core = new VmType("core", 1, 1860, 1000 * MB);
        VmType small = new VmType("small", 1, 1000, 1000 * MB);
        DatacenterSetup setup = setup(2, List.of(HostType.ML110_G4), List.of(core, small));
        DatacenterWorkload busy = DatacenterWorkloads.constant(3, 12, 1.0);
        // v0, v1 fill h0 exactly (2 x 1860 = 3720 MIPS): at 100 % but given all it asks, no violation.
        DatacenterResult calm = run(setup, busy, DVFS);
        assertThat(calm.day().slatah()).isZero();
        assertThat(calm.day().overloadedHostIntervals()).isZero();
        // v2 joins them at the first decision: h0 is asked for 4720 MIPS for the rest of the day.
        ScriptedAgent agent = new ScriptedAgent(c -> c.snapshot().vmsOn(new HostId("h0001")).isEmpty() ? List.of()
                : List.of(move("v0002", "h0001", "h0000")));
        DatacenterResult r = run(setup, busy, ScriptedAgent.candidate(agent, Placement.FIRST_FIT));
        List<Double> t = processingTimes(HOUR);
        double h0Active = t.get(t.size() - 1) - t.get(0);
        double h1Active = 1000 * MB / (HostType.CLOUDSIM_GIGABIT / 2.0);
        assertThat(r.day().migrations()).isEqualTo(1);
        assertThat(r.day().slatah()).isBetween(h0Active / (h0Active + h1Active), 1.0);
        assertThat(r.day().overloadedHostIntervals()).isEqualTo(t.size() - 1);
        assertThat(r.day().pdm()).isGreaterThan(0);
    }

    @Test
    void underARandomAgentEveryVmIsOnExactlyOneHostAndEmptyHostsAreOffEveryInterval() {
        DatacenterSetup setup = setup(12, List.of(HostType.ML110_G4, HostType.ML110_G5), VmType.CLOUDSIM).physical();
        DatacenterWorkload load = DatacenterWorkloads.synthetic(24, 12, 3);
        List<String> violations = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(11);
        ScriptedAgent agent = new ScriptedAgent(c -> {
            ClusterSnapshot s = c.snapshot();
            assertThat(s.vms()).hasSize(24);
            for (HostState h : s.hosts()) {
                boolean empty = s.vmsOn(h.id()).isEmpty();
                if (empty != (h.memoryFreeBytes() == h.memoryTotalBytes()) || (empty && h.cpuUtilisation() != 0)) {
                    violations.add(h.id() + " at " + s.taken());
                }
            }
            List<MigrationDecision> out = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                VmState vm = s.vms().get(random.nextInt(s.vms().size()));
                HostState target = s.hosts().get(random.nextInt(s.hosts().size()));
                if (!target.id().equals(vm.residentOn().get())) {
                    out.add(new MigrationDecision(vm.id(), vm.residentOn().get(), target.id(), "random", "test"));
                }
            }
            return out;
        });
        DatacenterResult r = run(setup, load, ScriptedAgent.candidate(agent, Placement.FIRST_FIT));
        assertThat(agent.calls).isEqualTo(processingTimes(HOUR).size());
        assertThat(violations).isEmpty();
        assertThat(r.day().migrations()).isGreaterThan(10);
        assertThat(r.day().migrations() + r.day().refusedDecisions()).isGreaterThan(30);
    }

    @Test
    void theSameSeedGivesIdenticalResults() {
        DatacenterSetup setup = setup(10, List.of(HostType.ML110_G4, HostType.ML110_G5), VmType.CLOUDSIM);
        DatacenterWorkload load = DatacenterWorkloads.synthetic(20, 12, 5);
        DatacenterResult a = run(setup, load, ScriptedAgent.candidate(randomAgent(3), Placement.pabfd(0.8)));
        DatacenterResult b = run(setup, DatacenterWorkloads.synthetic(20, 12, 5),
                ScriptedAgent.candidate(randomAgent(3), Placement.pabfd(0.8)));
        DatacenterResult c = run(setup, DatacenterWorkloads.synthetic(20, 12, 6),
                ScriptedAgent.candidate(randomAgent(3), Placement.pabfd(0.8)));
        assertThat(a.day()).isEqualTo(b.day());
        assertThat(a.intervals()).isEqualTo(b.intervals());
        assertThat(a.day().migrations()).isGreaterThan(0);
        assertThat(c.day()).isNotEqualTo(a.day());
    }

    static ScriptedAgent randomAgent(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new ScriptedAgent(c -> {
            ClusterSnapshot s = c.snapshot();
            VmState vm = s.vms().get(random.nextInt(s.vms().size()));
            HostState target = s.hosts().get(random.nextInt(s.hosts().size()));
            return target.id().equals(vm.residentOn().get()) ? List.of()
                    : List.of(new MigrationDecision(vm.id(), vm.residentOn().get(), target.id(), "random", "test"));
        });
    }

    @Test
    void firstFitPlacesEachVmOnTheFirstHostWithTheCoreTheCpuAndTheMemory() {
        // v0 2500 MIPS: no G4 core is that fast, so h0001; v1 and v2 (1000 MIPS) fit on h0000 in turn.
        VmType fast = new VmType("fast", 1, 2500, 870 * MB);
        VmType slow = new VmType("slow", 1, 1000, 1740 * MB);
        DatacenterSetup setup = setup(3, List.of(HostType.ML110_G4, HostType.ML110_G5), List.of(fast, slow));
        List<ClusterSnapshot> seen = new ArrayList<>();
        ScriptedAgent agent = new ScriptedAgent(c -> {
            seen.add(c.snapshot());
            return List.of();
        });
        run(setup, DatacenterWorkloads.constant(4, 12, 0.5), ScriptedAgent.candidate(agent, Placement.FIRST_FIT));
        ClusterSnapshot s = seen.get(0);
        assertThat(ids(s.vmsOn(new HostId("h0000")))).containsExactly("v0002", "v0003");
        assertThat(ids(s.vmsOn(new HostId("h0001")))).containsExactly("v0000", "v0001");
        assertThat(s.vmsOn(new HostId("h0002"))).isEmpty();
    }

    @Test
    void pabfdPlacesEachVmWhereThePowerRisesLeastCountedFromIdleAsCloudSimDoesAtTimeZero() {
        // 500 MIPS adds 3.10 W to an empty G5, 4.50 W to an empty G4, 6.82 W to a G5 holding one (counted
        // from idle power), 8.94 W to a G4 holding one: h1, h3, h0, h2, h1, h3.
        VmType micro = new VmType("micro", 1, 500, 613 * MB);
        DatacenterSetup setup = setup(4, List.of(HostType.ML110_G4, HostType.ML110_G5), List.of(micro));
        ClusterSnapshot s = firstSnapshot(setup, DatacenterWorkloads.constant(6, 12, 0.5), Placement.pabfd(1));
        assertThat(ids(s.vmsOn(new HostId("h0000")))).containsExactly("v0002");
        assertThat(ids(s.vmsOn(new HostId("h0001")))).containsExactly("v0000", "v0004");
        assertThat(ids(s.vmsOn(new HostId("h0002")))).containsExactly("v0003");
        assertThat(ids(s.vmsOn(new HostId("h0003")))).containsExactly("v0001", "v0005");
    }

    @Test
    void anAgentAskingForAPlanGetsTheMigrationModelsEstimateAndTheRunIsUnchanged() {
        // 870 MB over half of CloudSim's 125 MB/s: 13.92 s, no pause, the RAM moved.
        VmType fast = new VmType("fast", 1, 2500, 870 * MB);
        DatacenterSetup setup = setup(3, List.of(HostType.ML110_G4, HostType.ML110_G5), List.of(fast));
        List<io.ferry.api.model.MigrationPlan> plans = new ArrayList<>();
        ScriptedAgent asking = new ScriptedAgent(c -> {
            c.plan(new VmId("v0000"), new HostId("h0002")).ifPresent(plans::add);
            c.plan(new VmId("v0000"), new HostId("h0001")).ifPresent(plans::add); // its own host: no plan
            return List.of();
        });
        DatacenterResult asked = run(setup, DatacenterWorkloads.constant(2, 12, 0.5),
                ScriptedAgent.candidate(asking, Placement.FIRST_FIT));
        assertThat(plans).hasSize(asking.calls);
        io.ferry.api.model.MigrationPlan p = plans.get(0);
        assertThat(p.policy()).isEqualTo("cloudsim");
        assertThat(p.technique()).isEqualTo(io.ferry.api.model.Technique.PRE_COPY);
        assertThat(p.predicted().totalTime().toMillis()).isEqualTo(13920);
        assertThat(p.predicted().downtime()).isZero();
        assertThat(p.predicted().bytesSent()).isEqualTo(870 * MB);
        DatacenterResult quiet = run(setup, DatacenterWorkloads.constant(2, 12, 0.5),
                ScriptedAgent.candidate(new ScriptedAgent(c -> List.of()), Placement.FIRST_FIT));
        assertThat(asked.day()).isEqualTo(quiet.day());
    }

    @Test
    void pabfdSkipsANonEmptyHostTheVmAloneWouldTakePastTheThreshold() {
        HostType flat = new HostType("flat", 2, 1000, 4096 * MB, HostType.CLOUDSIM_GIGABIT, PowerCurve.linear(100, 100));
        HostType steep = new HostType("steep", 2, 1000, 4096 * MB, HostType.CLOUDSIM_GIGABIT, PowerCurve.linear(0, 200));
        VmType vm = new VmType("vm", 1, 800, 1000 * MB);
        DatacenterSetup setup = setup(2, List.of(flat, steep), List.of(vm));
        DatacenterWorkload load = DatacenterWorkloads.constant(2, 12, 0.5);
        ClusterSnapshot loose = firstSnapshot(setup, load, Placement.pabfd(1));
        ClusterSnapshot tight = firstSnapshot(setup, load, Placement.pabfd(0.3));
        assertThat(ids(loose.vmsOn(new HostId("h0000")))).containsExactly("v0000", "v0001");
        assertThat(ids(tight.vmsOn(new HostId("h0000")))).containsExactly("v0000");
        assertThat(ids(tight.vmsOn(new HostId("h0001")))).containsExactly("v0001");
    }

    static ClusterSnapshot firstSnapshot(DatacenterSetup setup, DatacenterWorkload load, Placement placement) {
        List<ClusterSnapshot> seen = new ArrayList<>();
        run(setup, load, ScriptedAgent.candidate(new ScriptedAgent(c -> {
            seen.add(c.snapshot());
            return List.of();
        }), placement));
        return seen.get(0);
    }

    @Test
    void badDecisionsAreRefusedCountedAndNeverExecutedWhileTheRunGoesOn() {
        DatacenterSetup setup = setup(3, List.of(HostType.ML110_G5), List.of(BIG)).physical();
        // BIG takes 3000 MB: one per host, so no host has room for a second.
        ScriptedAgent agent = new ScriptedAgent(c -> {
            ClusterSnapshot s = c.snapshot();
            String home = s.vm(new VmId("v0000")).orElseThrow().residentOn().orElseThrow().value();
            String full = s.vm(new VmId("v0001")).orElseThrow().residentOn().orElseThrow().value();
            String free = s.hosts().stream().map(h -> h.id().value()).filter(h -> s.vmsOn(new HostId(h)).isEmpty())
                    .findFirst().orElseThrow();
            return List.of(
                    move("v9999", home, free),
                    move("v0000", free, full),
                    move("v0000", home, full),
                    move("v0000", home, "h9999"),
                    move("v0000", home, free));
        });
        DatacenterResult r = run(setup, DatacenterWorkloads.constant(2, 12, 0.5),
                ScriptedAgent.candidate(agent, Placement.FIRST_FIT));
        int decisions = processingTimes(HOUR).size();
        assertThat(agent.calls).isEqualTo(decisions);
        assertThat(r.day().migrations()).isEqualTo(decisions);
        assertThat(r.day().refusedDecisions()).isEqualTo(4L * decisions);
        assertThat(r.intervals().get(1).refused()).isEqualTo(4);
    }

    @Test
    void anAgentThatThrowsOrReturnsNullCostsItsIntervalNoMigrationAndTheRunGoesOn() {
        DatacenterSetup setup = setup(3, List.of(HostType.ML110_G5), List.of(BIG));
        ScriptedAgent thrower = new ScriptedAgent(c -> {
            throw new IllegalStateException("boom");
        });
        ScriptedAgent nuller = new ScriptedAgent(c -> null);
        DatacenterResult a = run(setup, DatacenterWorkloads.constant(2, 12, 0.5),
                ScriptedAgent.candidate(thrower, Placement.FIRST_FIT));
        DatacenterResult b = run(setup, DatacenterWorkloads.constant(2, 12, 0.5),
                ScriptedAgent.candidate(nuller, Placement.FIRST_FIT));
        int decisions = processingTimes(HOUR).size();
        assertThat(a.day().agentFailures()).isEqualTo(decisions);
        assertThat(b.day().agentFailures()).isEqualTo(decisions);
        assertThat(a.day().migrations()).isZero();
        assertThat(a.day().energyKWh()).isEqualTo(run(setup, DatacenterWorkloads.constant(2, 12, 0.5), DVFS)
                .day().energyKWh());
    }

    @Test
    void aMigratedVmArrivesLastOnItsTargetBeforeTheNextDecision() {
        VmType vm = new VmType("vm", 1, 500, 613 * MB);
        DatacenterSetup setup = setup(2, List.of(HostType.ML110_G5), List.of(vm));
        // First fit puts v0..v5 on h0000 (6 x 613 MB); PABFD would spread them. Move v0001 over, then v0000.
        List<ClusterSnapshot> seen = new ArrayList<>();
        ScriptedAgent agent = new ScriptedAgent(c -> {
            seen.add(c.snapshot());
            if (seen.size() == 1) {
                return List.of(move("v0001", "h0000", "h0001"));
            }
            if (seen.size() == 2) {
                return List.of(move("v0000", "h0000", "h0001"));
            }
            return List.of();
        });
        run(setup, DatacenterWorkloads.constant(7, 12, 0.3), ScriptedAgent.candidate(agent, Placement.FIRST_FIT));
        assertThat(ids(seen.get(0).vmsOn(new HostId("h0001")))).containsExactly("v0006");
        assertThat(ids(seen.get(1).vmsOn(new HostId("h0001")))).containsExactly("v0006", "v0001");
        assertThat(ids(seen.get(2).vmsOn(new HostId("h0001")))).containsExactly("v0006", "v0001", "v0000");
        assertThat(ids(seen.get(2).vmsOn(new HostId("h0000")))).containsExactly("v0002", "v0003", "v0004", "v0005");
    }

    @Test
    void aMigrationLongerThanTheIntervalBlocksItsVmAndRefusesAnotherMoveOfIt() {
        MigrationModel slow = new MigrationModel() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public MigrationEstimate estimate(MigrationJob job) {
                return new MigrationEstimate(400, 1, job.ramBytes(), 0, 0.5, false);
            }
        };
        DatacenterSetup setup = setup(3, List.of(HostType.ML110_G5), List.of(BIG)).withMigrationModel(slow);
        List<Optional<String>> blocked = new ArrayList<>();
        ScriptedAgent agent = new ScriptedAgent(c -> {
            blocked.add(c.blocked(new VmId("v0000")));
            return c.snapshot().vmsOn(new HostId("h0000")).isEmpty() ? List.of()
                    : List.of(move("v0000", "h0000", "h0002"));
        });
        DatacenterResult r = run(setup, DatacenterWorkloads.constant(2, 12, 0.5),
                ScriptedAgent.candidate(agent, Placement.FIRST_FIT));
        assertThat(blocked.get(0)).isEmpty();
        assertThat(blocked.get(1)).contains("in migration");
        assertThat(blocked.get(2)).isEmpty();
        assertThat(r.day().migrations()).isEqualTo(1);
        assertThat(r.day().refusedDecisions()).isEqualTo(1);
        assertThat(r.day().downtimeSecondsTotal()).hasValue(1.0);
        assertThat(r.day().bytesMoved()).hasValue(3000 * MB);
    }

    /** A migration that lasts 2000 s (over six intervals), pauses 1 s and costs its VM 10 % of its CPU. */
    static final MigrationModel LONG = new MigrationModel() {
        @Override
        public String name() {
            return "long";
        }

        @Override
        public MigrationEstimate estimate(MigrationJob job) {
            return new MigrationEstimate(2000, 1, job.ramBytes(), 0, 0.1, false);
        }
    };

    @Test
    void aLongMigrationIntoAnIdleTargetMakesNoHostViolateUnlessTargetsAreAskedForTheWholeDemandAsInCloudSim() {
        // first fit puts v0 and v1 (30 % of 1000 MIPS each) on h0 (5320 MIPS); v0 moves to the empty h1 at the first
        // decision and migrates for 2000 s: neither host is ever asked for more than it has
        DatacenterSetup cloudSim = setup(2, List.of(HostType.ML110_G5), List.of(new VmType("one", 1, 1000, 1000 * MB)))
                .withMigrationModel(LONG);
        DatacenterWorkload light = DatacenterWorkloads.constant(2, 12, 0.3);
        List<ClusterSnapshot> seen = new ArrayList<>();
        java.util.function.Supplier<Candidate> moveOnce = () -> ScriptedAgent.candidate(new ScriptedAgent(c -> {
            seen.add(c.snapshot());
            return seen.size() == 1 ? List.of(move("v0000", "h0000", "h0001")) : List.of();
        }), Placement.FIRST_FIT);
        DatacenterResult physical = run(cloudSim.withMigratingInAskingFullDemand(false), light, moveOnce.get());
        assertThat(physical.day().migrations()).isEqualTo(1);
        assertThat(physical.day().overloadedHostIntervals()).isZero();
        assertThat(physical.day().slatah()).isZero();
        // the migrating VM still lost 10 % of its CPU for the 2000 s: PDM counts that, SLATAH does not
        double demandSeconds = 2 * 300 * (processingTimes(HOUR).get(processingTimes(HOUR).size() - 1) - 0.1 - 300);
        assertThat(physical.day().pdm()).isCloseTo(0.1 * 300 * 2000 / demandSeconds, within(1e-9));
        assertThat(ids(seen.get(0).vmsOn(new HostId("h0000")))).containsExactly("v0000", "v0001");
        assertThat(ids(seen.get(seen.size() - 1).vmsOn(new HostId("h0001")))).containsExactly("v0000");

        // CloudSim's accounting: the target is asked for v0's 300 MIPS and gives 30, "violating" all 2000 s (both
        // hosts are active from the first update on)
        seen.clear();
        DatacenterResult asCloudSim = run(cloudSim, light, moveOnce.get());
        assertThat(asCloudSim.day().overloadedHostIntervals()).isZero();
        assertThat(asCloudSim.day().pdm()).isEqualTo(physical.day().pdm());
        double active = processingTimes(HOUR).get(processingTimes(HOUR).size() - 1) - 300.1;
        assertThat(asCloudSim.day().slatah()).isCloseTo(2000 / (2 * active), within(1e-9));
        assertThat(cloudSim.migratingInAsksFullDemand()).isTrue();
        assertThat(cloudSim.physical().migratingInAsksFullDemand()).isFalse();
    }

    @Test
    void metricWindowsHoldEachVmsUtilisationPerIntervalNewestLastAndTheHostsRecordedUtilisation() {
        DatacenterSetup setup = setup(2, List.of(HostType.ML110_G5), List.of(BIG));
        double[][] samples = new double[1][12];
        for (int k = 0; k < 12; k++) {
            samples[0][k] = 0.1 + 0.05 * k;
        }
        List<MetricWindow> vm = new ArrayList<>();
        List<MetricWindow> host = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        ScriptedAgent agent = new ScriptedAgent(c -> {
            vm.add(c.metrics("v0000", Metric.CPU_UTILISATION, 3).orElseThrow());
            host.add(c.metrics("h0000", Metric.CPU_UTILISATION, 30).orElseThrow());
            shares.add(c.snapshot().vms().get(0).cpuUtilisation());
            assertThat(c.metrics("v0000", Metric.DIRTY_PAGES_PER_SECOND, 3)).isEmpty();
            assertThat(c.capacity(new HostId("h0000")).orElseThrow().mipsPerCpu()).isEqualTo(2660);
            assertThat(c.vcpuMips(new VmId("v0000"))).hasValue(1000);
            return List.of();
        });
        run(setup, DatacenterWorkloads.of("ramp", samples), ScriptedAgent.candidate(agent, Placement.FIRST_FIT));
        assertThat(vm.get(0).size()).isEqualTo(1);
        assertThat(vm.get(4).size()).isEqualTo(3);
        assertThat(vm.get(4).latest()).isEqualTo(shares.get(4));
        assertThat(vm.get(4).get(0)).isLessThan(vm.get(4).get(2));
        assertThat(host.get(4).size()).isEqualTo(5);
        assertThat(host.get(4).latest()).isCloseTo(shares.get(4) * 1000 / 5320, within(1e-12));
    }

    @Test
    void aVmAskingForNoCpuRetiresForTheDayAsInCloudSimUnlessToldToStay() {
        DatacenterSetup setup = setup(2, List.of(HostType.ML110_G5), List.of(BIG));
        double[][] samples = {{0.5, 0.5, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5}, new double[12]};
        java.util.Arrays.fill(samples[1], 0.5);
        List<Integer> counts = new ArrayList<>();
        DatacenterWorkload load = DatacenterWorkloads.of("gap", samples);
        run(setup, load, ScriptedAgent.candidate(new ScriptedAgent(c -> {
            counts.add(c.snapshot().vms().size());
            return List.of();
        }), Placement.FIRST_FIT));
        assertThat(counts.get(0)).isEqualTo(2);
        assertThat(counts.get(2)).isEqualTo(1);
        assertThat(counts.get(counts.size() - 1)).isEqualTo(1);
        counts.clear();
        run(setup.withRetireIdleVms(false), load, ScriptedAgent.candidate(new ScriptedAgent(c -> {
            counts.add(c.snapshot().vms().size());
            return List.of();
        }), Placement.FIRST_FIT));
        assertThat(counts).containsOnly(2);
    }

    @Test
    void aMigratedVmHoldsNoMemoryOnItsTargetAsInCloudSimUnlessMemoryIsPhysical() {
        // BIG takes 3000 of 4096 MB: placed one per host; CloudSim lets both others move onto h0002 anyway.
        DatacenterSetup setup = setup(3, List.of(HostType.ML110_G5), List.of(BIG));
        List<Long> free = new ArrayList<>();
        ScriptedAgent agent = new ScriptedAgent(c -> {
            free.add(c.snapshot().host(new HostId("h0002")).orElseThrow().memoryFreeBytes());
            return agentCalls(free) == 1 ? List.of(move("v0000", "h0000", "h0002"), move("v0001", "h0001", "h0002"))
                    : List.of();
        });
        DatacenterResult cloudSim = run(setup, DatacenterWorkloads.constant(3, 12, 0.3),
                ScriptedAgent.candidate(agent, Placement.FIRST_FIT));
        assertThat(cloudSim.day().migrations()).isEqualTo(2);
        assertThat(free.get(1)).isEqualTo(free.get(0)).isEqualTo(1096 * MB);
        free.clear();
        DatacenterResult physical = run(setup.physical(), DatacenterWorkloads.constant(3, 12, 0.3),
                ScriptedAgent.candidate(agent, Placement.FIRST_FIT));
        assertThat(physical.day().migrations()).isZero();
        assertThat(physical.day().refusedDecisions()).isEqualTo(2);
    }

    private static int agentCalls(List<Long> seen) {
        return seen.size();
    }

    @Test
    void aSecondDecisionForAVmInTheSameIntervalStartsTooAsInCloudSimAndItEndsOnTheLastTarget() {
        VmType vm = new VmType("vm", 1, 1000, 870 * MB);
        DatacenterSetup setup = setup(3, List.of(HostType.ML110_G5), List.of(vm));
        // first fit: v0000..v0003 on h0000 (memory), v0004 on h0001; v0000 goes to h0001 and then (CloudSim's
        // underload step) on to h0002
        List<ClusterSnapshot> seen = new ArrayList<>();
        ScriptedAgent agent = new ScriptedAgent(c -> {
            seen.add(c.snapshot());
            return seen.size() == 1
                    ? List.of(move("v0000", "h0000", "h0001"), move("v0000", "h0001", "h0002"),
                            move("v0000", "h0000", "h0001"))
                    : List.of();
        });
        DatacenterWorkload load = DatacenterWorkloads.constant(5, 12, 0.5);
        DatacenterResult cloudSim = run(setup, load, ScriptedAgent.candidate(agent, Placement.FIRST_FIT));
        assertThat(cloudSim.day().migrations()).isEqualTo(2);
        assertThat(cloudSim.day().refusedDecisions()).isEqualTo(1);
        assertThat(ids(seen.get(1).vmsOn(new HostId("h0002")))).containsExactly("v0000");
        assertThat(ids(seen.get(1).vmsOn(new HostId("h0001")))).containsExactly("v0004");
        // while it moved, h0001 was asked for v0000's whole demand and gave 10 %: SLA time there
        assertThat(cloudSim.day().slatah()).isPositive();
        seen.clear();
        DatacenterResult physical = run(setup.withDoubleMoves(false), load,
                ScriptedAgent.candidate(agent, Placement.FIRST_FIT));
        assertThat(physical.day().migrations()).isEqualTo(1);
        assertThat(physical.day().refusedDecisions()).isEqualTo(2);
        assertThat(ids(seen.get(1).vmsOn(new HostId("h0001")))).containsExactly("v0004", "v0000");
    }

    @Test
    void theAgentLearnsHowEachOfItsMigrationsEnded() {
        VmType vm = new VmType("vm", 1, 500, 870 * MB);
        DatacenterSetup setup = setup(2, List.of(HostType.ML110_G5), List.of(vm));
        List<io.ferry.api.model.MigrationOutcome> outcomes = new ArrayList<>();
        io.ferry.api.MigrationAgent agent = new io.ferry.api.MigrationAgent() {
            @Override
            public String name() {
                return "learner";
            }

            @Override
            public List<MigrationDecision> decide(io.ferry.api.AgentContext c) {
                VmState v = c.snapshot().vm(new VmId("v0000")).orElseThrow();
                String to = v.residentOn().get().value().equals("h0000") ? "h0001" : "h0000";
                return List.of(move("v0000", v.residentOn().get().value(), to));
            }

            @Override
            public void learn(MigrationDecision decision, io.ferry.api.model.MigrationOutcome outcome) {
                outcomes.add(outcome);
            }
        };
        DatacenterResult r = run(setup, DatacenterWorkloads.constant(1, 12, 0.4),
                ScriptedAgent.candidate(agent, Placement.FIRST_FIT));
        assertThat(outcomes).hasSize((int) r.day().migrations()).isNotEmpty();
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(io.ferry.api.model.MigrationOutcome.Status.COMPLETED);
            assertThat(o.metrics().orElseThrow().totalTime().toMillis()).isEqualTo(13_920);
        });
        assertThat(outcomes.get(1).source().value()).isEqualTo("h0001");
    }

    @Test
    void forecastsComeFromTheSetUpsCpuPredictorOnceItHasItsHistory() {
        io.ferry.api.Predictor last = new io.ferry.api.Predictor() {
            @Override
            public String name() {
                return "last";
            }

            @Override
            public Metric metric() {
                return Metric.CPU_UTILISATION;
            }

            @Override
            public int minimumHistory() {
                return 3;
            }

            @Override
            public io.ferry.api.model.Forecast forecast(MetricWindow history, int horizon) {
                double[] v = {history.latest()};
                return new io.ferry.api.model.Forecast(name(), metric(), history.step(), v, v, v);
            }
        };
        DatacenterSetup setup = setup(2, List.of(HostType.ML110_G5), List.of(BIG));
        List<Optional<io.ferry.api.model.Forecast>> forecasts = new ArrayList<>();
        List<Optional<io.ferry.api.model.Forecast>> none = new ArrayList<>();
        DatacenterWorkload load = DatacenterWorkloads.constant(1, 12, 0.4);
        run(setup.withCpuPredictor(last), load, ScriptedAgent.candidate(new ScriptedAgent(c -> {
            forecasts.add(c.forecast("v0000", Metric.CPU_UTILISATION));
            return List.of();
        }), Placement.FIRST_FIT));
        run(setup, load, ScriptedAgent.candidate(new ScriptedAgent(c -> {
            none.add(c.forecast("v0000", Metric.CPU_UTILISATION));
            return List.of();
        }), Placement.FIRST_FIT));
        assertThat(forecasts.get(0)).isEmpty();
        assertThat(forecasts.get(1)).isEmpty();
        assertThat(forecasts.get(2).orElseThrow().mean(1)).isEqualTo(0.4);
        assertThat(none).allSatisfy(f -> assertThat(f).isEmpty());
    }

    @Test
    void tooFewHostsForTheWorkloadIsOneClearError() {
        DatacenterSetup setup = setup(1, List.of(HostType.ML110_G5), List.of(BIG));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> DatacenterSimulation.run(setup, DatacenterWorkloads.constant(2, 12, 0.5), DVFS, k -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hosts = 1");
    }
}
