package io.ferry.controller.embedded;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.MigrationAgent;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.Predictor;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.ControllerException;
import io.ferry.controller.FerryController;
import io.ferry.controller.PluginInfo;
import io.ferry.controller.PluginKind;
import io.ferry.controller.PoolStatus;
import io.ferry.controller.PoolRecording;
import io.ferry.controller.Selection;
import io.ferry.controller.internal.AuditLog;
import io.ferry.controller.internal.Controller;
import io.ferry.controller.internal.ControllerConfiguration;
import io.ferry.controller.internal.PluginRegistry;
import io.ferry.controller.internal.Plugins;
import io.ferry.controller.internal.SelectionStore;
import io.ferry.policy.support.DaemonThreads;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.util.converter.Converters;

/**
 * Ferry's controller outside OSGi, for embedding it in a plain JVM: benchmarks, research replays, tools. It is the
 * same controller that runs in Karaf — same control cycle, guard, swap semantics, audit log and parsing of
 * {@code io.ferry.pool} settings — with the service registry replaced by
 * {@code add…}/{@code remove…} calls and Configuration Admin replaced by {@link #configure(String, Map)} and an
 * in-memory store of each pool's properties.
 *
 * <p>Decides nothing itself. It only names what it registers: every strategy added here is recorded as bundle
 * {@value #BUNDLE}, version {@value #VERSION} (so the audit log shows {@code embedded/0}), and a name is unique —
 * adding a strategy under a name already present replaces it, with no moment at which the name is missing.
 *
 * <p>Cycles: with {@code autoStart}, every pool runs its cycle on this controller's threads every
 * {@code intervalSeconds}, as in Karaf; without it, nothing runs until the caller calls {@link #cycle(PoolId)}
 * (deterministic tests, JMH), and the threads only run migration time-outs and outcome callbacks.
 *
 * <p>Cost: the threads of the constructor (daemon, named {@code ferry-embedded-N}), the audit log's files and its
 * in-memory history, and per {@link #configure} call two scans of that history (O(history), to tell the caller
 * whether the controller rejected the configuration). Thread-safe.
 *
 * <p>When not to use it: inside an OSGi framework, where the controller's component binds strategies as
 * services, persists selections in Configuration Admin and sees {@code etc/} files. Here selections live only as
 * long as this object.
 */
public final class EmbeddedController implements FerryController, AutoCloseable {

    /** The bundle symbolic name recorded for every strategy added here. */
    public static final String BUNDLE = "embedded";
    /** The bundle version recorded for every strategy added here. */
    public static final String VERSION = "0";
    /** How long {@link #close()} waits for a cycle or an outcome callback in progress before interrupting it. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /** The defaults of the Karaf component's configuration ({@code io.ferry.controller}), read from its OCD. */
    private static final ControllerConfiguration DEFAULTS = Converters.standardConverter().convert(Map.of())
            .to(ControllerConfiguration.class);

    private final Controller controller;
    private final AuditLog audit;
    private final ScheduledThreadPoolExecutor threads;
    private final MemorySelectionStore store = new MemorySelectionStore();
    private final Map<PoolId, HypervisorAdapter> adapters = new ConcurrentHashMap<>();
    private final AtomicLong serviceIds = new AtomicLong();
    private final Object registration = new Object();
    private final boolean autoStart;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * A controller with the system UTC clock and the Karaf component's defaults: {@code threads},
     * {@code auditMaxBytes}, {@code auditFiles} and {@code historyCapacity} of the component configuration io.ferry.controller.
     *
     * @param auditDirectory where {@code audit.log} and its rotations go; created if missing, and read back on
     *                       start, so history survives a new instance on the same directory
     * @param autoStart      whether pools run their cycles on a schedule (true) or only on {@link #cycle(PoolId)}
     */
    public EmbeddedController(Path auditDirectory, boolean autoStart) {
        this(auditDirectory, autoStart, Clock.systemUTC(), DEFAULTS.threads(), DEFAULTS.auditMaxBytes(),
                DEFAULTS.auditFiles(), DEFAULTS.historyCapacity());
    }

    /**
     * @param auditDirectory  where {@code audit.log} and its rotations go; created if missing
     * @param autoStart       whether pools run their cycles on a schedule (true) or only on {@link #cycle(PoolId)}
     * @param clock           the time of audit records, migration ids, cooldowns and hold times; the delays
     *                        between scheduled cycles are wall-clock whatever this clock says
     * @param threads         threads running cycles, time-outs and outcome callbacks, &ge; 1
     * @param auditMaxBytes   rotate {@code audit.log} when it would grow past this, &ge; 1
     * @param auditFiles      audit files to keep, the current one included, &ge; 1
     * @param historyCapacity audit records kept in memory for {@link #history}, &ge; 1
     * @throws IllegalArgumentException naming the first argument out of range
     */
    public EmbeddedController(Path auditDirectory, boolean autoStart, Clock clock, int threads, long auditMaxBytes,
            int auditFiles, int historyCapacity) {
        Objects.requireNonNull(auditDirectory, "auditDirectory");
        Objects.requireNonNull(clock, "clock");
        atLeastOne("threads", threads);
        atLeastOne("auditMaxBytes", auditMaxBytes);
        atLeastOne("auditFiles", auditFiles);
        atLeastOne("historyCapacity", historyCapacity);
        this.autoStart = autoStart;
        this.audit = new AuditLog(auditDirectory, auditMaxBytes, auditFiles, historyCapacity);
        this.threads = new ScheduledThreadPoolExecutor(threads, DaemonThreads.numbered("ferry-embedded"));
        this.threads.setRemoveOnCancelPolicy(true);
        // On close, pending cycles and migration time-outs are dropped; outcome callbacks already queued still run.
        this.threads.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.controller = new Controller(new Plugins(), audit, store, clock, this.threads, this.threads, autoStart);
    }

    private static void atLeastOne(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " = " + value + ": must be >= 1");
        }
    }

    // ------------------------------------------------------------------ pools and strategies

    /**
     * Attaches a pool: its adapter's pool gets its configured settings (or the defaults) and, with
     * {@code autoStart}, its first cycle one interval from now. An adapter for a pool already attached replaces the
     * old one. The caller keeps ownership of the adapter and closes it.
     */
    public void addAdapter(HypervisorAdapter adapter) {
        requireOpen();
        adapters.put(adapter.pool(), adapter);
        controller.addAdapter(adapter);
    }

    /**
     * Detaches a pool: no more cycles; its migrations in flight still end and are recorded.
     *
     * @return whether {@code adapter} was the pool's adapter
     */
    public boolean removeAdapter(HypervisorAdapter adapter) {
        boolean removed = adapters.remove(adapter.pool(), adapter);
        controller.removeAdapter(adapter);
        return removed;
    }

    /** Each cycle's telemetry goes to {@code listener} from now on, on the controller's telemetry thread. */
    public void addTelemetryListener(io.ferry.controller.TelemetryListener listener) {
        controller.addTelemetryListener(listener);
    }

    public void removeTelemetryListener(io.ferry.controller.TelemetryListener listener) {
        controller.removeTelemetryListener(listener);
    }

    /** {@code source}'s lines are in {@link #status()} and {@link #problems()} from now on. */
    public void addStatusSource(io.ferry.controller.StatusSource source) {
        controller.addStatusSource(source);
    }

    public void removeStatusSource(io.ferry.controller.StatusSource source) {
        controller.removeStatusSource(source);
    }

    /** Installs a policy under its own {@link MigrationPolicy#name()}. */
    public void addPolicy(MigrationPolicy policy) {
        addPolicy(policy.name(), policy);
    }

    /** Installs a policy under {@code name}, replacing any policy of that name (as a bundle update would). */
    public void addPolicy(String name, MigrationPolicy policy) {
        add(controller.registries().policies(), name, policy);
    }

    /** @return whether a policy of that name was installed; migrations it started keep running with it */
    public boolean removePolicy(String name) {
        return remove(controller.registries().policies(), name);
    }

    /** Installs an agent under its own {@link MigrationAgent#name()}. */
    public void addAgent(MigrationAgent agent) {
        addAgent(agent.name(), agent);
    }

    /** Installs an agent under {@code name}, replacing any agent of that name. */
    public void addAgent(String name, MigrationAgent agent) {
        add(controller.registries().agents(), name, agent);
    }

    /** @return whether an agent of that name was installed */
    public boolean removeAgent(String name) {
        return remove(controller.registries().agents(), name);
    }

    /** Installs a predictor under its own {@link Predictor#name()}. */
    public void addPredictor(Predictor predictor) {
        addPredictor(predictor.name(), predictor);
    }

    /**
     * Installs a predictor under {@code name} for the metric it forecasts, replacing any predictor of that name and
     * metric: a name stands for one predictor per metric, as {@code predictor-lstm} registers one for CPU and one for
     * the dirty-page rate.
     */
    public void addPredictor(String name, Predictor predictor) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(predictor, "predictor");
        var registry = controller.registries().predictors();
        synchronized (registration) {
            var old = registry.get(name, predictor.metric());
            registry.add(new PluginRegistry.Entry<>(name, predictor, BUNDLE, VERSION, serviceIds.incrementAndGet(), 0));
            old.ifPresent(e -> registry.remove(e.serviceId()));
        }
    }

    /** @return whether a predictor of that name was installed, for any metric; all of them are removed */
    public boolean removePredictor(String name) {
        var registry = controller.registries().predictors();
        synchronized (registration) {
            var old = registry.forName(name);
            old.values().forEach(e -> registry.remove(e.serviceId()));
            return !old.isEmpty();
        }
    }

    private <S> void add(PluginRegistry<S> registry, String name, S service) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(service, "service");
        synchronized (registration) {
            Optional<PluginRegistry.Entry<S>> old = registry.get(name);
            // The new entry goes in first: the old one (an older id) stays preferred until it is removed, so a
            // cycle never finds the name missing.
            registry.add(new PluginRegistry.Entry<>(name, service, BUNDLE, VERSION, serviceIds.incrementAndGet(), 0));
            old.ifPresent(e -> registry.remove(e.serviceId()));
        }
    }

    private <S> boolean remove(PluginRegistry<S> registry, String name) {
        synchronized (registration) {
            Optional<PluginRegistry.Entry<S>> old = registry.get(name);
            old.ifPresent(e -> registry.remove(e.serviceId()));
            return old.isPresent();
        }
    }

    // ------------------------------------------------------------------ configuration

    /**
     * Sets a pool's configuration, as {@code Configuration.update} on {@code io.ferry.pool~POOL} would in Karaf: the
     * properties replace the pool's previous ones (keys left out take their defaults, see the io.ferry.pool keys in the README) and
     * take effect at once, the selection among them at the next decision. It may come before the pool's adapter.
     *
     * @param pool     the pool's name
     * @param settings keys and values of {@code etc/io.ferry.pool-NAME.cfg}; strings are converted as from a file
     * @throws IllegalArgumentException when the controller rejected them (a malformed value, or a policy whose
     *                                  capabilities the pool's hypervisor lacks); the previous configuration stays
     *                                  in force, and the rejection is also in the audit log
     */
    public void configure(String pool, Map<String, ?> settings) {
        requireOpen();
        Object named = settings.get("pool.name");
        if (named != null && !String.valueOf(named).equals(pool)) {
            throw new IllegalArgumentException("pool.name = " + named + ": must be the pool configured, " + pool);
        }
        Map<String, Object> properties = new LinkedHashMap<>(settings);
        properties.put("pool.name", pool);
        String pid = pid(pool);
        synchronized (store) {
            Optional<AuditRecord> before = lastRejection(pid);
            controller.configure(pid, properties);
            Optional<AuditRecord> after = lastRejection(pid);
            if (after.isPresent() && (before.isEmpty() || after.get() != before.get())) {
                throw new IllegalArgumentException(after.get().detail());
            }
            store.properties.put(pool, properties);
        }
    }

    /** Deletes a pool's configuration: it returns to the defaults, as when Karaf's {@code .cfg} file is removed. */
    public void deleteConfiguration(String pool) {
        synchronized (store) {
            controller.deleted(pid(pool));
            store.properties.remove(pool);
        }
    }

    /**
     * @return the pool's properties as Configuration Admin would hold them now: the last {@link #configure} and
     *         every selection saved since ({@code policy}, {@code agent}, {@code predictor}, {@code dryRun});
     *         empty when the pool was never configured nor selected
     */
    public Map<String, Object> configuration(String pool) {
        synchronized (store) {
            return Map.copyOf(store.properties.getOrDefault(pool, Map.of()));
        }
    }

    private static String pid(String pool) {
        return POOL_FACTORY_PID + "~" + pool;
    }

    /** @return the newest record of the controller's rejection of {@code pid}, if any */
    private Optional<AuditRecord> lastRejection(String pid) {
        String prefix = "configuration " + pid + " rejected";
        List<AuditRecord> found = audit.recent(
                r -> r.type() == AuditRecord.Type.ERROR && r.detail().startsWith(prefix), 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Keeps each pool's properties in memory, merging saved selections into them as Configuration Admin does. */
    private static final class MemorySelectionStore implements SelectionStore {
        /** Guarded by this store. */
        private final Map<String, Map<String, Object>> properties = new HashMap<>();

        @Override
        public synchronized void save(String pool, Map<String, Object> selection) {
            Map<String, Object> merged = new LinkedHashMap<>(properties.getOrDefault(pool, Map.of("pool.name", pool)));
            merged.putAll(selection);
            properties.put(pool, merged);
        }
    }

    // ------------------------------------------------------------------ running

    /**
     * Runs one control cycle of a pool now, on the calling thread: snapshot, forecasts, agent, guard, plans, the
     * adapter starts what is not refused (nothing in dry-run), audit. Returns when the cycle's decisions are
     * recorded; the migrations it started go on and their outcomes arrive on this controller's threads.
     *
     * @throws IllegalArgumentException when no adapter serves the pool
     * @throws IllegalStateException    when cycles are scheduled ({@code autoStart}), which this one would overlap,
     *                                  or the controller is closed
     */
    public void cycle(PoolId pool) {
        requireOpen();
        if (autoStart) {
            throw new IllegalStateException("cycles of this controller are scheduled (autoStart); cycle(" + pool
                    + ") would overlap them");
        }
        if (!adapters.containsKey(pool)) {
            throw new IllegalArgumentException("unknown pool '" + pool + "': pools are " + adapters.keySet());
        }
        controller.cycle(pool);
    }

    /** @return the current audit file */
    public Path auditFile() {
        return audit.file();
    }

    /**
     * Stops every pool's cycles, drops pending time-outs, lets outcome callbacks already queued run (up to
     * {@link #CLOSE_TIMEOUT}), and closes the audit log. Adapters are the caller's: close them first, so that the
     * outcomes of the migrations they end on closing are still recorded. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        controller.stop();
        threads.shutdown();
        try {
            if (!threads.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
        audit.close();
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this embedded controller is closed");
        }
    }

    // ------------------------------------------------------------------ FerryController, answered by the controller

    @Override
    public List<PoolStatus> pools() {
        return controller.pools();
    }

    @Override
    public Optional<PoolStatus> pool(PoolId pool) {
        return controller.pool(pool);
    }

    @Override
    public List<PluginInfo> plugins() {
        return controller.plugins();
    }

    @Override
    public Selection select(PoolId pool, PluginKind kind, String name) throws ControllerException {
        return controller.select(pool, kind, name);
    }

    @Override
    public Selection rollback(PoolId pool) throws ControllerException {
        return controller.rollback(pool);
    }

    @Override
    public Selection dryRun(PoolId pool, boolean on) throws ControllerException {
        return controller.dryRun(pool, on);
    }

    @Override
    public List<AuditRecord> history(Optional<PoolId> pool, int limit) {
        return controller.history(pool, limit);
    }

    @Override
    public MigrationId migrate(PoolId pool, VmId vm, HostId target) throws ControllerException {
        return controller.migrate(pool, vm, target);
    }

    @Override
    public List<String> problems() {
        return controller.problems();
    }

    @Override
    public List<String> status() {
        return controller.status();
    }

    @Override
    public Optional<MigrationPolicy> policy(String name) {
        return controller.policy(name);
    }

    @Override
    public PoolRecording recording(PoolId pool, int maxVms) throws ControllerException {
        return controller.recording(pool, maxVms);
    }
}
