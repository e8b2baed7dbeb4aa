package io.ferry.xen.internal;

import com.xensource.xenapi.Event;
import com.xensource.xenapi.EventBatch;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.HostMetrics;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VM;
import com.xensource.xenapi.VMMetrics;
import io.ferry.api.HypervisorAdapter;
import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationHandle;
import io.ferry.api.MigrationSteering;
import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PoolId;
import io.ferry.policy.support.DaemonThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A XenServer / XCP-ng pool through the XenAPI SDK 8.1 at its pool master: one configuration of the factory PID
 * {@value #FACTORY_PID} per pool ({@code etc/io.ferry.xen-NAME.cfg}), registered as a {@link HypervisorAdapter}
 * with {@code pool.name}.
 *
 * <p><b>What it decides:</b> nothing on the controller's behalf. It reports the pool as XAPI reports it, executes
 * the migrations it is asked for with {@code Async.VM.pool_migrate} ({@code live = true}), and says only what
 * XenServer can do: {@link Capability#PRE_COPY} and {@link Capability#CANCEL}. XAPI runs its own pre-copy (no
 * round, downtime or bandwidth parameter) and measures no dirty-page rate (DESIGN.md §3): on a Xen pool the
 * active policy contributes its cost prediction and timing, and the controller infers dirtying from CPU. It
 * refuses up front what XAPI would refuse and it can see from the VM's record and the target's free memory, read
 * just before (VM not running, not on the stated source, another operation in progress, target offline or
 * disabled, not enough free memory on the target), with XAPI's own code;
 * everything else is XAPI's to refuse, and arrives as the task's failure.
 *
 * <p><b>How it keeps current:</b> one full load ({@code host}, {@code host_metrics}, {@code VM},
 * {@code VM_metrics} {@code get_all_records}, {@code host.compute_free_memory} per host), then {@code event.from}
 * on {@code vm, host, host_metrics, vm_metrics} from the token taken just before the load, on the adapter's own
 * thread; {@code EVENTS_LOST} or a persistent failure cause a full reload after a doubling delay, and while the
 * pool is unreachable {@link #snapshot()} refuses at once rather than serve stale state or wait (the controller's
 * status of every pool never waits on this one). Repeated failures are logged with a growing interval and their
 * end in one line ({@link WarningBackoff}). {@link #pool()}, {@link #kind()} and {@link #capabilities()} are
 * constants. Telemetry is polled every
 * {@code rrdIntervalSeconds} from each host's {@code /rrd_updates} (see {@link Telemetry}). The session is
 * renewed transparently on {@code SESSION_INVALID} and logged out at deactivation.
 *
 * <p><b>Threads and cost:</b> a daemon thread for {@code event.from} and a scheduler of two for telemetry and task
 * polls (named {@code ferry-xen-POOL-…}), created at activation, stopped at deactivation. A snapshot is built
 * from the cached records in O((hosts + VMs) log) and cached until the inventory or telemetry changes; metric
 * windows cost O(samples). Thread-safe: the controller calls from its own threads.
 *
 * <p><b>Deactivation</b> cancels the migrations in flight ({@code task.cancel}), waits for XAPI to report their
 * end, completes every outcome (those XAPI did not end in time as {@code FAILED} with {@code ADAPTER_STOPPED}, the
 * VM's host unverified), then logs out, and returns within {@code closeTimeoutSeconds} even when the master never
 * replies (see {@link #close()}).
 *
 * <p>When not to use it: for post-copy, hybrid or round-level steering (XAPI cannot), or to measure downtime
 * (XAPI does not report it). The password is never logged nor shown; see {@link XenAdapterConfiguration}.
 */
@Component(service = HypervisorAdapter.class, configurationPid = XenHypervisorAdapter.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = HypervisorAdapter.POOL_PROPERTY + "=" + XenHypervisorAdapter.DEFAULT_POOL_NAME)
@Designate(ocd = XenAdapterConfiguration.class, factory = true)
public final class XenHypervisorAdapter implements HypervisorAdapter, AutoCloseable {

    /** The factory PID: one configuration, one pool. */
    static final String FACTORY_PID = "io.ferry.xen";
    /** The pool name when the configuration gives none. */
    static final String DEFAULT_POOL_NAME = "xen";
    /** What {@link #kind()} answers. */
    static final String KIND = "xenserver";
    /** What XenServer's migration engine can do, as far as XAPI lets a client use it. */
    static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.PRE_COPY, Capability.CANCEL));
    /** How often {@code Async.VM.pool_migrate} is sent when its replies are lost and nothing started. */
    static final int START_ATTEMPTS = 3;
    /** The subject of the event loop's warnings. */
    private static final String MASTER = "master";
    /** The classes the inventory follows with {@code event.from}. */
    static final Set<String> EVENT_CLASSES = Set.of("vm", "host", "host_metrics", "vm_metrics");

    private static final Logger LOG = LoggerFactory.getLogger(XenHypervisorAdapter.class);

    private final XenSettings settings;
    private final PoolId pool;
    private final Transport transport;
    private final XapiClient client;
    private final Inventory inventory = new Inventory();
    private final MetricStore metrics;
    private final Telemetry telemetry;
    private final ExecutorService eventThread;
    private final ScheduledThreadPoolExecutor scheduler;
    private final CountDownLatch firstLoad = new CountDownLatch(1);
    /** Counted down when the first attempt to load the inventory has ended, loaded or failed. */
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private final WarningBackoff warnings;
    private final Map<MigrationId, XenMigration> running = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong eventBatches = new AtomicLong();
    private volatile boolean healthy;
    /** The master is known not to answer: the last attempt failed, or a caller waited in vain for the first load. */
    private volatile boolean down;
    private volatile String problem = "connecting";
    private volatile Cached cached;

    /** A snapshot with the versions it was built from. */
    private record Cached(ClusterSnapshot snapshot, long inventory, long metrics) {
    }

    /**
     * Activates the pool from its configuration: validates it, then connects on the adapter's own threads (this
     * returns at once; the first {@link #snapshot()} waits up to {@code connectTimeoutSeconds} for the first
     * inventory).
     *
     * @throws IllegalArgumentException {@code name = value: must …} for the first bad attribute
     */
    @Activate
    public XenHypervisorAdapter(XenAdapterConfiguration config) {
        this(XenSettings.from(config, Map.of()));
    }

    /**
     * For use outside OSGi (tests, benchmarks, tools): a pool configured from a property map with the attribute
     * names of {@link XenAdapterConfiguration} ({@code pool.name}, {@code url}, {@code user}, {@code .password},
     * …), missing keys taking their defaults. {@link #close()} stops it.
     *
     * @throws IllegalArgumentException {@code name = value: must …} for the first bad attribute
     */
    public XenHypervisorAdapter(Map<String, ?> properties) {
        this(XenSettings.fromProperties(properties));
    }

    private XenHypervisorAdapter(XenSettings settings) {
        this.settings = settings;
        this.pool = new PoolId(settings.poolName());
        this.transport = new Transport(settings.tls(), settings.connectTimeout(), settings.replyTimeout());
        this.client = new XapiClient(settings, transport);
        this.metrics = new MetricStore(settings.historySamples(), Duration.ofSeconds(settings.rrdIntervalSeconds()));
        this.telemetry = new Telemetry(settings, transport, client, inventory, metrics);
        this.warnings = new WarningBackoff(settings.reconnectDelay(), settings.maxWarningInterval(), System::nanoTime);
        String prefix = "ferry-xen-" + settings.poolName();
        this.eventThread = Executors.newSingleThreadExecutor(DaemonThreads.named(prefix + "-events"));
        this.scheduler = new ScheduledThreadPoolExecutor(2, DaemonThreads.numbered(prefix));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        LOG.info("pool {}: XenServer adapter for {} as {} (TLS {}), migration link {}", settings.poolName(),
                settings.url(), settings.user(), tlsText(settings), settings.link().map(l -> l.bandwidthBytesPerSec()
                        * 8 / 1e9 + " Gbit/s").orElse("from the pool settings"));
        eventThread.execute(this::eventLoop);
    }

    private static String tlsText(XenSettings s) {
        if (s.url().getScheme().equals("http")) {
            return "off: plain HTTP, insecure = true";
        }
        XenSettings.Tls t = s.tls();
        return !t.verify() ? "unverified, insecure = true" : t.fingerprint().isPresent() ? "pinned certificate"
                : t.trustStore().isPresent() ? "verified against trustStore" : "verified against the JVM's CAs";
    }

    // ------------------------------------------------------------------ HypervisorAdapter

    @Override
    public PoolId pool() {
        return pool;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /**
     * XAPI exposes no bandwidth figure: the configured {@code linkGbps}/{@code rttMs} when set, else empty, and the
     * controller uses the pool's own {@code linkGbps}.
     */
    @Override
    public Optional<LinkSpec> migrationLink() {
        return settings.link();
    }

    @Override
    public ClusterSnapshot snapshot() throws HypervisorException {
        requireOpen();
        awaitFirstLoad();
        if (!healthy) {
            throw new HypervisorException(XapiException.UNREACHABLE, "pool " + pool + ": the inventory is being "
                    + "reloaded: " + problem, null);
        }
        Cached c = cached;
        long inv = inventory.version();
        long met = metrics.version();
        if (c != null && c.inventory() == inv && c.metrics() == met) {
            return c.snapshot();
        }
        ClusterSnapshot s = inventory.snapshot(pool, Instant.now(),
                uuid -> metrics.latest(uuid, Metric.CPU_UTILISATION));
        cached = new Cached(s, inv, met);
        return s;
    }

    /**
     * Waits for the first inventory, up to {@code connectTimeoutSeconds}, only while the first attempt is under way
     * and the master is not known to be down: once an attempt failed, or a caller waited in vain, this refuses at
     * once until a load succeeds (a controller asking for the status of every pool never waits on this one).
     */
    private void awaitFirstLoad() throws HypervisorException {
        if (firstLoad.getCount() == 0) {
            return;
        }
        if (down) {
            throw new HypervisorException(XapiException.UNREACHABLE, "pool " + pool + ": no inventory yet, the "
                    + "master does not answer (" + problem + "); retrying in the background", null);
        }
        try {
            firstAttempt.await(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (firstLoad.getCount() != 0) {
                down = true;
                throw new HypervisorException(XapiException.UNREACHABLE, "pool " + pool + ": no inventory yet ("
                        + problem + ")", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HypervisorException(XapiException.UNREACHABLE, "pool " + pool + ": interrupted waiting for "
                    + "the first inventory", e);
        }
    }

    /** XenServer never provides {@link Metric#DIRTY_PAGES_PER_SECOND}: always empty for it. */
    @Override
    public Optional<MetricWindow> metrics(String subject, Metric metric, int samples) throws HypervisorException {
        requireOpen();
        if (samples < 1) {
            throw new IllegalArgumentException("samples = " + samples + ": must be >= 1");
        }
        if (metric == Metric.DIRTY_PAGES_PER_SECOND) {
            return Optional.empty();
        }
        return metrics.window(subject, metric, samples);
    }

    /**
     * Checks what can be checked from the VM's record and the target's free memory, both read now, and the
     * target's state in the inventory, then starts
     * {@code Async.VM.pool_migrate} with {@code live = true} and returns its handle. {@code steering} is not
     * consulted: XAPI decides the rounds. When the call's reply is lost, the VM's record tells whether it started
     * (its task is then followed), already moved, or did not start (the call is sent once more).
     *
     * @throws HypervisorException with XAPI's code when XAPI, or the checks before it, refuse; the VM has not moved
     */
    @Override
    public MigrationHandle migrate(MigrationId id, MigrationRequest request, MigrationSteering steering)
            throws HypervisorException {
        requireOpen();
        awaitFirstLoad();
        String doing = "pool " + pool + ": migrating VM " + request.vm() + " to " + request.target();
        String vmRef = inventory.vmRef(request.vm().value()).orElseThrow(() -> refusal("UUID_INVALID",
                "no VM " + request.vm() + " in pool " + pool));
        String targetRef = inventory.hostRef(request.target().value()).orElseThrow(() -> refusal("UUID_INVALID",
                "no host " + request.target() + " in pool " + pool));
        String sourceRef = checkStart(vmRef, targetRef, request, doing);
        inventory.expectMigration(vmRef, targetRef);
        XenMigration m = new XenMigration(new XenMigration.Target(id, request.vm(), request.source(),
                request.target(), vmRef, sourceRef, targetRef), settings, client, inventory, scheduler);
        try {
            start(m, vmRef, targetRef);
        } catch (XapiException e) {
            inventory.migrationEnded(vmRef);
            throw e.toHypervisor(doing);
        } catch (RuntimeException e) {
            inventory.migrationEnded(vmRef);
            throw new HypervisorException(XapiException.PROTOCOL, doing + ": " + e, e);
        }
        if (!m.done()) {
            running.put(id, m);
            m.outcome().whenComplete((o, e) -> running.remove(id));
        }
        return m;
    }

    /** @return the source host's reference, once every check passed */
    private String checkStart(String vmRef, String targetRef, MigrationRequest request, String doing)
            throws HypervisorException {
        // read now, not from the inventory: the decision may rest on a snapshot an event has not caught up with yet,
        // and XAPI would accept a "migration" of a VM that already runs on the target (a localhost migration)
        VM.Record vm;
        try {
            vm = client.call(c -> Types.toVM(vmRef).getRecord(c));
        } catch (XapiException e) {
            throw e.toHypervisor(doing);
        }
        if (Boolean.TRUE.equals(vm.isATemplate)) {
            throw code("VM_IS_TEMPLATE", List.of(vmRef), doing);
        }
        if (Boolean.TRUE.equals(vm.isControlDomain)) {
            throw code("OPERATION_NOT_ALLOWED", List.of("Operations on domain 0 are not allowed"), doing);
        }
        if (vm.powerState != Types.VmPowerState.RUNNING) {
            throw code("VM_BAD_POWER_STATE", List.of(vmRef, "running", String.valueOf(vm.powerState)
                    .toLowerCase(java.util.Locale.ROOT)), doing);
        }
        String sourceRef = Inventory.refOf(vm.residentOn);
        String sourceUuid = sourceRef == null ? null : inventory.host(sourceRef).map(h -> h.uuid).orElse(null);
        if (!request.source().value().equals(sourceUuid)) {
            throw refusal("VM_NOT_ON_SOURCE", doing + ": the VM runs on " + sourceUuid + ", not on the requested "
                    + "source " + request.source());
        }
        if (vm.currentOperations != null && !vm.currentOperations.isEmpty()) {
            Map.Entry<String, Types.VmOperations> op = vm.currentOperations.entrySet().iterator().next();
            throw code("OTHER_OPERATION_IN_PROGRESS", List.of("VM", vmRef, String.valueOf(op.getValue())
                    .toLowerCase(java.util.Locale.ROOT), op.getKey()), doing);
        }
        if (!inventory.live(targetRef)) {
            throw code("HOST_OFFLINE", List.of(targetRef), doing);
        }
        Host.Record target = inventory.host(targetRef).orElseThrow();
        if (!Boolean.TRUE.equals(target.enabled)) {
            throw code("HOST_DISABLED", List.of(targetRef), doing);
        }
        long needed = (vm.memoryDynamicMax == null ? 0 : vm.memoryDynamicMax)
                + (vm.memoryOverhead == null ? 0 : vm.memoryOverhead);
        long free;
        try {
            free = client.call(c -> Types.toHost(targetRef).computeFreeMemory(c));
        } catch (XapiException e) {
            throw e.toHypervisor(doing);
        }
        inventory.freeMemory(targetRef, free);
        if (needed > free) {
            throw code("HOST_NOT_ENOUGH_FREE_MEMORY", List.of(Long.toString(needed), Long.toString(free)), doing);
        }
        return sourceRef;
    }

    /**
     * Sends {@code Async.VM.pool_migrate}. After a lost reply the VM's record says what happened: it runs on the
     * target already (done), or it has a {@code pool_migrate} operation (that task is followed), or nothing started
     * and the call is sent again, at most {@value #START_ATTEMPTS} times in all.
     */
    private void start(XenMigration m, String vmRef, String targetRef) throws XapiException {
        for (int attempt = 1; ; attempt++) {
            try {
                String task = client.callOnce(c -> Types.toVM(vmRef).poolMigrateAsync(c, Types.toHost(targetRef),
                        Map.of("live", "true")).toWireString());
                m.follow(task);
                return;
            } catch (XapiException e) {
                if (!e.code().equals(XapiException.REPLY_LOST)) {
                    throw e;
                }
                VM.Record now = client.call(c -> Types.toVM(vmRef).getRecord(c));
                if (targetRef.equals(Inventory.refOf(now.residentOn))) {
                    m.completedWithoutTask("the reply of Async.VM.pool_migrate was lost; the VM already runs on the "
                            + "target");
                    return;
                }
                Optional<String> task = now.currentOperations == null ? Optional.empty()
                        : now.currentOperations.entrySet().stream()
                                .filter(op -> op.getValue() == Types.VmOperations.POOL_MIGRATE)
                                .map(Map.Entry::getKey).findFirst();
                if (task.isPresent()) {
                    LOG.info("pool {}: the reply of Async.VM.pool_migrate for {} was lost; following its task {}",
                            pool, m.target().vm(), task.get());
                    m.follow(task.get());
                    return;
                }
                if (attempt >= START_ATTEMPTS) {
                    throw new XapiException(XapiException.REPLY_LOST, List.of(), "the replies of "
                            + START_ATTEMPTS + " Async.VM.pool_migrate calls were lost and the VM shows no migration: "
                            + "nothing started", e);
                }
                LOG.debug("pool {}: the reply of Async.VM.pool_migrate for {} was lost and nothing started; "
                        + "sending it once more", pool, m.target().vm());
            }
        }
    }

    private static HypervisorException refusal(String code, String message) {
        return new HypervisorException(code, message, null);
    }

    private static HypervisorException code(String code, List<String> params, String doing) {
        return new HypervisorException(code, doing + ": " + XapiErrors.meaning(code, params), null);
    }

    private void requireOpen() throws HypervisorException {
        if (closed.get()) {
            throw new HypervisorException(XapiException.UNREACHABLE, "the adapter of pool " + pool + " is stopped",
                    null);
        }
    }

    // ------------------------------------------------------------------ the inventory's own thread

    private void eventLoop() {
        Duration delay = settings.reconnectDelay();
        String token = null;
        while (!closed.get()) {
            try {
                if (token == null) {
                    token = fullLoad();
                    delay = settings.reconnectDelay();
                }
                String from = token;
                EventBatch batch = client.events(c -> Event.from(c, EVENT_CLASSES, from,
                        (double) settings.eventTimeout().toSeconds()));
                if (batch.events != null && !batch.events.isEmpty()) {
                    inventory.apply(batch.events);
                    refreshFreeMemory();
                }
                eventBatches.incrementAndGet();
                token = batch.token;
            } catch (XapiException e) {
                if (closed.get()) {
                    break;
                }
                token = null;
                healthy = false;
                down = true;
                String text = e.getMessage();
                problem = text;
                firstAttempt.countDown();
                OptionalLong skipped = warnings.failed(MASTER);
                if (skipped.isPresent()) {
                    LOG.warn("pool {}: {}; reloading the inventory in {} s{}", pool, text, delay.toSeconds(),
                            WarningBackoff.suppressedText(skipped.getAsLong()));
                } else {
                    LOG.debug("pool {}: {}; reloading the inventory in {} s", pool, text, delay.toSeconds());
                }
                if (!sleep(delay)) {
                    break;
                }
                delay = delay.multipliedBy(2).compareTo(settings.maxReconnectDelay()) > 0
                        ? settings.maxReconnectDelay() : delay.multipliedBy(2);
            } catch (RuntimeException e) {
                if (closed.get()) {
                    break;
                }
                token = null;
                healthy = false;
                problem = "event loop failed: " + e;
                firstAttempt.countDown();
                LOG.error("pool {}: event loop failed; reloading the inventory", pool, e);
                if (!sleep(delay)) {
                    break;
                }
            }
        }
    }

    /** Loads everything and returns the event token taken just before the load (no change can slip between). */
    private String fullLoad() throws XapiException {
        long started = System.nanoTime();
        String token = client.events(c -> Event.from(c, Set.of(), "", 0.0)).token;
        Map<Host, Host.Record> hosts = client.call(Host::getAllRecords);
        Map<HostMetrics, HostMetrics.Record> hostMetrics = client.call(HostMetrics::getAllRecords);
        Map<VM, VM.Record> vms = client.call(VM::getAllRecords);
        Map<VMMetrics, VMMetrics.Record> vmMetrics = client.call(VMMetrics::getAllRecords);
        inventory.replaceAll(hosts, hostMetrics, vms, vmMetrics);
        refreshFreeMemory();
        boolean first = firstLoad.getCount() > 0;
        if (first) {
            telemetry.pollAll();
            long period = settings.rrdIntervalSeconds() * 1000L;
            scheduler.scheduleWithFixedDelay(this::pollTelemetry, period, period, TimeUnit.MILLISECONDS);
        }
        reloads.incrementAndGet();
        healthy = true;
        down = false;
        problem = "";
        cached = null;
        firstLoad.countDown();
        firstAttempt.countDown();
        warnings.recovered(MASTER).ifPresent(r -> LOG.info("pool {}: the master answers again ({})", pool,
                WarningBackoff.recoveryText(r)));
        LOG.info("pool {}: inventory {}loaded: {} hosts, {} guest VMs in {} ms", pool, first ? "" : "re",
                hosts.size(), inventory.guestUuids().size(), (System.nanoTime() - started) / 1_000_000);
        return token;
    }

    /** Reads {@code host.compute_free_memory} of every host whose free memory may have changed. */
    private void refreshFreeMemory() throws XapiException {
        for (String host : inventory.staleFreeMemory()) {
            if (!inventory.live(host)) {
                continue; // an offline host answers HOST_OFFLINE; it takes no VMs anyway
            }
            try {
                long free = client.call(c -> Types.toHost(host).computeFreeMemory(c));
                inventory.freeMemory(host, free);
            } catch (XapiException e) {
                if (e.transport()) {
                    inventory.markStale(host);
                    throw e;
                }
                LOG.debug("pool {}: host.compute_free_memory {}: {}", pool, host, e.getMessage());
            }
        }
    }

    private void pollTelemetry() {
        try {
            telemetry.pollAll();
        } catch (RuntimeException e) {
            LOG.warn("pool {}: telemetry poll failed: {}", pool, e.toString());
        }
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return !closed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ------------------------------------------------------------------ closing

    /**
     * Cancels the migrations in flight, completes every outcome, logs out and stops the threads, all within
     * {@code closeTimeoutSeconds} even when the master never replies: the migrations are given three quarters of
     * it to end after {@code task.cancel}; the logout runs on a thread of its own and is given what is left; then
     * every call still waiting for a reply (a hung logout, {@code event.from}, a download) is aborted, and the
     * threads are given the rest to end. Later calls fail with {@code UNREACHABLE}. Idempotent.
     */
    @Deactivate
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        long timeout = settings.closeTimeout().toNanos();
        long deadline = started + timeout;
        List<XenMigration> inFlight = new ArrayList<>(running.values());
        for (XenMigration m : inFlight) {
            m.requestCancel("the adapter of pool " + pool + " is stopping");
        }
        long migrationsDeadline = started + timeout / 4 * 3;
        for (XenMigration m : inFlight) {
            while (!m.done() && System.nanoTime() < migrationsDeadline) {
                try {
                    Thread.sleep(Math.min(50, settings.taskPoll().toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            m.abandon("the adapter of pool " + pool + " stopped");
        }
        scheduler.shutdownNow();
        eventThread.shutdownNow();
        // logs out (xapi then ends a waiting event.from of the session) on its own thread: a master that never
        // replies holds that thread, not deactivation
        Thread logout = DaemonThreads.named("ferry-xen-" + pool + "-logout").newThread(client::close);
        logout.start();
        boolean loggedOut = join(logout, deadline);
        transport.abortAll(); // whatever still waits for a reply fails now rather than at its timeout
        boolean stopped = awaitTermination(scheduler, deadline) && awaitTermination(eventThread, deadline);
        if (!loggedOut) {
            LOG.warn("pool {}: the master did not answer the logout (or a login under way) within "
                    + "closeTimeoutSeconds = {}; abandoned",
                    pool, settings.closeTimeout().toSeconds());
        } else if (!stopped) {
            LOG.warn("pool {}: adapter threads did not stop within closeTimeoutSeconds = {}", pool,
                    settings.closeTimeout().toSeconds());
        }
        LOG.info("pool {}: XenServer adapter stopped", pool);
    }

    /** @return whether {@code t} ended by {@code deadline} ({@link System#nanoTime()}) */
    private static boolean join(Thread t, long deadline) {
        try {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    /** @return whether {@code e}'s threads ended by {@code deadline}; no wait at all once it has passed */
    private static boolean awaitTermination(ExecutorService e, long deadline) {
        try {
            return e.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            return e.isTerminated();
        }
    }

    // ------------------------------------------------------------------ for tests and tools

    /** @return the logins so far: 1 after the first, more after each recovered session */
    long logins() {
        return client.logins();
    }

    /** @return how many calls met {@code SESSION_INVALID} and were retried on a new session */
    long sessionRecoveries() {
        return client.sessionRecoveries();
    }

    /** @return the full loads so far (1 after the first, more after each reload) */
    long loads() {
        return reloads.get();
    }

    /** @return the {@code event.from} batches received so far */
    long eventBatches() {
        return eventBatches.get();
    }

    /** @return whether the master is known not to answer (tests) */
    boolean masterDown() {
        return down;
    }

    /** @return the telemetry's failed host polls and the warnings logged for them (tests) */
    long[] telemetryFailuresAndWarnings() {
        return new long[] {telemetry.failures(), telemetry.warnings()};
    }

    /** @return whether the inventory is current (loaded, the event loop running without a failure) */
    boolean healthy() {
        return healthy;
    }

    /** Polls telemetry now (tests). */
    int pollTelemetryNow() {
        return telemetry.pollAll();
    }

    /** @return the cached pool state (tests) */
    Inventory inventory() {
        return inventory;
    }

    /** @return the master's URL as last learned (the configured URL until a {@code HOST_IS_SLAVE}) */
    java.net.URI master() {
        return client.master();
    }

    /** @return the validated configuration */
    XenSettings settings() {
        return settings;
    }

    @Override
    public String toString() {
        return "XenHypervisorAdapter[" + pool + " at " + settings.url() + "]";
    }
}
