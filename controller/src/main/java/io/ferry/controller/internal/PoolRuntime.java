package io.ferry.controller.internal;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.Capability;
import io.ferry.api.model.HostId;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.controller.ControllerException;
import io.ferry.controller.GuardStateStore;
import io.ferry.controller.PoolRecording;
import io.ferry.controller.PoolStatus;
import io.ferry.controller.Selection;
import io.ferry.guard.Guard;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pool under control: its settings and selection history, the schedule of its {@link ControlCycle}, an
 * operator's migrations, its status and its recordings. The cycle's work is in the step classes the
 * {@link ControlCycle} lists; this class only holds them together for one pool.
 *
 * <p>Cost: nothing beyond its cycle's. Status and recordings never wait on a cycle; status never asks the
 * hypervisor (it shows what the last cycle saw, and when).
 */
final class PoolRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(PoolRuntime.class);

    private final PoolId pool;
    private final HypervisorAdapter adapter;
    private final Plugins plugins;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final AtomicReference<PoolSettings> settings;
    private final Deque<Selection> previous = new ArrayDeque<>();
    private final Object lock = new Object();
    private final TelemetryStep telemetry;
    private final Guard guard = new Guard();
    private final RecordStep record;
    private final ExecuteStep execute;
    private final ControlCycle cycle;
    private final PoolForecasts forecasts;
    private final TelemetryFanOut telemetryOut;
    private volatile Optional<java.time.Instant> lastCycle = Optional.empty();
    private volatile Optional<String> problem = Optional.empty();
    private volatile ScheduledFuture<?> next;
    private volatile boolean stopped;
    private final AtomicBoolean refreshing = new AtomicBoolean();

    PoolRuntime(PoolId pool, HypervisorAdapter adapter, PoolSettings initial, Plugins plugins, AuditLog audit,
            Clock clock, ScheduledExecutorService scheduler, Executor callbacks, TelemetryFanOut telemetryOut) {
        this.pool = pool;
        this.telemetryOut = telemetryOut;
        this.adapter = adapter;
        this.settings = new AtomicReference<>(initial);
        this.plugins = plugins;
        this.clock = clock;
        this.scheduler = scheduler;
        this.telemetry = new TelemetryStep(adapter, clock);
        this.record = new RecordStep(pool, audit, clock, settings::get);
        this.execute = new ExecuteStep(pool, adapter, guard, record, clock, scheduler, callbacks, settings::get);
        this.forecasts = new PoolForecasts(plugins.predictors(), record);
        this.cycle = new ControlCycle(pool, adapter, plugins, clock, telemetry, guard, execute, record,
                new ControlCycle.Problems() {
                    @Override
                    public void report(String text) {
                        reportProblem(text);
                    }

                    @Override
                    public void set(Optional<String> note) {
                        problem = note;
                    }
                }, forecasts);
        if (adapter instanceof GuardStateStore store) {
            store.load().ifPresent(guard::restore);
        }
    }

    PoolId pool() {
        return pool;
    }

    HypervisorAdapter adapter() {
        return adapter;
    }

    PoolSettings settings() {
        return settings.get();
    }

    // ------------------------------------------------------------------ scheduling

    /**
     * Starts the cycles: the first after one interval, each next one an interval after the previous ended. A first
     * snapshot is taken at once on the scheduler, so that status has one to show before the first cycle.
     */
    void start() {
        refreshInBackground();
        schedule(settings.get().interval());
    }

    /**
     * Asks the hypervisor for a snapshot on the scheduler, at most one such request at a time, so that status has
     * something to show before the next cycle; nobody waits for it.
     */
    private void refreshInBackground() {
        if (stopped || !refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.execute(() -> {
                try {
                    telemetry.read();
                } catch (HypervisorException | RuntimeException e) {
                    LOG.debug("pool {}: no snapshot yet: {}", pool, e.toString());
                } finally {
                    refreshing.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            refreshing.set(false); // shutting down
        }
    }

    private void schedule(Duration delay) {
        if (!stopped) {
            next = scheduler.schedule(this::cycleAndReschedule, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void cycleAndReschedule() {
        try {
            cycle();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("pool {}: control cycle failed", pool, e);
            problem = Optional.of("control cycle failed: " + e);
        } finally {
            schedule(settings.get().interval());
        }
    }

    /** Stops the cycles. Migrations in flight finish (or are cancelled by their adapter) and are recorded. */
    void stop() {
        stopped = true;
        ScheduledFuture<?> f = next;
        if (f != null) {
            f.cancel(false);
        }
    }

    /**
     * Runs one control cycle now, then hands what it read to the telemetry listeners (when it reached the
     * hypervisor; without waiting for them). A manual request that read the pool during the cycle may be handed
     * out instead of the cycle's own reading: both are the pool as it was then.
     */
    void cycle() {
        lastCycle = Optional.of(clock.instant());
        TelemetryStep.Reading before = telemetry.lastReading();
        try {
            cycle.run(settings.get());
        } finally {
            if (adapter instanceof GuardStateStore store) {
                store.save(guard.export());
            }
        }
        TelemetryStep.Reading read = telemetry.lastReading();
        if (read != null && read != before) {
            telemetryOut.publish(read.snapshot(), read.windowsRead(), read.at());
        }
    }

    private void reportProblem(String text) {
        if (!problem.equals(Optional.of(text))) {
            record.problem("", settings.get().policy(), "", text);
        }
        problem = Optional.of(text);
    }

    // ------------------------------------------------------------------ operator requests

    /** Starts one migration now through the guard and the active policy. */
    MigrationId migrate(VmId vm, HostId target) throws ControllerException {
        PoolSettings s = settings.get();
        PluginRegistry.Entry<MigrationPolicy> policy = plugins.policies().get(s.policy())
                .orElseThrow(() -> new ControllerException("policy '" + s.policy() + "' is not installed"));
        Optional<Capability> missing = cycle.missingCapability(policy.service());
        if (missing.isPresent()) {
            throw new ControllerException("policy '" + s.policy() + "' needs " + missing.get()
                    + ", which this pool lacks");
        }
        TelemetryStep.Reading reading;
        try {
            reading = telemetry.read();
        } catch (HypervisorException e) {
            throw new ControllerException("hypervisor unreachable: " + e.getMessage());
        }
        VmState v = reading.snapshot().vm(vm)
                .orElseThrow(() -> new ControllerException("VM " + vm + " is not in pool " + pool));
        if (v.residentOn().isEmpty()) {
            throw new ControllerException("VM " + vm + " is " + v.power().name().toLowerCase() + ", not running");
        }
        if (v.residentOn().get().equals(target)) {
            throw new ControllerException("VM " + vm + " already runs on " + target);
        }
        MigrationDecision d = new MigrationDecision(vm, v.residentOn().get(), target, RecordStep.OPERATOR,
                "requested by an operator");
        ForecastStep forecasts = this.forecasts.step(reading, s);
        PlanStep plans = new PlanStep(policy, new Requests(reading, forecasts, s));
        record.proposed(1);
        try {
            return cycle.judge(d, reading, forecasts, plans, Optional.empty(), s, clock.instant(), true);
        } catch (ControlCycle.Refused e) {
            throw new ControllerException(e.getMessage());
        }
    }

    /**
     * Applies a new selection now.
     *
     * @param remember whether the selection it replaces can be rolled back to (not when this is a rollback)
     */
    Selection select(Selection selection, String why, boolean remember) {
        synchronized (lock) {
            PoolSettings current = settings.get();
            if (!current.selection().equals(selection)) {
                if (remember) {
                    previous.push(current.selection());
                }
                settings.set(current.with(selection));
                record.selection(selection,
                        plugins.policies().get(selection.policy()).map(PluginRegistry.Entry::bundleVersion).orElse(""),
                        why);
            }
            return settings.get().selection();
        }
    }

    /** Applies new settings from configuration (the selection among them). */
    void configure(PoolSettings next) {
        synchronized (lock) {
            Selection before = settings.get().selection();
            settings.set(next.with(before));
            select(next.selection(), "configuration", true);
        }
    }

    /** @return the selection before the last change, removed from the history */
    Optional<Selection> popPrevious() {
        synchronized (lock) {
            return Optional.ofNullable(previous.poll());
        }
    }

    // ------------------------------------------------------------------ status and recordings

    /**
     * @return the pool now, from what the last cycle saw: never asks the hypervisor, so a hypervisor that hangs
     *         (an unreachable XenServer takes seconds to time out) never makes status wait
     */
    PoolStatus status() {
        Optional<TelemetryStep.Seen> seen = telemetry.last();
        if (seen.isEmpty()) {
            refreshInBackground(); // the hypervisor did not answer the first time: ask again, without waiting
        }
        return new PoolStatus(pool, adapter.kind(), adapter.capabilities(), settings.get().selection(),
                seen.map(TelemetryStep.Seen::snapshot), execute.inFlight(), lastCycle, problem, record.counters(),
                note(), seen.map(TelemetryStep.Seen::at), forecasts.status(settings.get()));
    }

    /**
     * @return what the operator should know about what this hypervisor really executes, and the bandwidth caps it
     *         applies when the adapter states them
     */
    String note() {
        return executes() + adapter.bandwidthCaps().map(c -> "; " + c).orElse("");
    }

    private String executes() {
        var caps = adapter.capabilities();
        if (!caps.contains(Capability.ROUND_CONTROL) && !caps.contains(Capability.POST_COPY)) {
            return "this " + adapter.kind() + " pool migrates with pre-copy by its own rules: the policy contributes "
                    + "its cost prediction and timing advice, not the rounds";
        }
        if (!caps.contains(Capability.POST_COPY)) {
            return "this " + adapter.kind() + " pool executes pre-copy only";
        }
        return "the policy steers each migration round by round";
    }

    /** Records the pool's recent telemetry: its busiest running VMs with their dirty-rate and CPU series. */
    PoolRecording recording(int maxVms) throws ControllerException {
        TelemetryStep.Reading reading;
        try {
            reading = telemetry.read();
        } catch (HypervisorException e) {
            throw new ControllerException("hypervisor unreachable: " + e.getMessage());
        }
        PoolSettings s = settings.get();
        Requests requests = new Requests(reading, ForecastStep.none(reading), s);
        List<PoolRecording.VmRecording> out = new ArrayList<>();
        List<VmState> vms = reading.snapshot().vms().stream().filter(VmState::migratable)
                .sorted(Comparator.comparingDouble((VmState v) -> v.cpuUtilisation() * v.vcpus()).reversed()
                        .thenComparing(VmState::id))
                .limit(maxVms).toList();
        for (VmState vm : vms) {
            Optional<MetricWindow> dirty = adapter.capabilities().contains(Capability.DIRTY_RATE_METRIC)
                    ? nonEmpty(reading.metrics(vm.id().value(), Metric.DIRTY_PAGES_PER_SECOND, RECORDED_SAMPLES))
                    : Optional.empty();
            Optional<MetricWindow> cpu = nonEmpty(reading.metrics(vm.id().value(), Metric.CPU_UTILISATION,
                    RECORDED_SAMPLES));
            out.add(new PoolRecording.VmRecording(vm, requests.dirtyBehaviour(vm), dirty, cpu));
        }
        return new PoolRecording(pool, adapter.kind(), reading.at(), requests.link(), s.pageSizeBytes(),
                s.executionStateBytes(), s.downtimeBudget(), s.inferredDirtyPagesPerCpuSecond(), out);
    }

    /** Samples of each series a recording keeps: an hour of 5-second samples. */
    static final int RECORDED_SAMPLES = 720;

    private static Optional<MetricWindow> nonEmpty(Optional<MetricWindow> w) {
        return w.filter(x -> x.size() > 0);
    }
}
