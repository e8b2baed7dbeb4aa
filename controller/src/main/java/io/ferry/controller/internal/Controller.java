package io.ferry.controller.internal;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.Capability;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.ControllerException;
import io.ferry.controller.FerryController;
import io.ferry.controller.PluginInfo;
import io.ferry.controller.PluginKind;
import io.ferry.controller.PoolRecording;
import io.ferry.controller.PoolStatus;
import io.ferry.controller.Selection;
import io.ferry.controller.StatusSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller: pools appear and disappear with their adapters, strategies with their services, settings with
 * their configurations, and operators select, roll back and ask. It is the {@link FerryController} service itself:
 * {@link FerryControllerComponent} only wires it to the service registry and Configuration Admin and registers it;
 * {@code io.ferry.controller.embedded.EmbeddedController} runs it in a plain JVM; tests build it directly. Each
 * pool's control cycle is a {@link ControlCycle} of named steps.
 *
 * <p>Public only for the embedded controller of this bundle; the package is not exported.
 *
 * <p>Decides: whether an operator's selection is valid (installed, capabilities met) and whether a
 * configuration is well formed; a rejected configuration leaves the previous one in force and is logged and
 * audited with the offending key. Thread-safe.
 */
public final class Controller implements FerryController {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final Plugins plugins;
    private final AuditLog audit;
    private final SelectionStore store;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor callbacks;
    private final boolean autoStart;
    private final Map<PoolId, PoolRuntime> runtimes = new ConcurrentHashMap<>();
    private final TelemetryFanOut telemetryOut;
    private final List<StatusSource> statusSources = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, PoolSettings> settingsByPool = new ConcurrentHashMap<>();
    private final Map<String, String> poolByPid = new ConcurrentHashMap<>();
    /** Per pool, why its configuration was rejected and what runs instead, until one is accepted. */
    private final Map<String, String> configurationProblems = new ConcurrentHashMap<>();
    private final AcceptedConfigurations accepted;
    private volatile java.util.function.Supplier<List<String>> adapterFailures = List::of;
    /** Adapter failures already recorded in the history, so that each is recorded once. */
    private final Set<String> recordedFailures = ConcurrentHashMap.newKeySet();
    /**
     * Per pool, the highest {@value #REVISION_KEY} seen or written. Every selection this controller persists carries
     * the next revision; a configuration event carrying a lower one is older than what is in force (Config Admin's
     * asynchronous echo of an earlier write, or Karaf re-reading a {@code .cfg} file it has not rewritten yet) and
     * must not undo it. An edit by hand keeps the file's revision, and a configuration without one (written by
     * hand) always applies.
     */
    private final Map<String, Long> revisions = new ConcurrentHashMap<>();
    /** The configuration property that orders persisted selections. */
    static final String REVISION_KEY = "selection.revision";

    /**
     * @param autoStart whether pools run their cycles on the scheduler (false in tests that call
     *                  {@link #cycle(PoolId)} themselves)
     */
    public Controller(Plugins plugins, AuditLog audit, SelectionStore store, Clock clock,
            ScheduledExecutorService scheduler, Executor callbacks, boolean autoStart) {
        this(plugins, audit, store, AcceptedConfigurations.inMemory(), clock, scheduler, callbacks, autoStart);
    }

    /**
     * @param accepted where each pool's last accepted configuration is kept, for a start with an invalid one
     */
    public Controller(Plugins plugins, AuditLog audit, SelectionStore store, AcceptedConfigurations accepted,
            Clock clock, ScheduledExecutorService scheduler, Executor callbacks, boolean autoStart) {
        this(plugins, audit, store, accepted, clock, scheduler, callbacks, autoStart, new TelemetryFanOut());
    }

    /** @param telemetryOut hands each cycle's telemetry to the {@link io.ferry.controller.TelemetryListener}s */
    Controller(Plugins plugins, AuditLog audit, SelectionStore store, AcceptedConfigurations accepted,
            Clock clock, ScheduledExecutorService scheduler, Executor callbacks, boolean autoStart,
            TelemetryFanOut telemetryOut) {
        this.telemetryOut = telemetryOut;
        this.accepted = accepted;
        this.plugins = plugins;
        this.audit = audit;
        this.store = store;
        this.clock = clock;
        this.scheduler = scheduler;
        this.callbacks = callbacks;
        this.autoStart = autoStart;
    }

    public Plugins registries() {
        return plugins;
    }

    // ------------------------------------------------------------------ pools come and go

    public void addAdapter(HypervisorAdapter adapter) {
        PoolId id = adapter.pool();
        PoolSettings settings = settingsByPool.getOrDefault(id.value(), PoolSettings.defaults(id.value()));
        PoolRuntime runtime = new PoolRuntime(id, adapter, settings, plugins, audit, clock, scheduler, callbacks,
                telemetryOut);
        PoolRuntime old = runtimes.put(id, runtime);
        if (old != null) {
            old.stop();
        }
        LOG.info("pool {} ({}) attached: policy {}, agent {}", id, adapter.kind(), settings.policy(),
                settings.agent());
        if (autoStart) {
            runtime.start();
        }
    }

    public void removeAdapter(HypervisorAdapter adapter) {
        PoolRuntime runtime = runtimes.get(adapter.pool());
        if (runtime != null && runtime.adapter() == adapter) {
            runtimes.remove(adapter.pool(), runtime);
            runtime.stop();
            LOG.info("pool {} detached", adapter.pool());
        }
    }

    /** Runs one control cycle of a pool now (tests and benchmarks). */
    public void cycle(PoolId pool) {
        Optional.ofNullable(runtimes.get(pool)).ifPresent(PoolRuntime::cycle);
    }

    public void stop() {
        runtimes.values().forEach(PoolRuntime::stop);
        telemetryOut.close();
    }

    // ------------------------------------------------------------------ telemetry listeners (whiteboard)

    /** Each cycle's telemetry goes to {@code listener} from now on, on the controller's listener thread. */
    public void addTelemetryListener(io.ferry.controller.TelemetryListener listener) {
        telemetryOut.add(listener);
    }

    public void removeTelemetryListener(io.ferry.controller.TelemetryListener listener) {
        telemetryOut.remove(listener);
    }

    // ------------------------------------------------------------------ status sources (whiteboard)

    /** {@code source}'s lines are in {@link #status()} and {@link #problems()} from now on. */
    public void addStatusSource(StatusSource source) {
        statusSources.add(source);
    }

    public void removeStatusSource(StatusSource source) {
        statusSources.remove(source);
    }

    /** @return every source's lines of one kind; a source that throws gives one line saying so instead */
    private List<String> fromSources(boolean problems) {
        List<String> lines = new java.util.ArrayList<>();
        for (StatusSource s : statusSources) {
            try {
                lines.addAll(problems ? s.problems() : s.status());
            } catch (RuntimeException e) {
                if (problems) {
                    lines.add("status source " + s.getClass().getName() + " failed: " + e);
                }
            }
        }
        return lines;
    }

    @Override
    public List<String> status() {
        return fromSources(false);
    }

    // ------------------------------------------------------------------ configuration

    /**
     * Applies a pool's configuration, or rejects it and keeps the previous one.
     *
     * @param pid        the configuration's PID, {@code io.ferry.pool~NAME} (created through Config Admin) or generated (from {@code etc/io.ferry.pool-NAME.cfg})
     * @param properties its properties
     */
    public void configure(String pid, Map<String, ?> properties) {
        String fallback = poolName(pid, properties);
        PoolSettings next;
        try {
            next = PoolSettings.parse(properties, fallback);
        } catch (IllegalArgumentException e) {
            reject(pid, fallback, e.getMessage());
            return;
        }
        PoolRuntime runtime = runtimes.get(new PoolId(next.pool()));
        long revision = revision(properties);
        long newest = revisions.merge(next.pool(), revision, Math::max);
        if (runtime != null && revision > 0 && revision < newest) {
            // an older selection coming back: its other settings apply, the newer selection stays
            LOG.debug("pool {}: configuration of selection revision {} < {} ({}); the current selection stays",
                    next.pool(), revision, newest, next.selection());
            next = next.with(runtime.settings().selection());
        }
        if (runtime != null) {
            Optional<String> invalid = checkPolicy(runtime, next.policy(), false);
            if (invalid.isPresent()) {
                reject(pid, next.pool(), "policy = " + next.policy() + ": " + invalid.get());
                return;
            }
        }
        poolByPid.put(pid, next.pool());
        settingsByPool.put(next.pool(), next);
        configurationProblems.remove(next.pool());
        accepted.save(next.pool(), PoolSettings.persistable(properties));
        if (runtime != null) {
            runtime.configure(next);
        }
    }

    /** Forgets a deleted configuration: the pool returns to the defaults. */
    public void deleted(String pid) {
        String pool = poolByPid.remove(pid);
        if (pool != null) {
            settingsByPool.remove(pool);
            revisions.remove(pool);
            configurationProblems.remove(pool);
            accepted.remove(pool);
            PoolRuntime runtime = runtimes.get(new PoolId(pool));
            if (runtime != null) {
                runtime.configure(PoolSettings.defaults(pool));
            }
        }
    }

    /**
     * Rejects a configuration. While Karaf runs the previous settings stay; at start (none yet in memory) the pool
     * runs on the last configuration accepted before the restart, else on the defaults. Status says which.
     */
    private void reject(String pid, String pool, String why) {
        String text = "configuration " + pid + " rejected, the previous one stays in force: " + why;
        if (pool != null && !pool.isBlank()) {
            if (settingsByPool.containsKey(pool)) {
                configurationProblems.put(pool, "configuration " + pid + " rejected (" + why
                        + "); the previous configuration stays in force");
            } else {
                String instead = restoreAccepted(pid, pool);
                text = "configuration " + pid + " rejected: " + why + "; " + instead;
                configurationProblems.put(pool, "configuration " + pid + " rejected (" + why + "); " + instead);
            }
        }
        LOG.error(text);
        String name = pool == null || pool.isBlank() ? "?" : pool;
        audit.append(new AuditRecord(clock.instant(), AuditRecord.Type.ERROR, new PoolId(name), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), "", "", "", Optional.empty(), Optional.empty(),
                Optional.empty(), false, text));
    }

    /** @return what the pool runs on now that its configuration at start was rejected */
    private String restoreAccepted(String pid, String pool) {
        Optional<Map<String, String>> last = accepted.load(pool);
        if (last.isEmpty()) {
            return "running on the built-in defaults (no configuration of this pool was accepted before)";
        }
        PoolSettings restored;
        try {
            restored = PoolSettings.parse(last.get(), pool);
        } catch (IllegalArgumentException e) {
            return "running on the built-in defaults (the last accepted configuration no longer parses: "
                    + e.getMessage() + ")";
        }
        settingsByPool.put(pool, restored);
        poolByPid.put(pid, pool);
        PoolRuntime runtime = runtimes.get(new PoolId(pool));
        if (runtime != null) {
            runtime.configure(restored);
        }
        LOG.warn("pool {}: running on its last accepted configuration", pool);
        return "running on the last accepted configuration (policy " + restored.policy() + ", agent "
                + restored.agent() + (restored.dryRun() ? ", dry-run" : "") + ")";
    }

    /** @return the status with the pool's configuration problem, if any, before its cycle's */
    private PoolStatus withConfigurationProblem(PoolStatus s) {
        String c = configurationProblems.get(s.pool().value());
        if (c == null) {
            return s;
        }
        return new PoolStatus(s.pool(), s.kind(), s.capabilities(), s.selection(), s.snapshot(), s.inFlight(),
                s.lastCycle(), Optional.of(s.problem().map(p -> c + "; " + p).orElse(c)), s.counters(), s.note(),
                s.snapshotAt(), s.predictors());
    }

    /** @return the pool a configuration is for: {@code pool.name}, else the PID's or the file's name */
    static String poolName(String pid, Map<String, ?> properties) {
        Object explicit = properties.get("pool.name");
        if (explicit != null) {
            return String.valueOf(explicit);
        }
        int tilde = pid.indexOf('~');
        if (tilde >= 0) {
            return pid.substring(tilde + 1);
        }
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String f = String.valueOf(file);
            f = f.substring(f.lastIndexOf('/') + 1).replaceFirst("\\.cfg$", "");
            String prefix = POOL_FACTORY_PID;
            if (f.startsWith(prefix) && f.length() > prefix.length() + 1) {
                return f.substring(prefix.length() + 1);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ FerryController

    /** Where {@link #problems()} finds the adapters whose configuration failed (the DS runtime, in Karaf). */
    public void adapterFailures(java.util.function.Supplier<List<String>> failures) {
        this.adapterFailures = failures;
    }

    @Override
    public List<String> problems() {
        List<String> failures;
        try {
            failures = adapterFailures.get();
        } catch (RuntimeException e) {
            failures = List.of("cannot list the hypervisor adapters' failures: " + e);
        }
        recordedFailures.retainAll(failures);
        for (String f : failures) {
            if (recordedFailures.add(f)) {
                LOG.warn(f);
                audit.append(new AuditRecord(clock.instant(), AuditRecord.Type.ERROR, new PoolId("?"),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "", "", "",
                        Optional.empty(), Optional.empty(), Optional.empty(), false, f));
            }
        }
        // the telemetry listeners' lines change as they count: shown, not recorded
        List<String> telemetry = telemetryOut.problems();
        List<String> sources = fromSources(true);
        if (telemetry.isEmpty() && sources.isEmpty()) {
            return failures;
        }
        List<String> all = new java.util.ArrayList<>(failures);
        all.addAll(telemetry);
        all.addAll(sources);
        return all;
    }

    @Override
    public List<PoolStatus> pools() {
        return runtimes.values().stream().sorted(Comparator.comparing(PoolRuntime::pool)).map(PoolRuntime::status)
                .map(this::withConfigurationProblem).toList();
    }

    @Override
    public Optional<PoolStatus> pool(PoolId pool) {
        return Optional.ofNullable(runtimes.get(pool)).map(PoolRuntime::status).map(this::withConfigurationProblem);
    }

    @Override
    public List<PluginInfo> plugins() {
        List<PluginInfo> out = new ArrayList<>();
        for (var e : plugins.policies().all()) {
            out.add(new PluginInfo(PluginKind.POLICY, e.name(), e.bundle(), e.version(),
                    e.service().requiredCapabilities(), e.service().optionalCapabilities(), "",
                    activeIn(s -> s.policy().equals(e.name()))));
        }
        for (var e : plugins.agents().all()) {
            out.add(new PluginInfo(PluginKind.AGENT, e.name(), e.bundle(), e.version(), Set.of(), Set.of(), "",
                    activeIn(s -> s.agent().equals(e.name()))));
        }
        for (var e : plugins.predictors().all()) {
            String model = e.service().model().map(m -> ", model " + m.name() + " " + m.version()).orElse("");
            out.add(new PluginInfo(PluginKind.PREDICTOR, e.name(), e.bundle(), e.version(), Set.of(), Set.of(),
                    "forecasts " + e.service().metric() + model,
                    activeIn(s -> s.predictor().equals(Optional.of(e.name())))));
        }
        return out;
    }

    private List<PoolId> activeIn(java.util.function.Predicate<Selection> test) {
        return runtimes.values().stream().filter(r -> test.test(r.settings().selection())).map(PoolRuntime::pool)
                .sorted().toList();
    }

    @Override
    public Selection select(PoolId pool, PluginKind kind, String name) throws ControllerException {
        PoolRuntime runtime = runtime(pool);
        Selection current = runtime.settings().selection();
        Selection next = switch (kind) {
            case POLICY -> {
                Optional<String> invalid = checkPolicy(runtime, name, true);
                if (invalid.isPresent()) {
                    throw new ControllerException(invalid.get());
                }
                yield new Selection(name, current.agent(), current.predictor(), current.dryRun());
            }
            case AGENT -> {
                requireInstalled(kind, name);
                yield new Selection(current.policy(), name, current.predictor(), current.dryRun());
            }
            case PREDICTOR -> {
                if (!name.isEmpty()) {
                    requireInstalled(kind, name);
                }
                yield new Selection(current.policy(), current.agent(),
                        name.isEmpty() ? Optional.empty() : Optional.of(name), current.dryRun());
            }
        };
        return apply(runtime, next, "operator", true);
    }

    @Override
    public Selection rollback(PoolId pool) throws ControllerException {
        PoolRuntime runtime = runtime(pool);
        Selection previous = runtime.popPrevious()
                .orElseThrow(() -> new ControllerException("pool " + pool + " has no previous selection"));
        Optional<String> invalid = checkPolicy(runtime, previous.policy(), true);
        if (invalid.isPresent()) {
            throw new ControllerException("cannot roll back to " + previous.policy() + ": " + invalid.get());
        }
        return apply(runtime, previous, "rollback", false);
    }

    @Override
    public Selection dryRun(PoolId pool, boolean on) throws ControllerException {
        PoolRuntime runtime = runtime(pool);
        Selection c = runtime.settings().selection();
        return apply(runtime, new Selection(c.policy(), c.agent(), c.predictor(), on), "operator", true);
    }

    private Selection apply(PoolRuntime runtime, Selection next, String why, boolean remember)
            throws ControllerException {
        Map<String, Object> properties = new LinkedHashMap<>(PoolSettings.selectionProperties(next));
        properties.put(REVISION_KEY, revisions.merge(runtime.pool().value(), 1L, Long::sum));
        try {
            store.save(runtime.pool().value(), properties);
        } catch (Exception e) {
            throw new ControllerException("could not persist the selection of pool " + runtime.pool() + ": " + e);
        }
        settingsByPool.computeIfPresent(runtime.pool().value(), (k, s) -> s.with(next));
        return runtime.select(next, why, remember);
    }

    /** @return the configuration's {@value #REVISION_KEY}, 0 when absent or malformed (written by hand) */
    private static long revision(Map<String, ?> properties) {
        Object v = properties.get(REVISION_KEY);
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v != null) {
            try {
                return Long.parseLong(v.toString().strip());
            } catch (NumberFormatException e) {
                LOG.warn("{} = {}: not a number; taken as 0", REVISION_KEY, v);
            }
        }
        return 0;
    }

    /** @return why {@code name} cannot be the pool's policy, or empty when it can */
    private Optional<String> checkPolicy(PoolRuntime runtime, String name, boolean mustBeInstalled) {
        Optional<PluginRegistry.Entry<MigrationPolicy>> policy = plugins.policies().get(name);
        if (policy.isEmpty()) {
            return mustBeInstalled ? Optional.of("unknown policy '" + name + "': installed policies are "
                    + plugins.policies().names()) : Optional.empty();
        }
        Set<Capability> offered = runtime.adapter().capabilities();
        for (Capability c : policy.get().service().requiredCapabilities().stream().sorted().toList()) {
            if (!offered.contains(c)) {
                return Optional.of("policy '" + name + "' needs " + c + " (" + c.description() + "), which pool "
                        + runtime.pool() + " (" + runtime.adapter().kind() + ") lacks");
            }
        }
        return Optional.empty();
    }

    private void requireInstalled(PluginKind kind, String name) throws ControllerException {
        if (!plugins.has(kind, name)) {
            throw new ControllerException("unknown " + kind.word() + " '" + name + "': installed " + kind.word()
                    + "s are " + plugins.names(kind));
        }
    }

    private PoolRuntime runtime(PoolId pool) throws ControllerException {
        PoolRuntime r = runtimes.get(pool);
        if (r == null) {
            throw new ControllerException("unknown pool '" + pool + "': pools are " + (runtimes.isEmpty() ? "none"
                    : String.join(", ", runtimes.keySet().stream().map(PoolId::value).sorted().toList())));
        }
        return r;
    }

    @Override
    public List<AuditRecord> history(Optional<PoolId> pool, int limit) {
        problems(); // record any new adapter failure first
        return audit.recent(r -> pool.isEmpty() || pool.get().equals(r.pool()), Math.max(1, limit));
    }

    @Override
    public MigrationId migrate(PoolId pool, VmId vm, HostId target) throws ControllerException {
        return runtime(pool).migrate(vm, target);
    }

    @Override
    public Optional<MigrationPolicy> policy(String name) {
        return plugins.policies().get(name).map(PluginRegistry.Entry::service);
    }

    @Override
    public PoolRecording recording(PoolId pool, int maxVms) throws ControllerException {
        if (maxVms < 1) {
            throw new ControllerException("maxVms = " + maxVms + ": must be >= 1");
        }
        return runtime(pool).recording(maxVms);
    }
}
