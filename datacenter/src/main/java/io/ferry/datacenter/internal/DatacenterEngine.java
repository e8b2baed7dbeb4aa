package io.ferry.datacenter.internal;

import io.ferry.api.AgentContext;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.HostCapacity;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.PowerCurve;
import io.ferry.api.model.VmId;
import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.DatacenterGuard;
import io.ferry.datacenter.DatacenterResult;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.DatacenterWorkload;
import io.ferry.datacenter.DayMetrics;
import io.ferry.datacenter.HostType;
import io.ferry.datacenter.IntervalMetrics;
import io.ferry.datacenter.MigrationEstimate;
import io.ferry.datacenter.MigrationJob;
import io.ferry.datacenter.Placement;
import io.ferry.datacenter.PowerAccounting;
import io.ferry.datacenter.StepReport;
import io.ferry.datacenter.VmType;
import io.ferry.engine.SeededHash;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * One candidate's day in a simulated data centre, stepped as CloudSim 3.0.3's {@code PowerDatacenter} steps it,
 * so that the figures are comparable with the literature.
 *
 * <p>Time: VMs are placed at 0; the data centre processes at 0.1 + k × interval (the times accumulate as doubles,
 * {@code t += interval}, as CloudSim's events do) while that is before the day's end. At each processing time:
 * (1) every host gives each VM its demand (the trace interpolated linearly at {@code t}), a vCPU at most one
 * core; a host asked for more than it has scales every VM by capacity / demand and floors it; a VM migrating
 * out gets {@code 1 - lostCpuShare} of its share (the host counts it full), a VM migrating in takes 10 % of its
 * demand on the target, which is asked for the VM's whole demand under CloudSim's accounting
 * ({@link DatacenterSetup#migratingInAsksFullDemand()}: the target is then "given less than asked" for the whole
 * migration) and else for those 10 %; the energy of the frame since the last update is the mean of the hosts' powers at both
 * ends times its length, 0 for a host whose utilisation was 0 at its start (CloudSim counts it off) — or every
 * host's maximum power under {@link PowerAccounting#MAXIMUM_ALWAYS}; (2) each VM records its utilisation (only
 * when {@code (t - 0.1) % interval == 0} in doubles, CloudSim's own test, newest first, at most 30); (3) the
 * agent decides on a snapshot; (4) the valid, admitted decisions start: the target reserves the VM's memory and
 * 10 % of its CPU, and the migration ends after the model's duration, where the hosts are updated again (an
 * energy frame ends there) and the VM leaves its source.
 *
 * <p>Metrics follow CloudSim's {@code examples/power/Helper}: the hosts' and VMs' state histories (an entry per
 * update, a later entry at the same time replacing the earlier one) give SLATAH (time an active host was given
 * less than asked, over active time), PDM (CPU demand a migrating VM did not get, over all demand) and host
 * shutdowns (active-to-inactive transitions, the history starting "active", so a host that is never used counts
 * one), accumulated on the fly instead of stored.
 *
 * <p>Cost: O(hosts + VMs) per update, a few updates per interval, plus the agent and its O(hosts + VMs)
 * snapshot; arrays throughout, no allocation per update. Memory O(VMs × samples + hosts × intervals).
 * One instance runs once, on one thread.
 */
public final class DatacenterEngine {

    /** CloudSim: the destination host experiences 10 % of a migrating-in VM's MIPS. */
    static final double TARGET_CPU_SHARE = 0.1;
    /** CloudSim's {@code PowerVm.HISTORY_LENGTH}: utilisation samples a VM keeps. */
    static final int HISTORY_LENGTH = 30;
    /** CloudSim submits the cloudlets at its minimum time between events: processing is at 0.1 + k × interval. */
    static final double FIRST_EVENT_SECONDS = 0.1;
    /** CloudSim clamps a utilisation in (1, 1.01) to 1. */
    static final double UTILISATION_CLAMP = 1.01;
    /** The reason the agent sees for a VM that is migrating. */
    static final String IN_MIGRATION = "in migration";
    /** The seed stream each migration's seed is drawn from (with the run's seed, its number and its VM). */
    static final long MIGRATION_SEED_STREAM = 0x6d696772L;

    private final DatacenterSetup setup;
    private final Candidate candidate;
    private final IntConsumer progress;
    private final boolean checkInvariants;
    private final Optional<DatacenterGuard> guard;
    private final double interval;
    /** {@link DatacenterSetup#migratingInAsksFullDemand()}: CloudSim's accounting of migration targets. */
    private final boolean migratingInAsksFullDemand;

    final int hostCount;
    final int vmCount;
    // hosts, fixed
    final double[] capacity;
    final double[] coreMips;
    final int[] cores;
    final long[] hostRam;
    final long[] hostLink;
    final PowerCurve[] hostPower;
    final String[] hostName;
    final HostId[] hostIds;
    final Optional<HostId>[] residentOn;
    final HostCapacity[] capacities;
    final Map<String, Integer> hostIndex = new HashMap<>();
    // VMs, fixed
    final double[] vmMips;
    final int[] vmVcpus;
    final long[] vmRam;
    final double[][] trace;
    final VmId[] vmIds;
    final String[] vmNames;
    final Map<String, Integer> vmIndex = new HashMap<>();
    // state
    final int[][] hostVms;
    final int[] hostVmCount;
    final long[] ramUsed;
    /** What each VM holds on its host, and (while migrating) what it reserved on its target. */
    final long[] ramHeld;
    /** Bit {@code host * vms + vm}: the VM is migrating into that host. */
    final java.util.BitSet migratingIn;
    /** Migrations of each VM in flight (more than one only for CloudSim's double moves). */
    final int[] vmFlights;
    /**
     * CloudSim's schedulers remember a VM as "migrating out" on every host it left (the entry is cleared only
     * when the VM runs there again), and a VM migrating back into such a host is treated as leaving it: it gets
     * {@code 1 - lostCpuShare} of its demand there instead of 10 %. Bit {@code host * vms + vm}.
     */
    final java.util.BitSet leftOnce;
    final int[] vmHost;
    final int[] vmTarget;
    final double[] vmKeep;
    final boolean[] vmRetired;
    private long retiredVms;
    final double[] share;
    final double[] historyTime;
    final double[] history;
    final int[] historyCount;
    final int[] historyNext;
    final double[] hostUtil;
    final double[] hostUtilMips;
    final double[] hostRequestedMips;
    final double[][] hostHistory;
    int hostHistoryCount;
    double lastUpdate;
    // migrations in flight, in start order
    private int[] flightVm = new int[64];
    private double[] flightEnd = new double[64];
    private MigrationDecision[] flightDecision = new MigrationDecision[64];
    private MigrationEstimate[] flightEstimate = new MigrationEstimate[64];
    private int[] flightTarget = new int[64];
    private long[] flightReserve = new long[64];
    private int flights;
    // state-history accumulators (CloudSim's Helper, on the fly)
    private final double[] hostEntryTime;
    private final double[] hostEntryAlloc;
    private final double[] hostEntryRequested;
    private final boolean[] hostEntryActive;
    private final boolean[] hostEntryPending;
    private final boolean[] hostFinalActive;
    private double slaViolationSeconds;
    private double activeSeconds;
    private long shutdowns;
    private final double[] vmEntryTime;
    private final double[] vmEntryAlloc;
    private final double[] vmEntryRequested;
    private final boolean[] vmEntryMigrating;
    private final boolean[] vmEntryPending;
    /** The host whose update made each VM's pending entry (the source while the VM migrates out). */
    private final int[] vmEntryHost;
    private double requestedMipsSeconds;
    private double migrationLostMipsSeconds;
    // day totals
    private double energyJoules;
    private long migrations;
    private long refused;
    private long agentFailures;
    private long overloadedHostIntervals;
    private double downtimeTotal;
    private long slaViolatingMigrations;
    private long bytesMoved;
    private double degradedTotal;
    private String lastAgentFailure = "";
    // the open interval
    private final List<IntervalMetrics> intervals = new ArrayList<>();
    private int openIndex;
    private double openStart;
    private double openEnergyAtStart;
    private int openActive;
    private double openPower;
    private int openMigrations;
    private int openRefused;
    private int openOverloaded;
    private double openDowntime;
    private long openBytes;
    private double activeHostSeconds;
    private double activeWeightSeconds;
    // stepping: 0 before start, 1 running, 2 finished
    private int stage;
    private long startedNanos;
    /** The current processing time. */
    private double now;
    /** The number of the current processing time (1 for the first). */
    private int step;
    private boolean done;
    /** The length of the interval closed last. */
    private double closedLength;
    private EngineAgentContext context;
    /** Per-host accounting of the interval after the last decisions. */
    private final HostAccumulator acc;

    /**
     * @param setup           the data centre
     * @param workload        the day's load
     * @param candidate       the agent or reference
     * @param progress        told the number of intervals done after each
     * @param checkInvariants whether to check, after every update, that each VM is on exactly one host (and
     *                        its target while migrating), memory accounts add up and empty hosts are off (for
     *                        tests: O(hosts + VMs) more per update)
     */
    @SuppressWarnings("unchecked")
    public DatacenterEngine(DatacenterSetup setup, DatacenterWorkload workload, Candidate candidate,
            IntConsumer progress, boolean checkInvariants) {
        this.setup = setup;
        this.candidate = candidate;
        this.progress = progress;
        this.checkInvariants = checkInvariants;
        this.guard = setup.guard().map(Supplier::get);
        this.interval = setup.intervalSeconds();
        this.migratingInAsksFullDemand = setup.migratingInAsksFullDemand();
        hostCount = setup.hosts();
        vmCount = workload.vms();
        capacity = new double[hostCount];
        coreMips = new double[hostCount];
        cores = new int[hostCount];
        hostRam = new long[hostCount];
        hostLink = new long[hostCount];
        hostPower = new PowerCurve[hostCount];
        hostName = new String[hostCount];
        hostIds = new HostId[hostCount];
        residentOn = new Optional[hostCount];
        capacities = new HostCapacity[hostCount];
        int digits = Math.max(4, String.valueOf(Math.max(hostCount, vmCount) - 1).length());
        for (int h = 0; h < hostCount; h++) {
            HostType type = setup.hostTypes().get(h % setup.hostTypes().size());
            cores[h] = type.cores();
            coreMips[h] = type.mipsPerCore();
            double total = 0;
            for (int c = 0; c < type.cores(); c++) {
                total += type.mipsPerCore();
            }
            capacity[h] = total;
            hostRam[h] = type.ramBytes();
            hostLink[h] = type.linkBytesPerSecond();
            hostPower[h] = type.power();
            hostIds[h] = new HostId(String.format("h%0" + digits + "d", h));
            hostName[h] = hostIds[h].value() + " " + type.name();
            residentOn[h] = Optional.of(hostIds[h]);
            capacities[h] = new HostCapacity(type.mipsPerCore(), type.linkBytesPerSecond(), Optional.of(type.power()));
            hostIndex.put(hostIds[h].value(), h);
        }
        vmMips = new double[vmCount];
        vmVcpus = new int[vmCount];
        vmRam = new long[vmCount];
        trace = new double[vmCount][];
        vmIds = new VmId[vmCount];
        vmNames = new String[vmCount];
        int samples = workload.samples();
        int block = (int) Math.ceil((double) vmCount / setup.vmTypes().size());
        for (int v = 0; v < vmCount; v++) {
            VmType type = setup.vmTypes().get(v / block);
            vmMips[v] = type.mipsPerVcpu();
            vmVcpus[v] = type.vcpus();
            vmRam[v] = type.ramBytes();
            double[] d = new double[samples + 1];
            for (int k = 0; k < samples; k++) {
                d[k] = workload.utilisation(v, k);
            }
            d[samples] = d[samples - 1];
            trace[v] = d;
            vmIds[v] = new VmId(String.format("v%0" + digits + "d", v));
            vmNames[v] = workload.vmName(v);
            vmIndex.put(vmIds[v].value(), v);
        }
        hostVms = new int[hostCount][4];
        hostVmCount = new int[hostCount];
        ramUsed = new long[hostCount];
        ramHeld = new long[vmCount];
        leftOnce = new java.util.BitSet(hostCount * vmCount);
        migratingIn = new java.util.BitSet(hostCount * vmCount);
        vmFlights = new int[vmCount];
        vmHost = new int[vmCount];
        vmTarget = new int[vmCount];
        java.util.Arrays.fill(vmTarget, -1);
        vmKeep = new double[vmCount];
        java.util.Arrays.fill(vmKeep, 1);
        share = new double[vmCount];
        vmRetired = new boolean[vmCount];
        historyTime = new double[vmCount];
        history = new double[vmCount * HISTORY_LENGTH];
        historyCount = new int[vmCount];
        historyNext = new int[vmCount];
        hostUtil = new double[hostCount];
        hostUtilMips = new double[hostCount];
        hostRequestedMips = new double[hostCount];
        hostHistory = new double[hostCount][(int) Math.ceil(setup.lengthSeconds() / interval) + 1];
        hostEntryTime = new double[hostCount];
        hostEntryAlloc = new double[hostCount];
        hostEntryRequested = new double[hostCount];
        hostEntryActive = new boolean[hostCount];
        hostEntryPending = new boolean[hostCount];
        hostFinalActive = new boolean[hostCount];
        java.util.Arrays.fill(hostFinalActive, true);
        vmEntryTime = new double[vmCount];
        vmEntryAlloc = new double[vmCount];
        vmEntryRequested = new double[vmCount];
        vmEntryMigrating = new boolean[vmCount];
        vmEntryPending = new boolean[vmCount];
        vmEntryHost = new int[vmCount];
        acc = new HostAccumulator(hostCount);
    }

    /** @return the day's result; call once (a loop over {@link #start()}, {@link #act}, {@link #finish()}) */
    public DatacenterResult run() {
        start();
        Optional<MigrationAgent> agent = candidate.agent();
        while (!done) {
            if (agent.isEmpty()) {
                act(null);
            } else {
                act(agentDecisions(agent.get(), currentContext()));
            }
        }
        return finish();
    }

    /**
     * Places the VMs and runs to the first decision time (or to the day's end when it has none); call once,
     * before {@link #observe()} and {@link #act}.
     */
    public void start() {
        if (stage != 0) {
            throw new IllegalStateException("the run has started already");
        }
        stage = 1;
        startedNanos = System.nanoTime();
        place(candidate.placement());
        lastUpdate = 0;
        int placedHosts = 0;
        for (int h = 0; h < hostCount; h++) {
            placedHosts += hostVmCount[h] > 0 ? 1 : 0;
        }
        open(0, 0, placedHosts);
        now = FIRST_EVENT_SECONDS;
        step = 0;
        advance();
    }

    /** @return whether the day is over: no decision time is left, {@link #finish()} gives the result */
    public boolean done() {
        return done;
    }

    /** @return the processing time of the current decision, in seconds from the day's start */
    public double now() {
        return now;
    }

    /** @return the number of the current decision time, 1 for the first */
    public int step() {
        return step;
    }

    /**
     * @return the decision context at the current processing time (the one an agent's {@code decide} gets); the
     *         same instance until {@link #act} is called
     */
    public AgentContext observe() {
        return currentContext();
    }

    private EngineAgentContext currentContext() {
        if (stage != 1 || done) {
            throw new IllegalStateException(done ? "the day is over" : "the run has not started");
        }
        if (context == null) {
            context = new EngineAgentContext(this, instant(now), Duration.ofMillis(Math.round(interval * 1000)));
        }
        return context;
    }

    /**
     * Executes the decisions as the decide step does (validity, guard, migrations), then runs to the next decision
     * time (or the day's end) and returns the interval that followed the decisions with its per-host accounting.
     *
     * @param decisions the decisions at the current processing time; {@code null}: no decide step at all (a
     *                  reference without an agent: the guard sees nothing)
     * @return the interval's metrics and per-host accounting
     */
    public StepReport act(List<MigrationDecision> decisions) {
        if (stage != 1 || done) {
            throw new IllegalStateException(done ? "the day is over" : "the run has not started");
        }
        acc.clear();
        if (decisions != null) {
            execute(currentContext(), decisions, now);
        }
        context = null;
        int active = 0;
        for (int h = 0; h < hostCount; h++) {
            active += hostUtilMips[h] > 0 ? 1 : 0;
        }
        open(step, now, active);
        progress.accept(step);
        advance();
        return new StepReport(intervals.get(intervals.size() - 1), closedLength, acc.report(hostIds));
    }

    /** Runs to the next processing time, or ends the day. */
    private void advance() {
        double next = now + interval;
        boolean more = next < setup.lengthSeconds();
        completeMigrations(more ? next : setup.lengthSeconds());
        if (!more) {
            close(lastUpdate);
            done = true;
            return;
        }
        now = next;
        step++;
        update(now);
        close(now);
        int overloaded = 0;
        for (int h = 0; h < hostCount; h++) {
            hostHistory[h][hostHistoryCount] = Math.min(1, hostUtil[h]);
            if (hostUtilMips[h] > 0 && hostRequestedMips[h] > capacity[h]) {
                overloaded++;
            }
        }
        hostHistoryCount++;
        overloadedHostIntervals += overloaded;
        openOverloaded = overloaded;
        openMigrations = 0;
        openRefused = 0;
        openDowntime = 0;
        openBytes = 0;
    }

    /** @return the day's result, once {@link #done()}; call once */
    public DatacenterResult finish() {
        if (!done || stage != 1) {
            throw new IllegalStateException(stage == 2 ? "the run has finished already" : "the day is not over");
        }
        stage = 2;
        finishHistories();
        double slatah = activeSeconds > 0 ? slaViolationSeconds / activeSeconds : 0;
        double pdm = requestedMipsSeconds > 0 ? migrationLostMipsSeconds / requestedMipsSeconds : 0;
        double energyKWh = energyJoules / 3.6e6;
        boolean pageLevel = !"cloudsim".equals(setup.migrationModel().name());
        DayMetrics day = new DayMetrics(energyKWh, migrations, slatah, pdm, slatah * pdm, energyKWh * slatah * pdm,
                shutdowns, activeWeightSeconds > 0 ? activeHostSeconds / activeWeightSeconds : 0,
                overloadedHostIntervals, refused, agentFailures,
                pageLevel ? OptionalDouble.of(downtimeTotal) : OptionalDouble.empty(),
                pageLevel && setup.migrationModel().downtimeBudget().isPresent()
                        ? OptionalLong.of(slaViolatingMigrations) : OptionalLong.empty(),
                pageLevel ? OptionalLong.of(bytesMoved) : OptionalLong.empty(),
                pageLevel ? OptionalDouble.of(degradedTotal) : OptionalDouble.empty());
        return new DatacenterResult(candidate.label(), setup.migrationModel().name(), day, intervals,
                (System.nanoTime() - startedNanos) / 1e9);
    }

    Optional<DatacenterGuard> guard() {
        return guard;
    }

    Optional<io.ferry.api.Predictor> cpuPredictor() {
        return setup.cpuPredictor();
    }

    /** @return the last exception an agent threw, or "" */
    public String lastAgentFailure() {
        return lastAgentFailure;
    }

    // ---------------------------------------------------------------- placement

    private void place(Placement placement) {
        double[] available = capacity.clone();
        double[] allocated = new double[hostCount];
        for (int v = 0; v < vmCount; v++) {
            double full = 0;
            double capped = 0;
            int chosen = -1;
            double minPowerIncrease = Double.MAX_VALUE;
            for (int h = 0; h < hostCount; h++) {
                full = 0;
                capped = 0;
                for (int c = 0; c < vmVcpus[v]; c++) {
                    full += vmMips[v];
                    capped += Math.min(vmMips[v], coreMips[h]);
                }
                boolean suitable = coreMips[h] >= vmMips[v] && available[h] >= full
                        && hostRam[h] - ramUsed[h] >= vmRam[v];
                if (!suitable) {
                    continue;
                }
                if (placement.kind() == Placement.Kind.FIRST_FIT) {
                    chosen = h;
                    break;
                }
                // PABFD as CloudSim's findHostForVm runs at time 0: the VMs placed before ask for nothing yet
                // (their cloudlets arrive at 0.1), so the threshold test sees the new VM alone; the hosts'
                // utilisation has not been computed yet, so the increase is counted from idle power.
                if (allocated[h] != 0 && full / capacity[h] > placement.threshold()) {
                    continue;
                }
                double after = Math.min(1, (allocated[h] + full) / capacity[h]);
                double increase = hostPower[h].watts(after) - hostPower[h].watts(0);
                if (increase < minPowerIncrease) {
                    minPowerIncrease = increase;
                    chosen = h;
                }
            }
            if (chosen < 0) {
                throw new IllegalArgumentException("hosts = " + hostCount + ": too few for the workload (VM "
                        + vmIds[v] + ", " + vmNames[v] + ", fits on no host by " + placement.kind() + ")");
            }
            capped = 0;
            full = 0;
            for (int c = 0; c < vmVcpus[v]; c++) {
                full += vmMips[v];
                capped += Math.min(vmMips[v], coreMips[chosen]);
            }
            available[chosen] -= capped;
            allocated[chosen] += capped;
            append(chosen, v);
            ramUsed[chosen] += vmRam[v];
            ramHeld[v] = vmRam[v];
            vmHost[v] = chosen;
        }
    }

    // ---------------------------------------------------------------- updates

    private double demand(int v, double t) {
        double[] d = trace[v];
        if (t % interval == 0) {
            return d[Math.min(d.length - 1, (int) t / (int) interval)];
        }
        int t1 = (int) Math.floor(t / interval);
        int t2 = (int) Math.ceil(t / interval);
        double u1 = d[Math.min(d.length - 1, t1)];
        double u2 = d[Math.min(d.length - 1, t2)];
        double delta = (u2 - u1) / ((t2 - t1) * interval);
        return u1 + delta * (t - t1 * interval);
    }

    /** Updates every host at {@code t}, ending the energy frame since the last update. */
    void update(double t) {
        double dt = t - lastUpdate;
        for (int v = 0; v < vmCount; v++) {
            if (vmRetired[v]) {
                continue;
            }
            share[v] = demand(v, t);
            if (t > historyTime[v] && (t - FIRST_EVENT_SECONDS) % interval == 0) {
                if (t != 0 || share[v] != 0) {
                    int slot = v * HISTORY_LENGTH + historyNext[v];
                    history[slot] = share[v];
                    historyNext[v] = (historyNext[v] + 1) % HISTORY_LENGTH;
                    historyCount[v] = Math.min(HISTORY_LENGTH, historyCount[v] + 1);
                }
                historyTime[v] = t;
            }
        }
        boolean maximum = candidate.accounting() == PowerAccounting.MAXIMUM_ALWAYS;
        double frame = 0;
        for (int h = 0; h < hostCount; h++) {
            double from = hostUtil[h];
            updateHost(h, t);
            if (dt > 0) {
                PowerCurve w = hostPower[h];
                if (maximum) {
                    frame += w.maxWatts() * dt;
                    acc.energyJoules[h] += w.maxWatts() * dt;
                } else if (from != 0) {
                    double p0 = w.watts(Math.min(1, from));
                    double p1 = w.watts(Math.min(1, hostUtil[h]));
                    frame += (p0 + (p1 - p0) / 2) * dt;
                    acc.energyJoules[h] += (p0 + (p1 - p0) / 2) * dt;
                }
            }
        }
        energyJoules += frame;
        lastUpdate = t;
        if (setup.retireIdleVms()) {
            retireIdleVms();
        }
        if (checkInvariants) {
            checkInvariants(t);
        }
    }

    /** CloudSim's "completed" VMs: not migrating and asking for no MIPS at all; they leave for the day. */
    private void retireIdleVms() {
        for (int h = 0; h < hostCount; h++) {
            for (int i = hostVmCount[h] - 1; i >= 0; i--) {
                int v = hostVms[h][i];
                if (vmFlights[v] == 0 && share[v] == 0) {
                    remove(h, v);
                    ramUsed[h] -= ramHeld[v];
                    ramHeld[v] = 0;
                    vmHost[v] = -1;
                    vmRetired[v] = true;
                    retiredVms++;
                }
            }
        }
    }

    /** @return how many VMs retired so far (asked for no CPU; see {@code DatacenterSetup.retireIdleVms}) */
    public long retiredVms() {
        return retiredVms;
    }

    private void updateHost(int h, double t) {
        int n = hostVmCount[h];
        int[] list = hostVms[h];
        double cap = capacity[h];
        double pe = coreMips[h];
        double available = cap;
        boolean over = false;
        double required = 0;
        for (int i = 0; i < n; i++) {
            int v = list[i];
            double perVcpu = share[v] * (vmVcpus[v] * vmMips[v]) / vmVcpus[v];
            double capped = 0;
            for (int c = 0; c < vmVcpus[v]; c++) {
                capped += Math.min(perVcpu, pe);
            }
            if (migratingIn.get(h * vmCount + v)) {
                capped *= TARGET_CPU_SHARE;
            }
            required += capped;
            if (!over) {
                if (available >= capped) {
                    available -= capped;
                } else {
                    over = true;
                }
            }
        }
        double scale = over ? cap / required : 1;
        double utilMips = 0;
        double requestedMips = 0;
        for (int i = 0; i < n; i++) {
            int v = list[i];
            boolean in = migratingIn.get(h * vmCount + v);
            boolean out = vmFlights[v] > 0 && vmHost[v] == h;
            boolean degraded = out || (in && leftOnce.get(h * vmCount + v));
            double keep = vmKeep[v];
            double perVcpu = share[v] * (vmVcpus[v] * vmMips[v]) / vmVcpus[v];
            double m = Math.min(perVcpu, pe);
            double alloc = 0;
            double requested = 0;
            double full = 0;
            for (int c = 0; c < vmVcpus[v]; c++) {
                double a;
                // asked: what the host is asked to give this vCPU (its whole demand, or, on a migration target
                // without CloudSim's accounting, the share it gives the incoming VM when not overloaded)
                double asked = perVcpu;
                if (degraded) {
                    a = over ? Math.floor(m * scale * keep) : m * keep;
                    full += over ? Math.floor(m * scale) : m;
                    asked = in && !migratingInAsksFullDemand ? m * keep : perVcpu;
                } else if (in) {
                    a = over ? Math.floor(m * TARGET_CPU_SHARE * scale) : m * TARGET_CPU_SHARE;
                    asked = migratingInAsksFullDemand ? perVcpu : m * TARGET_CPU_SHARE;
                } else {
                    a = over ? Math.floor(m * scale) : m;
                }
                alloc += a;
                requested += asked;
            }
            if (in) {
                utilMips += alloc;
            } else {
                vmEntry(v, h, t, alloc, requested, out);
                if (out) {
                    alloc = keep > 0 ? alloc / keep : full;
                }
                utilMips += alloc;
            }
            requestedMips += requested;
        }
        hostUtilMips[h] = utilMips;
        hostRequestedMips[h] = requestedMips;
        double u = utilMips / cap;
        if (u > 1 && u < UTILISATION_CLAMP) {
            u = 1;
        }
        hostUtil[h] = u;
        hostEntry(h, t, utilMips, requestedMips, utilMips > 0);
    }

    private void hostEntry(int h, double t, double alloc, double requested, boolean active) {
        if (hostEntryPending[h]) {
            if (hostEntryTime[h] != t) {
                finishHostEntry(h, t);
            }
        }
        hostEntryPending[h] = true;
        hostEntryTime[h] = t;
        hostEntryAlloc[h] = alloc;
        hostEntryRequested[h] = requested;
        hostEntryActive[h] = active;
    }

    private void finishHostEntry(int h, double nextTime) {
        if (hostEntryActive[h] && !Double.isNaN(nextTime)) {
            double dt = nextTime - hostEntryTime[h];
            activeSeconds += dt;
            acc.activeSeconds[h] += dt;
            if (hostEntryAlloc[h] < hostEntryRequested[h]) {
                slaViolationSeconds += dt;
                acc.slaViolationSeconds[h] += dt;
            }
        }
        if (hostFinalActive[h] && !hostEntryActive[h]) {
            shutdowns++;
        }
        hostFinalActive[h] = hostEntryActive[h];
    }

    private void vmEntry(int v, int host, double t, double alloc, double requested, boolean migrating) {
        if (vmEntryPending[v] && vmEntryTime[v] != t) {
            double dt = t - vmEntryTime[v];
            requestedMipsSeconds += vmEntryRequested[v] * dt;
            acc.requestedMipsSeconds[vmEntryHost[v]] += vmEntryRequested[v] * dt;
            if (vmEntryAlloc[v] < vmEntryRequested[v] && vmEntryMigrating[v]) {
                migrationLostMipsSeconds += (vmEntryRequested[v] - vmEntryAlloc[v]) * dt;
                acc.migrationLostMipsSeconds[vmEntryHost[v]] += (vmEntryRequested[v] - vmEntryAlloc[v]) * dt;
            }
        }
        vmEntryHost[v] = host;
        vmEntryPending[v] = true;
        vmEntryTime[v] = t;
        vmEntryAlloc[v] = alloc;
        vmEntryRequested[v] = requested;
        vmEntryMigrating[v] = migrating;
    }

    private void finishHistories() {
        for (int h = 0; h < hostCount; h++) {
            if (hostEntryPending[h]) {
                finishHostEntry(h, Double.NaN);
            }
        }
    }

    // ---------------------------------------------------------------- intervals

    private void open(int index, double start, int active) {
        openIndex = index;
        openStart = start;
        openEnergyAtStart = energyJoules;
        openActive = active;
        boolean maximum = candidate.accounting() == PowerAccounting.MAXIMUM_ALWAYS;
        double power = 0;
        for (int h = 0; h < hostCount; h++) {
            if (maximum) {
                power += hostPower[h].maxWatts();
            } else if (hostUtil[h] != 0) {
                power += hostPower[h].watts(Math.min(1, hostUtil[h]));
            }
        }
        openPower = power;
        if (index == 0) {
            openMigrations = 0;
            openRefused = 0;
            openOverloaded = 0;
            openDowntime = 0;
            openBytes = 0;
        }
    }

    private void close(double end) {
        double length = end - openStart;
        closedLength = length;
        double energy = energyJoules - openEnergyAtStart;
        intervals.add(new IntervalMetrics(openIndex, openStart, openActive, length > 0 ? energy / length : openPower,
                energy / 3.6e6, openMigrations, openRefused, openOverloaded, openDowntime, openBytes));
        if (openIndex > 0) {
            activeHostSeconds += openActive * length;
            activeWeightSeconds += length;
        }
    }

    // ---------------------------------------------------------------- decisions and migrations

    private Instant instant(double t) {
        return Instant.EPOCH.plusMillis(Math.round(t * 1000));
    }

    /** @return what the agent decides on the context; a throw or a null is counted and decides nothing */
    private List<MigrationDecision> agentDecisions(MigrationAgent agent, EngineAgentContext context) {
        double t = now;
        List<MigrationDecision> decisions;
        try {
            decisions = agent.decide(context);
            if (decisions == null) {
                agentFailures++;
                lastAgentFailure = agent.name() + " returned null at " + t + " s";
                decisions = List.of();
            }
        } catch (RuntimeException e) {
            agentFailures++;
            lastAgentFailure = agent.name() + " failed at " + t + " s: " + e;
            decisions = List.of();
        }
        return decisions;
    }

    /** The decide step after the agent: the guard observes, the valid and admitted decisions start. */
    private void execute(EngineAgentContext context, List<MigrationDecision> decisions, double t) {
        Instant now = instant(t);
        if (guard.isPresent()) {
            List<MigrationDecision> proposed = new ArrayList<>(decisions.size());
            for (MigrationDecision d : decisions) {
                if (d != null) {
                    proposed.add(d);
                }
            }
            guard.get().observe(context.snapshot(), proposed, now);
        }
        int first = flights;
        for (MigrationDecision d : decisions) {
            int v = validate(d, context, now, first);
            if (v < 0) {
                refused++;
                openRefused++;
                continue;
            }
            int target = hostIndex.get(d.target().value());
            vmTarget[v] = target;
            vmFlights[v]++;
            migratingIn.set(target * vmCount + v);
            leftOnce.set(vmHost[v] * vmCount + v);
            append(target, v);
            long reserve = reservation(v);
            ramUsed[target] += reserve;
            addFlight(v, Double.NaN, d, target, reserve);
            guard.ifPresent(g -> g.started(d, now));
        }
        for (int f = first; f < flights; f++) {
            int v = flightVm[f];
            int source = vmHost[v];
            int sharing = leaving(source);
            long seed = SeededHash.hash(setup.seed(), MIGRATION_SEED_STREAM, migrations, v);
            MigrationEstimate e = setup.migrationModel().estimate(new MigrationJob(v, vmRam[v], share[v], vmMips[v],
                    vmVcpus[v], hostLink[source], sharing, seed));
            migrations++;
            openMigrations++;
            vmKeep[v] = 1 - e.lostCpuShare();
            flightEnd[f] = t + e.durationSeconds();
            flightEstimate[f] = e;
            downtimeTotal += e.downtimeSeconds();
            openDowntime += e.downtimeSeconds();
            bytesMoved += e.bytesMoved();
            openBytes += e.bytesMoved();
            degradedTotal += e.degradedSeconds();
            acc.migrationsStarted[source]++;
            Optional<Duration> budget = setup.migrationModel().downtimeBudget();
            if (budget.isPresent() && e.downtimeSeconds() * 1e9 > budget.get().toNanos()) {
                slaViolatingMigrations++;
                acc.downtimeOverBudgetSeconds[source] += e.downtimeSeconds() - budget.get().toNanos() / 1e9;
            }
        }
        for (int f = first; f < flights; f++) {
            int v = flightVm[f];
            updateHost(vmHost[v], t);
            updateHost(flightTarget[f], t);
        }
        if (checkInvariants) {
            checkInvariants(t);
        }
    }

    /** @return the memory a migration of {@code v} reserves on its target (CloudSim: none) */
    private long reservation(int v) {
        return setup.migratedVmsHoldNoMemory() ? 0 : vmRam[v];
    }

    /** @return the VM's index when the decision may run, else -1 */
    private int validate(MigrationDecision d, EngineAgentContext context, Instant now, int batch) {
        if (d == null) {
            return -1;
        }
        Integer v = vmIndex.get(d.vm().value());
        Integer source = hostIndex.get(d.source().value());
        Integer target = hostIndex.get(d.target().value());
        if (v == null || source == null || target == null || vmRetired[v]) {
            return -1;
        }
        if (vmFlights[v] > 0) {
            // CloudSim's double move: only a VM that started migrating in this very interval, from its host or
            // the target it is moving to, to a host it is neither on nor moving to
            boolean thisInterval = false;
            for (int f = batch; f < flights; f++) {
                thisInterval |= flightVm[f] == v;
            }
            if (!setup.doubleMoves() || !thisInterval
                    || (vmHost[v] != source && !migratingIn.get(source * vmCount + v))
                    || vmHost[v] == target || migratingIn.get(target * vmCount + v)) {
                return -1;
            }
        } else if (vmHost[v] != source || target.intValue() == source.intValue()) {
            return -1;
        }
        if (hostRam[target] - ramUsed[target] < reservation(v)) {
            return -1;
        }
        if (guard.isPresent() && (guard.get().blocked(d.vm(), now).isPresent()
                || guard.get().refusal(d, context.snapshot(), now).isPresent())) {
            return -1;
        }
        return v;
    }

    private void addFlight(int v, double end, MigrationDecision d, int target, long reserve) {
        if (flights == flightVm.length) {
            flightVm = java.util.Arrays.copyOf(flightVm, flights * 2);
            flightEnd = java.util.Arrays.copyOf(flightEnd, flights * 2);
            flightDecision = java.util.Arrays.copyOf(flightDecision, flights * 2);
            flightEstimate = java.util.Arrays.copyOf(flightEstimate, flights * 2);
            flightTarget = java.util.Arrays.copyOf(flightTarget, flights * 2);
            flightReserve = java.util.Arrays.copyOf(flightReserve, flights * 2);
        }
        flightVm[flights] = v;
        flightEnd[flights] = end;
        flightDecision[flights] = d;
        flightTarget[flights] = target;
        flightReserve[flights] = reserve;
        flights++;
    }

    /** Completes, in time order, every migration that ends before {@code bound}. */
    private void completeMigrations(double bound) {
        while (flights > 0) {
            double end = Double.MAX_VALUE;
            for (int f = 0; f < flights; f++) {
                end = Math.min(end, flightEnd[f]);
            }
            if (!(end < bound)) {
                return;
            }
            if (end > lastUpdate) {
                update(end);
            }
            Instant now = instant(end);
            int kept = 0;
            for (int f = 0; f < flights; f++) {
                if (flightEnd[f] == end) {
                    complete(flightVm[f], flightTarget[f], flightReserve[f]);
                    MigrationDecision d = flightDecision[f];
                    guard.ifPresent(g -> g.finished(d, now));
                    teach(d, flightEstimate[f], end);
                } else {
                    flightVm[kept] = flightVm[f];
                    flightEnd[kept] = flightEnd[f];
                    flightDecision[kept] = flightDecision[f];
                    flightEstimate[kept] = flightEstimate[f];
                    flightTarget[kept] = flightTarget[f];
                    flightReserve[kept] = flightReserve[f];
                    kept++;
                }
            }
            for (int f = kept; f < flights; f++) {
                flightDecision[f] = null;
                flightEstimate[f] = null;
            }
            flights = kept;
            update(end);
        }
    }

    /** Tells the agent how its decision ended ({@code MigrationAgent.learn}); an agent that throws is counted. */
    private void teach(MigrationDecision d, MigrationEstimate e, double end) {
        if (candidate.agent().isEmpty()) {
            return;
        }
        Optional<Duration> budget = setup.migrationModel().downtimeBudget();
        io.ferry.api.model.MigrationMetrics metrics = new io.ferry.api.model.MigrationMetrics(
                Duration.ofNanos(Math.round(e.durationSeconds() * 1e9)),
                Duration.ofNanos(Math.round(e.downtimeSeconds() * 1e9)), e.bytesMoved(), 0, 0, 0, 0,
                Duration.ofNanos(Math.round(e.degradedSeconds() * 1e9)), Duration.ZERO,
                budget.isPresent() && e.downtimeSeconds() * 1e9 > budget.get().toNanos(),
                java.util.Set.of(io.ferry.api.model.MigrationMetrics.Figure.PAGES,
                        io.ferry.api.model.MigrationMetrics.Figure.ROUNDS));
        io.ferry.api.model.MigrationOutcome outcome = new io.ferry.api.model.MigrationOutcome(
                new io.ferry.api.model.MigrationId(d.vm().value() + "@" + Math.round(end * 1000)), d.vm(), d.source(),
                d.target(), io.ferry.api.model.MigrationOutcome.Status.COMPLETED, d.target(),
                e.postCopy() ? io.ferry.api.model.Technique.POST_COPY : io.ferry.api.model.Technique.PRE_COPY,
                Optional.of(metrics), setup.migrationModel().name());
        try {
            candidate.agent().get().learn(d, outcome);
        } catch (RuntimeException failure) {
            agentFailures++;
            lastAgentFailure = candidate.agent().get().name() + " failed to learn at " + end + " s: " + failure;
        }
    }

    /**
     * The VM leaves the host it runs on and runs on {@code target}, last in its list; after CloudSim's double move
     * the second completion (same instant, no update between) takes it on from the first target.
     */
    private void complete(int v, int target, long reserve) {
        int source = vmHost[v];
        remove(source, v);
        ramUsed[source] -= ramHeld[v];
        ramHeld[v] = reserve;
        remove(target, v);
        append(target, v);
        vmHost[v] = target;
        migratingIn.clear(target * vmCount + v);
        leftOnce.clear(target * vmCount + v);
        if (--vmFlights[v] == 0) {
            vmTarget[v] = -1;
            vmKeep[v] = 1;
        }
    }

    private void append(int h, int v) {
        if (hostVmCount[h] == hostVms[h].length) {
            hostVms[h] = java.util.Arrays.copyOf(hostVms[h], hostVms[h].length * 2);
        }
        hostVms[h][hostVmCount[h]++] = v;
    }

    private void remove(int h, int v) {
        int[] list = hostVms[h];
        int n = hostVmCount[h];
        for (int i = 0; i < n; i++) {
            if (list[i] == v) {
                System.arraycopy(list, i + 1, list, i, n - i - 1);
                hostVmCount[h] = n - 1;
                return;
            }
        }
        throw new IllegalStateException("VM " + vmIds[v] + " is not on host " + hostIds[h]);
    }

    private void checkInvariants(double t) {
        int[] seen = new int[vmCount];
        for (int h = 0; h < hostCount; h++) {
            long ram = 0;
            for (int i = 0; i < hostVmCount[h]; i++) {
                int v = hostVms[h][i];
                seen[v]++;
                if (vmHost[v] == h) {
                    ram += ramHeld[v];
                } else {
                    for (int f = 0; f < flights; f++) {
                        ram += flightVm[f] == v && flightTarget[f] == h ? flightReserve[f] : 0;
                    }
                }
                if (vmHost[v] != h && !migratingIn.get(h * vmCount + v)) {
                    throw new IllegalStateException("at " + t + " s VM " + vmIds[v] + " is listed on " + hostIds[h]
                            + " but neither runs there nor migrates there");
                }
            }
            if (ram != ramUsed[h] || ram > hostRam[h]) {
                throw new IllegalStateException("at " + t + " s host " + hostIds[h] + " holds " + ram
                        + " bytes of VMs but accounts " + ramUsed[h] + " of " + hostRam[h]);
            }
            if (hostVmCount[h] == 0 && (hostUtilMips[h] != 0 || hostRequestedMips[h] != 0)) {
                throw new IllegalStateException("at " + t + " s host " + hostIds[h] + " holds no VM but uses "
                        + hostUtilMips[h] + " MIPS");
            }
        }
        for (int v = 0; v < vmCount; v++) {
            int expected = vmRetired[v] ? 0 : 1 + vmFlights[v];
            if (seen[v] != expected) {
                throw new IllegalStateException("at " + t + " s VM " + vmIds[v] + " is listed on " + seen[v]
                        + " hosts, must be on " + expected);
            }
        }
    }

    /** The seed stream of the estimates agents ask for before deciding (never those of executed migrations). */
    static final long PLAN_SEED_STREAM = 0x706c616eL;

    /**
     * What moving VM {@code v} to host {@code target} now would cost under the run's migration model, for an agent's
     * {@code AgentContext.plan}: the VM's current demand, the source's link shared with the migrations already
     * leaving it. Changes nothing in the run; seeded from (run seed, VM, target), so asking twice gives the same.
     */
    /** @return how many migrations in flight leave {@code source}: they share its link. O(migrations in flight) */
    private int leaving(int source) {
        int n = 0;
        for (int g = 0; g < flights; g++) {
            n += vmHost[flightVm[g]] == source ? 1 : 0;
        }
        return n;
    }

    /** @return the run's migration model's name ({@code cloudsim}, {@code page-level}) */
    String migrationModelName() {
        return setup.migrationModel().name();
    }

    MigrationEstimate estimateMove(int v, int target) {
        int source = vmHost[v];
        int sharing = 1 + leaving(source);
        long seed = SeededHash.hash(setup.seed(), PLAN_SEED_STREAM, v, target);
        return setup.migrationModel().estimate(new MigrationJob(v, vmRam[v], share[v], vmMips[v], vmVcpus[v],
                hostLink[source], sharing, seed));
    }
}
