package io.ferry.xen.internal;

import com.xensource.xenapi.Task;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VM;
import io.ferry.api.MigrationHandle;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationProgress;
import io.ferry.api.model.Technique;
import io.ferry.api.model.VmId;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code Async.VM.pool_migrate} in flight: its XAPI task polled every {@code taskPollMillis} for progress and
 * end, cancelled ({@code task.cancel}) on {@link #cancel()} or after {@code migrationTimeoutSeconds}, and its outcome
 * completed exactly once — and only after the VM's {@code resident_on} has been read back, so that what Ferry
 * reports is where XAPI says the VM runs: the target for {@code COMPLETED}, the source otherwise.
 *
 * <p>Decides how XAPI's answers map to outcomes: task {@code success} with the VM on the target is
 * {@code COMPLETED}; {@code failure} is {@code FAILED} with XAPI's code and its meaning; {@code cancelled} is
 * {@code CANCELLED}; a task that vanished ({@code HANDLE_INVALID}) is judged by where the VM is. What XAPI does not
 * measure is not invented: total time comes from the task's {@code created}/{@code finished} (1 s resolution),
 * downtime, bytes, pages and rounds are marked unreported ({@link MigrationMetrics#unreported()}) and the outcome's
 * detail says XAPI does not measure them.
 * Transport failures while polling are retried at the next poll, indefinitely: the outcome waits for an answer
 * rather than guess (unless the adapter stops, see {@link #abandon}).
 *
 * <p>Cost: one {@code task.get_record} per poll, two or three calls at the end ({@code VM.get_record},
 * {@code task.destroy}). Thread-safe; polls run on the adapter's scheduler, one at a time.
 */
final class XenMigration implements MigrationHandle {

    private static final Logger LOG = LoggerFactory.getLogger(XenMigration.class);

    /** Says what XAPI does not report, in every completed outcome's detail. */
    static final String NOT_REPORTED = "downtime, bytes, pages and rounds are not reported by XAPI (it measures the "
            + "total time only)";

    /** Who the migration is: identities and references. */
    record Target(MigrationId id, VmId vm, HostId source, HostId target, String vmRef, String sourceRef,
            String targetRef) {
    }

    private final Target t;
    private final XenSettings settings;
    private final XapiClient client;
    private final Inventory inventory;
    private final ScheduledExecutorService scheduler;
    private final CompletableFuture<MigrationOutcome> outcome = new CompletableFuture<>();
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private final long startedNanos = System.nanoTime();
    private final Object pollLock = new Object();
    private volatile String taskRef;
    private volatile String cancelReason = "";
    private volatile MigrationProgress progress = new MigrationProgress(0, MigrationProgress.Phase.QUEUED, 0,
            Duration.ZERO, 0);
    private volatile ScheduledFuture<?> poller;
    /** The task's end as XAPI reported it, kept while the VM's location is being verified. */
    private volatile Task.Record ended;
    private volatile boolean taskVanished;

    XenMigration(Target target, XenSettings settings, XapiClient client, Inventory inventory,
            ScheduledExecutorService scheduler) {
        this.t = target;
        this.settings = settings;
        this.client = client;
        this.inventory = inventory;
        this.scheduler = scheduler;
    }

    /** Starts polling {@code task}. */
    void follow(String task) {
        this.taskRef = task;
        this.progress = new MigrationProgress(0, MigrationProgress.Phase.PRE_COPY, 0, elapsed(), 0);
        long period = settings.taskPoll().toMillis();
        this.poller = scheduler.scheduleWithFixedDelay(this::poll, period, period, TimeUnit.MILLISECONDS);
    }

    /** Ends at once as completed: the VM was found on the target before a task could be followed. */
    void completedWithoutTask(String why) {
        complete(new MigrationOutcome(t.id(), t.vm(), t.source(), t.target(), MigrationOutcome.Status.COMPLETED,
                t.target(), Technique.PRE_COPY, Optional.of(metrics(elapsed())), why + "; " + NOT_REPORTED));
    }

    @Override
    public MigrationId id() {
        return t.id();
    }

    @Override
    public MigrationProgress progress() {
        return progress;
    }

    @Override
    public CompletionStage<MigrationOutcome> outcome() {
        return outcome;
    }

    /** @return the XAPI task followed, once known */
    Optional<String> task() {
        return Optional.ofNullable(taskRef);
    }

    /** @return whether the outcome is known */
    boolean done() {
        return outcome.isDone();
    }

    /**
     * Asks XAPI to cancel ({@code task.cancel}), on the scheduler: returns at once. A migration past its point of no
     * return completes instead; either way the outcome says where the VM is.
     */
    @Override
    public void cancel() {
        requestCancel("cancelled by Ferry");
    }

    void requestCancel(String why) {
        if (outcome.isDone() || taskRef == null || !cancelRequested.compareAndSet(false, true)) {
            return;
        }
        cancelReason = why;
        scheduler.execute(() -> {
            try {
                client.call(c -> {
                    Types.toTask(taskRef).cancel(c);
                    return null;
                });
                LOG.info("pool {}: migration {} of VM {}: task.cancel sent ({})", settings.poolName(), t.id(),
                        t.vm(), why);
            } catch (XapiException e) {
                // a finished task cannot be cancelled; an unreachable master is retried by the next poll's timeout
                LOG.debug("pool {}: migration {}: task.cancel: {}", settings.poolName(), t.id(), e.getMessage());
                if (e.transport()) {
                    cancelRequested.set(false);
                }
            }
        });
    }

    private void poll() {
        synchronized (pollLock) {
            if (outcome.isDone()) {
                stopPolling();
                return;
            }
            try {
                if (ended == null && !taskVanished) {
                    readTask();
                }
                if (ended != null || taskVanished) {
                    finish();
                }
            } catch (XapiException e) {
                LOG.debug("pool {}: migration {}: poll failed, retrying: {}", settings.poolName(), t.id(),
                        e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("pool {}: migration {}: poll failed, retrying: {}", settings.poolName(), t.id(), e.toString());
            }
        }
    }

    private void readTask() throws XapiException {
        Task.Record r;
        try {
            r = client.call(c -> Types.toTask(taskRef).getRecord(c));
        } catch (XapiException e) {
            if (e.code().equals("HANDLE_INVALID")) {
                taskVanished = true; // destroyed by someone else, or xapi restarted: judge by the VM's location
                return;
            }
            throw e;
        }
        Types.TaskStatusType status = r.status == null ? Types.TaskStatusType.UNRECOGNIZED : r.status;
        switch (status) {
            case SUCCESS, FAILURE, CANCELLED -> ended = r;
            default -> {
                double fraction = r.progress == null || !Double.isFinite(r.progress) ? 0
                        : Math.max(0, Math.min(1, r.progress));
                progress = new MigrationProgress(fraction, MigrationProgress.Phase.PRE_COPY, 0, elapsed(), 0);
                if (elapsed().compareTo(settings.migrationTimeout()) > 0) {
                    requestCancel("the migration timeout of " + settings.migrationTimeout().toSeconds() + " s passed");
                }
            }
        }
    }

    /** The task has ended (or vanished): reads where the VM is and completes the outcome. */
    private void finish() throws XapiException {
        VM.Record vm;
        try {
            vm = client.call(c -> Types.toVM(t.vmRef()).getRecord(c));
        } catch (XapiException e) {
            if (!e.code().equals("HANDLE_INVALID")) {
                throw e;
            }
            complete(new MigrationOutcome(t.id(), t.vm(), t.source(), t.target(), MigrationOutcome.Status.FAILED,
                    t.source(), Technique.PRE_COPY, Optional.empty(), "HANDLE_INVALID: the VM no longer exists in the "
                    + "pool (destroyed during its migration, task " + taskRef + ")"));
            destroyTask();
            return;
        }
        String where = Inventory.refOf(vm.residentOn);
        boolean onTarget = t.targetRef().equals(where);
        boolean onSource = t.sourceRef().equals(where);
        if (taskVanished && ended == null && !onTarget && vm.currentOperations != null
                && vm.currentOperations.containsKey(taskRef)) {
            return; // the task record is gone but XAPI still runs the migration: wait for its end
        }
        String taskText = "task " + taskRef;
        MigrationOutcome o;
        if (onTarget) {
            Duration total = ended == null ? elapsed() : taskTime(ended);
            String note = ended == null ? "the task vanished; the VM runs on the target"
                    : ended.status == Types.TaskStatusType.SUCCESS ? "XAPI completed the migration (" + taskText + ")"
                    : "XAPI reported " + XapiErrors.ofErrorInfo(ended.errorInfo).code()
                            + " but the VM runs on the target (" + taskText + ")";
            o = new MigrationOutcome(t.id(), t.vm(), t.source(), t.target(), MigrationOutcome.Status.COMPLETED,
                    t.target(), Technique.PRE_COPY, Optional.of(metrics(total)), note + "; total time "
                    + (ended == null ? "as observed by Ferry" : "from XAPI's task timestamps (1 s resolution)") + "; "
                    + NOT_REPORTED);
        } else {
            MigrationOutcome.Status status;
            String detail;
            if (ended == null) {
                status = MigrationOutcome.Status.FAILED;
                detail = "HANDLE_INVALID: the task vanished before it reported an end; the VM did not move ("
                        + taskText + ")";
            } else if (ended.status == Types.TaskStatusType.SUCCESS) {
                status = MigrationOutcome.Status.FAILED;
                detail = "XAPI reported success but the VM does not run on the target (" + taskText + ")";
            } else {
                XapiException x = XapiErrors.ofErrorInfo(ended.errorInfo);
                status = ended.status == Types.TaskStatusType.CANCELLED || x.code().equals("TASK_CANCELLED")
                        ? MigrationOutcome.Status.CANCELLED : MigrationOutcome.Status.FAILED;
                detail = x.code() + ": " + x.meaning() + (status == MigrationOutcome.Status.CANCELLED
                        && !cancelReason.isEmpty() ? " (" + cancelReason + ")" : "") + " (" + taskText + ")";
            }
            if (!onSource) {
                detail += "; XAPI now reports the VM " + (where == null ? "on no host" : "on host " + hostUuid(where))
                        + ", not on its source";
                LOG.warn("pool {}: migration {} of VM {}: {}", settings.poolName(), t.id(), t.vm(), detail);
            }
            o = new MigrationOutcome(t.id(), t.vm(), t.source(), t.target(), status, t.source(), Technique.PRE_COPY,
                    Optional.empty(), detail);
        }
        complete(o);
        destroyTask();
    }

    private String hostUuid(String ref) {
        return inventory.host(ref).map(h -> h.uuid).orElse(ref);
    }

    private void destroyTask() {
        String task = taskRef;
        if (task == null) {
            return;
        }
        try {
            client.call(c -> {
                Types.toTask(task).destroy(c);
                return null;
            });
        } catch (XapiException e) {
            LOG.debug("pool {}: task.destroy {}: {}", settings.poolName(), task, e.getMessage());
        }
    }

    /**
     * Completes the outcome without XAPI's answer, when the adapter stops before XAPI reported the end: the VM's
     * location is unverified, and the detail says so.
     */
    void abandon(String why) {
        synchronized (pollLock) {
            if (outcome.isDone()) {
                return;
            }
            complete(new MigrationOutcome(t.id(), t.vm(), t.source(), t.target(), MigrationOutcome.Status.FAILED,
                    t.source(), Technique.PRE_COPY, Optional.empty(), "ADAPTER_STOPPED: " + why
                    + "; task.cancel was requested, but XAPI did not report the end in time: the VM's host is not "
                    + "verified (the next inventory shows it)"));
        }
    }

    private void complete(MigrationOutcome o) {
        progress = new MigrationProgress(o.status() == MigrationOutcome.Status.COMPLETED ? 1 : progress.fraction(),
                MigrationProgress.Phase.DONE, 0, elapsed(), 0);
        inventory.migrationEnded(t.vmRef());
        inventory.markStale(t.sourceRef());
        inventory.markStale(t.targetRef());
        stopPolling();
        if (outcome.complete(o)) {
            LOG.info("pool {}: migration {} of VM {} {}: {}", settings.poolName(), t.id(), t.vm(),
                    o.status().name().toLowerCase(java.util.Locale.ROOT), o.detail());
        }
    }

    private void stopPolling() {
        ScheduledFuture<?> p = poller;
        if (p != null) {
            p.cancel(false);
        }
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private Duration taskTime(Task.Record r) {
        if (r.created != null && r.finished != null && !r.finished.before(r.created)) {
            return Duration.ofMillis(r.finished.getTime() - r.created.getTime());
        }
        return elapsed();
    }

    private static MigrationMetrics metrics(Duration total) {
        // XAPI runs pre-copy only, so no post-copy figure is missing: they are truly zero
        return new MigrationMetrics(total, Duration.ZERO, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, false,
                EnumSet.of(MigrationMetrics.Figure.DOWNTIME, MigrationMetrics.Figure.BYTES,
                        MigrationMetrics.Figure.PAGES, MigrationMetrics.Figure.ROUNDS));
    }

    /** @return a short description for logs */
    @Override
    public String toString() {
        return "XenMigration[" + t.id() + " " + t.vm() + " " + t.source() + "->" + t.target() + " task "
                + taskRef + "]";
    }

    /** @return the VM, source and target references */
    Target target() {
        return t;
    }
}
