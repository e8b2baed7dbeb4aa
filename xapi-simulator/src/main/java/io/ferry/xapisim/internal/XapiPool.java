package io.ferry.xapisim.internal;

import io.ferry.api.MigrationSteering;
import io.ferry.api.model.Capability;
import io.ferry.api.model.HostId;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.VmId;
import io.ferry.engine.EngineSettings;
import io.ferry.engine.LiveMigrationEngine;
import io.ferry.engine.RunResult;
import io.ferry.simcluster.Cluster;
import io.ferry.simcluster.CpuWorkload;
import io.ferry.simcluster.GuestWrites;
import io.ferry.simcluster.MigrationLink;
import io.ferry.simcluster.Refusal;
import io.ferry.simcluster.SimClock;
import io.ferry.simcluster.SyntheticWorkload;
import io.ferry.simcluster.TraceWorkload;
import io.ferry.simcluster.WorkloadShape;
import io.ferry.xapisim.MigrationRecord;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The simulated pool: xapi's database, sessions and tasks on the shared cluster core ({@link Cluster} for hosts,
 * guests, memory and admission; {@link MigrationLink} for migrations; a {@link CpuWorkload}; a scaled
 * {@link SimClock}). Decides what xapi decides: who may log in, whether a migration may start (xapi's checks in
 * xapi's order: the template and control-domain checks here, the rest the cluster's), when it ends and where its
 * VM then runs, and which faults strike.
 *
 * <p><b>Time.</b> Simulated time is the clock's elapsed wall time times the time scale. Nothing runs in the
 * background: every call first advances the pool to the present ({@link #call}), handling on the way, at their
 * exact simulated times, the engine's round ends, completions, injected failures and outages. So a pool that
 * nobody calls costs nothing, and a test with a manual clock decides exactly when things happen.
 *
 * <p><b>Migrations</b> run in one {@link SharedLinkSimulation} (the pool's migration network, shared by
 * concurrent migrations) offering {@code PRE_COPY} and {@code CANCEL} only, so the engine applies Xen's own
 * pre-copy rule (stop after {@code ownMaxRounds} rounds or once fewer than {@code ownTargetDirtyPages} pages
 * are dirty). A guest's writes during its migration are the {@link GuestWrites} of {@code dirtyPagesPerCpuSecond},
 * {@code hotSetFraction} and {@code hotSetSkew}. As xenopsd does, the VM is first ballooned down to {@code memory_dynamic_min} when that
 * differs from {@code memory_dynamic_max}, so that is what is copied. {@code resident_on} changes only when a
 * migration completes.
 *
 * <p><b>Threads.</b> One lock guards everything; {@link #call} takes it. Waiting calls ({@code event.from}, a
 * synchronous migration) wait on its condition, re-advancing the clock at least every
 * {@value #POLL_MILLIS} ms. Cost: O(hosts + VMs) per call to advance, plus the engine's work.
 */
final class XapiPool {

    private static final Logger LOG = System.getLogger(XapiPool.class.getName());

    /** The page size of a guest's memory. */
    static final int PAGE_SIZE = 4096;
    /** CPU and device state sent while the VM is paused. */
    static final long EXECUTION_STATE_BYTES = 1L << 20;
    /** The downtime budget handed to the engine (XAPI has none; it only labels the engine's metrics). */
    static final Duration DOWNTIME_BUDGET = Duration.ofMillis(300);
    /** How often a waiting call re-reads the clock, in wall milliseconds. */
    static final long POLL_MILLIS = 20;
    /** Finished tasks kept before the oldest are destroyed (xapi collects them too). */
    static final int MAX_FINISHED_TASKS = 5000;
    /** Sessions kept before the least recently active is destroyed (xapi's limit per originator is 500 too). */
    static final int MAX_SESSIONS = 500;
    /** Migration records kept for {@link #migrations()}. */
    static final int MAX_MIGRATION_RECORDS = 100_000;
    private static final Set<Capability> XEN_CAPABILITIES = Set.copyOf(EnumSet.of(Capability.PRE_COPY,
            Capability.CANCEL));
    /** Xen runs its own pre-copy and never consults a policy; the engine never calls this. */
    private static final MigrationSteering XEN_OWN_RULE = new MigrationSteering() {
        @Override
        public RoundDecision begin(Optional<io.ferry.api.PageView> pages) {
            return new RoundDecision.PreCopyRound(Optional.empty());
        }

        @Override
        public RoundDecision afterRound(io.ferry.api.model.RoundReport report,
                Optional<io.ferry.api.PageView> pages) {
            return new RoundDecision.StopAndCopy();
        }
    };

    /** An action run under the pool's lock after advancing the clock. */
    @FunctionalInterface
    interface Action<T> {
        T run() throws ApiError;
    }

    /**
     * The synthetic guests' variation: a 300 s sine of amplitude 0.1, noise ±0.05, and a burst of +0.3 in 5 %
     * of the 60 s windows, so that migrations take several pre-copy rounds.
     */
    static final WorkloadShape GUEST_SHAPE = new WorkloadShape(300, 0.1, 0.05, 0.05, 0.3, 60);
    /** The lowest base CPU level of a synthetic guest: every running guest dirties memory. */
    static final double GUEST_BASE_MIN = 0.2;
    /** The highest base CPU level of a synthetic guest. */
    static final double GUEST_BASE_MAX = 0.8;

    private final SimSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Database db;
    private final Ids ids;
    private final Model.Pool pool;
    private final List<Model.Host> hosts;
    private final CpuWorkload workload;
    private final FaultInjector faults;
    private final LinkSpec link;
    private final GuestWrites writes;
    private final SimClock clock;
    private final Instant epoch;
    private final Cluster cluster;
    private final List<Model.Vm> guests;
    private final boolean[] outageDone;

    // ------------------------------------------------------------------ guarded by lock
    private double now;
    private final MigrationLink network;
    private final List<Migration> active = new ArrayList<>();
    private final ArrayDeque<Migration> history = new ArrayDeque<>();
    private final ArrayDeque<Model.Task> finishedTasks = new ArrayDeque<>();
    private final long[] nextDomid;
    private int migrationsStarted;
    private boolean closed;

    /**
     * Builds the pool at simulated time 0.
     *
     * @param settings  the settings
     * @param addresses each host's address, in host order
     * @param faults    the fault injector shared with the HTTP layer
     * @throws IllegalArgumentException when the VMs do not fit, the traces are unusable or an outage names an
     *                                  unknown host
     */
    XapiPool(SimSettings settings, List<String> addresses, FaultInjector faults) {
        this.settings = settings;
        this.faults = faults;
        this.ids = new Ids(settings.seed());
        this.db = new Database(changed::signalAll);
        this.clock = SimClock.scaled(settings.clock(), settings.timeScale());
        this.epoch = settings.epoch().orElseGet(() -> Instant.ofEpochSecond(Instant.now().getEpochSecond()));
        this.link = new LinkSpec(settings.linkBytesPerSecond(), Duration.ofNanos(Math.round(settings.rttMs() * 1e6)),
                1.0);
        this.workload = settings.traceDir()
                .<CpuWorkload>map(d -> TraceWorkload.load(d, settings.vms(), settings.traceSecondsPerSample(),
                        "traceDir"))
                .orElseGet(() -> new SyntheticWorkload(settings.seed(), GUEST_SHAPE,
                        SyntheticWorkload.uniformBases(settings.seed(), settings.vms(), GUEST_BASE_MIN,
                                GUEST_BASE_MAX)));
        this.writes = new GuestWrites(settings.dirtyPagesPerCpuSecond(), settings.hotSetFraction(),
                settings.hotSetSkew());
        this.network = new MigrationLink(settings.linkBytesPerSecond(), XEN_CAPABILITIES, new EngineSettings());
        lock.lock();
        try {
            PoolLayout layout = PoolLayout.build(settings, addresses, ids, db, epoch);
            this.pool = layout.pool();
            this.hosts = layout.hosts();
            this.guests = layout.guests();
            this.cluster = layout.cluster();
            this.nextDomid = layout.nextDomid();
            for (int vm : cluster.stuckVms()) {
                LOG.log(Level.WARNING, "VM {0} fits on no other host; it cannot be migrated", guests.get(vm).nameLabel);
            }
        } finally {
            lock.unlock();
        }
        this.outageDone = new boolean[settings.faults().outages().size()];
        for (FaultPlan.Outage o : settings.faults().outages()) {
            if (hosts.stream().noneMatch(h -> h.nameLabel.equals(o.host()))) {
                throw new IllegalArgumentException(FaultPlan.HOST_OFFLINE_SCHEDULE + ": no host is named '"
                        + o.host() + "' (the hosts are " + hosts.get(0).nameLabel + " to "
                        + hosts.get(hosts.size() - 1).nameLabel + ")");
            }
        }
    }

    // ------------------------------------------------------------------ locking and time

    /** Runs {@code action} under the lock after advancing the pool to the present. */
    <T> T call(Action<T> action) throws ApiError {
        lock.lock();
        try {
            advanceToNow();
            return action.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for a change, at most {@code nanos} (and at most {@value #POLL_MILLIS} ms), then advances the
     * clock. Call with the lock held, from {@link #call}.
     */
    void awaitChange(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            changed.awaitNanos(Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        advanceToNow();
    }

    /** @return simulated seconds since the epoch, by the clock (the pool may not have reached it yet) */
    double clockSeconds() {
        return clock.seconds();
    }

    /** @return the clock's raw reading (wall nanoseconds) */
    long clockNanos() {
        return settings.clock().getAsLong();
    }

    /** @return the simulated time the pool has reached */
    double now() {
        return now;
    }

    /** @return the instant of simulated time {@code seconds} */
    Instant instant(double seconds) {
        return epoch.plusNanos(Math.round(seconds * 1e9));
    }

    Instant epoch() {
        return epoch;
    }

    private void advanceToNow() {
        if (!closed) {
            advanceTo(Math.max(now, clockSeconds()));
        }
    }

    private void advanceTo(double t) {
        processDue();
        while (now < t) {
            double next = t;
            next = Math.min(next, network.nextEventTime());
            next = Math.min(next, nextFaultTime());
            if (!(next > now)) {
                next = Math.min(t, Math.nextUp(now + 1e-9));
            }
            network.advanceTo(next);
            now = next;
            processDue();
        }
        updateProgress();
    }

    private double nextFaultTime() {
        double next = Double.POSITIVE_INFINITY;
        for (Migration m : active) {
            next = Math.min(next, Math.min(m.failAt, m.offlineAt));
        }
        List<FaultPlan.Outage> outages = settings.faults().outages();
        for (int i = 0; i < outages.size(); i++) {
            if (!outageDone[i]) {
                next = Math.min(next, outages.get(i).atSeconds());
            }
        }
        for (Model.Host h : hosts) {
            if (!h.live) {
                next = Math.min(next, h.offlineUntil);
            }
        }
        return next;
    }

    /** Handles everything due at {@link #now}: completions, outages and injected failures. */
    private void processDue() {
        for (Migration m : List.copyOf(active)) {
            if (m.run.done()) {
                complete(m);
            }
        }
        List<FaultPlan.Outage> outages = settings.faults().outages();
        for (int i = 0; i < outages.size(); i++) {
            FaultPlan.Outage o = outages.get(i);
            if (!outageDone[i] && o.atSeconds() <= now) {
                outageDone[i] = true;
                Model.Host h = hostNamed(o.host());
                takeOffline(h, now + o.forSeconds(), "scheduled outage");
            }
        }
        for (Model.Host h : hosts) {
            if (!h.live && h.offlineUntil <= now) {
                h.live = true;
                cluster.setOnline(h.index, true);
                h.metrics.lastUpdated = instant(now);
                db.touch(h.metrics);
                db.touch(h);
                LOG.log(Level.DEBUG, "host {0} is back online", h.nameLabel);
            }
        }
        for (Migration m : List.copyOf(active)) {
            if (m.ended()) {
                continue;
            }
            if (m.offlineAt <= now) {
                m.offlineAt = Double.POSITIVE_INFINITY;
                takeOffline(m.target, now + settings.faults().hostOfflineSeconds(), "injected outage");
            }
            if (!m.ended() && m.failAt <= now) {
                m.failAt = Double.POSITIVE_INFINITY;
                int round = m.run.progress().round();
                if (m.run.cancel()) {
                    faults.count(FaultInjector.Kind.MIGRATION_FAILED);
                    endOnSource(m, Model.TaskStatus.FAILURE, List.of(ApiError.VM_MIGRATE_FAILED, m.vm.ref(),
                            m.source.uuid(), m.target.uuid(), "Injected fault: the migration stream was closed in "
                            + "pre-copy round " + round));
                }
                // else past the point of no return: failing now would lose the VM, so it goes on
            }
        }
    }

    private Model.Host hostNamed(String name) {
        for (Model.Host h : hosts) {
            if (h.nameLabel.equals(name)) {
                return h;
            }
        }
        throw new IllegalStateException("no host " + name);
    }

    private void takeOffline(Model.Host h, double until, String why) {
        boolean wasLive = h.live;
        if (wasLive) {
            faults.count(FaultInjector.Kind.HOST_OFFLINE);
            LOG.log(Level.DEBUG, "host {0} goes offline ({1})", h.nameLabel, why);
        }
        h.live = false;
        cluster.setOnline(h.index, false);
        h.offlineUntil = wasLive ? until : Math.max(h.offlineUntil, until);
        h.metrics.lastUpdated = instant(now);
        db.touch(h.metrics);
        db.touch(h);
        for (Migration m : List.copyOf(active)) {
            if (!m.ended() && (m.source == h || m.target == h) && m.run.cancel()) {
                endOnSource(m, Model.TaskStatus.FAILURE, List.of(ApiError.VM_MIGRATE_FAILED, m.vm.ref(),
                        m.source.uuid(), m.target.uuid(), "Lost contact with host " + h.nameLabel
                        + ": the host went offline during the migration"));
            }
        }
    }

    private void updateProgress() {
        for (Migration m : active) {
            if (m.task != null && !m.ended()) {
                // xapi's progress never decreases: the engine's estimate of what is left grows when pages are
                // dirtied again, so only a rise of at least 0.01 is published
                double p = m.run.progress().fraction();
                if (p - m.task.progress >= 0.01) {
                    m.task.progress = p;
                    db.touch(m.task);
                }
            }
        }
    }

    // ------------------------------------------------------------------ lookups

    Database db() {
        return db;
    }

    Ids ids() {
        return ids;
    }

    SimSettings settings() {
        return settings;
    }

    Model.Pool pool() {
        return pool;
    }

    Model.Host master() {
        return pool.master;
    }

    List<Model.Host> hosts() {
        return hosts;
    }

    CpuWorkload workload() {
        return workload;
    }

    FaultInjector faults() {
        return faults;
    }

    /** @return every VM (control domains, guests, templates) in database order */
    List<Model.Vm> vms() {
        List<Model.Vm> out = new ArrayList<>();
        for (XObject o : db.all(XClass.VM)) {
            out.add((Model.Vm) o);
        }
        return out;
    }

    /** @return the VMs resident on {@code host}, its control domain first */
    List<Model.Vm> residentVms(Model.Host host) {
        List<Model.Vm> out = new ArrayList<>();
        for (XObject o : db.all(XClass.VM)) {
            Model.Vm vm = (Model.Vm) o;
            if (vm.residentOn == host) {
                out.add(vm);
            }
        }
        return out;
    }

    /** @return the object of class {@code cls} with reference {@code ref}, or {@code HANDLE_INVALID} */
    <T extends XObject> T object(XClass cls, String ref, Class<T> type) throws ApiError {
        Optional<XObject> o = db.get(cls, ref);
        if (o.isEmpty()) {
            throw new ApiError(ApiError.HANDLE_INVALID, cls.apiName(), ref);
        }
        return type.cast(o.get());
    }

    /**
     * @return xapi's {@code host.compute_free_memory}: total, minus Xen's overhead, minus the resident VMs
     *         (control domain included) and their overheads, minus the reservations of incoming migrations; O(1)
     */
    long computeFreeMemory(Model.Host host) {
        return cluster.free(host.index);
    }

    /** @return {@code host_metrics.memory_free}: what Xen reports free, reservations not counted; O(1) */
    long metricsFreeMemory(Model.Host host) {
        return Math.max(0, cluster.capacity(host.index) - cluster.used(host.index));
    }

    // ------------------------------------------------------------------ sessions

    /**
     * {@code session.login_with_password}.
     *
     * @param via the host whose address the call came to: a slave answers {@code HOST_IS_SLAVE}
     */
    Model.Session login(String user, String password, String originator, Model.Host via) throws ApiError {
        if (via != pool.master) {
            throw new ApiError(ApiError.HOST_IS_SLAVE, pool.master.address);
        }
        if (!settings.user().equals(user) || !settings.password().equals(password)) {
            throw new ApiError(ApiError.SESSION_AUTHENTICATION_FAILED, user,
                    "Authentication failure");
        }
        Model.Session s = new Model.Session(ids.ref(), ids.uuid(), user, pool.master, originator, instant(now),
                clockNanos());
        if (db.count(XClass.SESSION) >= MAX_SESSIONS) {
            XObject oldest = null;
            for (XObject o : db.all(XClass.SESSION)) {
                if (oldest == null || ((Model.Session) o).lastActive.isBefore(((Model.Session) oldest).lastActive)) {
                    oldest = o;
                }
            }
            db.remove(oldest);
        }
        db.add(s);
        return s;
    }

    /**
     * @return the valid session {@code ref}, counting the call; or {@code SESSION_INVALID} (also when the fault
     *         plan expires it now)
     */
    Model.Session session(String ref) throws ApiError {
        Optional<XObject> o = db.get(XClass.SESSION, ref);
        if (o.isEmpty()) {
            throw new ApiError(ApiError.SESSION_INVALID, ref);
        }
        Model.Session s = (Model.Session) o.get();
        s.calls++;
        FaultPlan plan = settings.faults();
        boolean expired = plan.sessionExpireCalls() > 0 && s.calls > plan.sessionExpireCalls();
        expired |= plan.sessionExpireSeconds() > 0
                && (clockNanos() - s.loginNanos) / 1e9 >= plan.sessionExpireSeconds();
        if (expired) {
            faults.count(FaultInjector.Kind.SESSION_EXPIRED);
            db.remove(s);
            throw new ApiError(ApiError.SESSION_INVALID, ref);
        }
        s.lastActive = instant(now);
        return s;
    }

    /** @return whether {@code ref} is a valid session, without counting a call (for HTTP handlers) */
    boolean validSession(String ref) {
        Optional<XObject> o = db.get(XClass.SESSION, ref);
        if (o.isEmpty()) {
            return false;
        }
        double limit = settings.faults().sessionExpireSeconds();
        return !(limit > 0 && (clockNanos() - ((Model.Session) o.get()).loginNanos) / 1e9 >= limit);
    }

    void logout(Model.Session s) {
        db.remove(s);
    }

    // ------------------------------------------------------------------ tasks

    Model.Task newTask(String label, Model.Session owner) {
        Model.Task t = new Model.Task(ids.ref(), ids.uuid(), label, "", instant(now), pool.master, owner.ref());
        db.add(t);
        return t;
    }

    /** Ends {@code task} with success and {@code result} (xapi stores the result as XML-RPC text). */
    void succeed(Model.Task task, String result) {
        task.status = Model.TaskStatus.SUCCESS;
        task.progress = 1.0;
        task.result = result;
        task.finished = instant(now);
        task.currentOperations.clear();
        db.touch(task);
        retire(task);
    }

    /** Ends {@code task} with {@code status} (failure or cancelled) and {@code errorInfo}. */
    void fail(Model.Task task, Model.TaskStatus status, List<String> errorInfo) {
        task.status = status;
        task.errorInfo = List.copyOf(errorInfo);
        task.finished = instant(now);
        task.currentOperations.clear();
        db.touch(task);
        retire(task);
    }

    private void retire(Model.Task task) {
        finishedTasks.addLast(task);
        while (finishedTasks.size() > MAX_FINISHED_TASKS) {
            db.remove(finishedTasks.removeFirst());
        }
    }

    /** {@code task.destroy}: a finished task goes at once; a pending one when it ends (xapi marks it). */
    void destroy(Model.Task task) {
        if (task.status.finished()) {
            finishedTasks.remove(task);
            db.remove(task);
        } else {
            task.currentOperations.put("task", "destroy");
            db.touch(task);
        }
    }

    /**
     * {@code task.cancel}: a migration still in pre-copy is cancelled (its VM stays on the source, the task ends
     * {@code cancelled} with {@code [TASK_CANCELLED, task]}); past the point of no return the request is noted in
     * {@code current_operations} and the migration completes. A finished task is left as it is.
     */
    void cancel(Model.Task task, String cancelRef) {
        if (task.status.finished()) {
            return;
        }
        for (Migration m : List.copyOf(active)) {
            if (m.task == task && !m.ended()) {
                if (m.run.cancel()) {
                    endOnSource(m, Model.TaskStatus.CANCELLED, List.of(ApiError.TASK_CANCELLED, task.ref()));
                } else {
                    task.currentOperations.put(cancelRef, "cancel");
                    db.touch(task);
                }
                return;
            }
        }
    }

    // ------------------------------------------------------------------ migrations

    /**
     * xapi's checks for {@code VM.pool_migrate}, after the handles were checked, in xapi's order: template,
     * power state, other operation in progress, control domain, hosts online, memory on the target. The template
     * and control-domain checks are made here (neither is in the cluster), the rest by {@link Cluster#check}; a
     * control domain always runs and never migrates, so checking it first refuses exactly what xapi refuses.
     */
    void checkMigration(Model.Vm vm, Model.Host target) throws ApiError {
        if (vm.kind == Model.VmKind.TEMPLATE) {
            throw new ApiError(ApiError.VM_IS_TEMPLATE, vm.ref());
        }
        if (vm.kind == Model.VmKind.CONTROL_DOMAIN) {
            throw new ApiError(ApiError.OPERATION_NOT_ALLOWED, "Operations on domain 0 are not allowed");
        }
        Optional<Refusal> refusal = cluster.check(vm.workload, -1, target.index);
        if (refusal.isEmpty()) {
            return;
        }
        switch (refusal.get().reason()) {
            case NOT_RUNNING -> throw new ApiError(ApiError.VM_BAD_POWER_STATE, vm.ref(),
                    Model.PowerState.RUNNING.lower(), vm.powerState.lower());
            case MIGRATING -> {
                Map.Entry<String, String> op = vm.currentOperations.entrySet().iterator().next();
                throw new ApiError(ApiError.OTHER_OPERATION_IN_PROGRESS, XClass.VM.apiName(), vm.ref(),
                        op.getValue(), op.getKey());
            }
            case TARGET_OFFLINE, TARGET_DISABLED -> throw new ApiError(ApiError.HOST_OFFLINE, target.ref());
            case SOURCE_OFFLINE, NOT_RESIDENT -> throw new ApiError(ApiError.HOST_OFFLINE, vm.residentOn.ref());
            case NOT_ENOUGH_MEMORY -> throw new ApiError(ApiError.HOST_NOT_ENOUGH_FREE_MEMORY,
                    Long.toString(refusal.get().needed()), Long.toString(refusal.get().available()));
            default -> throw new IllegalStateException("unhandled refusal " + refusal.get());
        }
    }

    /**
     * Checks, then starts migrating {@code vm} to {@code target}: reserves its memory there, marks the VM's
     * {@code current_operations} and starts the engine run.
     *
     * @param task the task of an asynchronous call, or null
     */
    Migration startMigration(Model.Vm vm, Model.Host target, Model.Task task) throws ApiError {
        checkMigration(vm, target);
        Model.Host source = vm.residentOn;
        long copied = vm.memoryDynamicMin != vm.memoryDynamicMax ? vm.memoryDynamicMin : vm.memoryDynamicMax;
        long pages = (copied + PAGE_SIZE - 1) / PAGE_SIZE;
        double rate = writes.rate(vm.vcpus, workload.utilisation(vm.workload, now));
        HostId targetId = new HostId(target == source ? target.uuid() + "/localhost" : target.uuid());
        MigrationRequest request = new MigrationRequest(new VmId(vm.uuid()), new HostId(source.uuid()), targetId,
                copied, PAGE_SIZE, EXECUTION_STATE_BYTES, link,
                writes.behaviour(rate, pages), DOWNTIME_BUDGET);
        int sequence = migrationsStarted++;
        MigrationLink.Run run = network.start(now, request, writes.model(settings.seed(), vm.workload, pages, rate),
                XEN_OWN_RULE, LiveMigrationEngine.seedOf(settings.seed(), sequence), false);
        double firstRound = network.aloneSeconds(copied);
        double failFraction = faults.migrationFailure();
        double offlineFraction = faults.hostOffline();
        double failAt = Double.isNaN(failFraction) ? Double.POSITIVE_INFINITY : now + failFraction * firstRound;
        double offlineAt = Double.isNaN(offlineFraction) ? Double.POSITIVE_INFINITY
                : now + offlineFraction * firstRound;
        String opRef = task != null ? task.ref() : "DummyRef:|" + ids.uuid() + "|VM.pool_migrate";
        cluster.beginMigration(vm.workload, target.index);
        Migration m = new Migration(sequence, vm, source, target, task, opRef, now, run, failAt, offlineAt);
        active.add(m);
        history.addLast(m);
        while (history.size() > MAX_MIGRATION_RECORDS) {
            history.removeFirst();
        }
        vm.currentOperations.put(opRef, "pool_migrate");
        db.touch(vm);
        if (task != null) {
            task.cancellable = true;
            db.touch(task);
        }
        LOG.log(Level.DEBUG, "migration {0} of {1} from {2} to {3} started", sequence, vm.nameLabel,
                source.nameLabel, target.nameLabel);
        return m;
    }

    private void complete(Migration m) {
        Model.Vm vm = m.vm;
        double end = m.run.endSeconds();
        if (m.target != m.source) {
            vm.residentOn = m.target;
            vm.domid = nextDomid[m.target.index]++;
            vm.residency.add(new double[] {end, m.target.index});
        }
        finish(m, Model.TaskStatus.SUCCESS, List.of(), end);
        db.touch(m.source);
        db.touch(m.target);
        m.source.metrics.lastUpdated = instant(now);
        m.target.metrics.lastUpdated = instant(now);
        db.touch(m.source.metrics);
        db.touch(m.target.metrics);
        if (m.task != null) {
            succeed(m.task, XmlRpcWriter.value(""));
            m.task.finished = instant(end);
        }
    }

    private void endOnSource(Migration m, Model.TaskStatus status, List<String> errorInfo) {
        finish(m, status, errorInfo, now);
        if (m.task != null) {
            fail(m.task, status, errorInfo);
        }
    }

    private void finish(Migration m, Model.TaskStatus status, List<String> errorInfo, double end) {
        if (m.run.done()) {
            RunResult result = m.run.result();
            if (result.cancelled() == (status == Model.TaskStatus.SUCCESS)) {
                throw new IllegalStateException("migration " + m.sequence + " ends " + status + " but the engine "
                        + (result.cancelled() ? "cancelled" : "completed") + " it");
            }
            m.rounds = result.metrics().rounds();
            m.downtime = status == Model.TaskStatus.SUCCESS ? result.metrics().downtime().toNanos() / 1e9 : 0;
            m.bytesSent = result.metrics().bytesSent();
        }
        m.outcome = status;
        m.finalHost = m.vm.residentOn;
        m.errorInfo = List.copyOf(errorInfo);
        m.end = end;
        m.run = null;
        if (status == Model.TaskStatus.SUCCESS) {
            cluster.completeMigration(m.vm.workload);
        } else {
            cluster.abortMigration(m.vm.workload);
        }
        active.remove(m);
        m.vm.currentOperations.remove(m.operationRef);
        db.touch(m.vm);
        LOG.log(Level.DEBUG, "migration {0} of {1}: {2} {3}", m.sequence, m.vm.nameLabel, status, errorInfo);
    }

    /**
     * Waits, under the lock, until {@code m} ends. Used by a synchronous {@code VM.pool_migrate}.
     *
     * @return the error to report, or empty on success
     */
    Optional<ApiError> awaitEnd(Migration m) {
        while (!m.ended() && !closed) {
            awaitChange(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
        }
        if (m.outcome == Model.TaskStatus.SUCCESS) {
            return Optional.empty();
        }
        List<String> e = m.ended() ? m.errorInfo
                : List.of(ApiError.VM_MIGRATE_FAILED, m.vm.ref(), m.source.uuid(), m.target.uuid(),
                        "the simulator is shutting down");
        return Optional.of(new ApiError(e.get(0), e.subList(1, e.size()).toArray(new String[0])));
    }

    /** @return every migration accepted so far (up to {@value #MAX_MIGRATION_RECORDS}), oldest first */
    List<MigrationRecord> migrations() {
        lock.lock();
        try {
            advanceToNow();
            List<MigrationRecord> out = new ArrayList<>(history.size());
            for (Migration m : history) {
                MigrationRecord.Status status = m.outcome == null ? MigrationRecord.Status.RUNNING
                        : switch (m.outcome) {
                            case SUCCESS -> MigrationRecord.Status.SUCCESS;
                            case CANCELLED -> MigrationRecord.Status.CANCELLED;
                            default -> MigrationRecord.Status.FAILURE;
                        };
                String finalHost = (m.ended() ? m.finalHost : m.vm.residentOn).uuid();
                out.add(new MigrationRecord(m.operationRef, m.vm.uuid(), m.source.uuid(), m.target.uuid(),
                        m.task != null, status, m.errorInfo, finalHost, m.start, m.end, m.rounds, m.downtime,
                        m.bytesSent));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the pool: wakes every waiting call; later calls see no progress. Idempotent. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean closed() {
        return closed;
    }

    /** Locks for a read from outside {@link #call} (the RRD handler); pair with {@link #unlock()}. */
    void lockAndAdvance() {
        lock.lock();
        advanceToNow();
    }

    void unlock() {
        lock.unlock();
    }
}
