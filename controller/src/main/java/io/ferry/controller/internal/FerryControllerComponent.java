package io.ferry.controller.internal;

import static io.ferry.policy.support.ConfigurationChecks.inRange;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.MigrationAgent;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.Predictor;
import io.ferry.controller.FerryController;
import io.ferry.controller.StatusSource;
import io.ferry.controller.TelemetryListener;
import io.ferry.policy.support.DaemonThreads;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.io.IOException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.converter.Converters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's controller as a DS component: binds every {@link HypervisorAdapter} (one pool each), every policy,
 * agent and predictor (with the bundle and version that registered them), receives per-pool configurations
 * (factory PID {@code io.ferry.pool}, {@code etc/io.ferry.pool-NAME.cfg}, typed by {@link PoolConfiguration}) as a
 * managed service factory, and registers the {@link Controller} as the {@link FerryController} service: no layer
 * forwards the operator API, this class only does what OSGi needs.
 *
 * <p>Owns its threads (a small scheduled pool, daemon, named {@code ferry-controller-N}), created here and
 * stopped on deactivation. Strategies bind and unbind dynamically: nothing restarts when a policy bundle is
 * installed, updated or removed.
 */
@Component(service = {}, immediate = true, configurationPid = "io.ferry.controller")
@Designate(ocd = ControllerConfiguration.class)
public final class FerryControllerComponent {

    private static final Logger LOG = LoggerFactory.getLogger(FerryControllerComponent.class);

    private final Controller controller;
    private final AuditLog audit;
    private final ScheduledThreadPoolExecutor threads;
    private final ServiceRegistration<ManagedServiceFactory> factory;
    private final ServiceRegistration<FerryController> service;

    @Activate
    public FerryControllerComponent(ControllerConfiguration config, @Reference ConfigurationAdmin admin,
            BundleContext context) {
        int threadCount = inRange("threads", config.threads(), 1, 64);
        long maxBytes = inRange("auditMaxBytes", config.auditMaxBytes(), 4096, 1L << 30);
        int files = inRange("auditFiles", config.auditFiles(), 1, 100);
        int capacity = inRange("historyCapacity", config.historyCapacity(), 100, 1_000_000);
        Path directory = auditDirectory(config, context);
        this.audit = new AuditLog(directory, maxBytes, files, capacity);
        this.threads = new ScheduledThreadPoolExecutor(threadCount, DaemonThreads.numbered("ferry-controller"));
        this.threads.setRemoveOnCancelPolicy(true);
        this.controller = new Controller(new Plugins(), audit, new ConfigAdminSelectionStore(admin),
                new AcceptedConfigurations.InDirectory(directory.resolve("pools")), Clock.systemUTC(), threads,
                threads, true);
        // Apply the pool configurations that exist now, before any adapter binds, rather than depend on when
        // Configuration Admin delivers them to the factory below (it will, again: applying twice is harmless).
        applyExisting(admin);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_PID, FerryController.POOL_FACTORY_PID);
        props.put(Constants.SERVICE_DESCRIPTION, "Ferry per-pool settings");
        this.factory = context.registerService(ManagedServiceFactory.class, new PoolConfigurations(), props);
        Dictionary<String, Object> serviceProps = new Hashtable<>();
        serviceProps.put(Constants.SERVICE_DESCRIPTION, "Ferry controller");
        this.service = context.registerService(FerryController.class, controller, serviceProps);
        LOG.info("Ferry controller started; audit log in {}", audit.file());
    }

    private void applyExisting(ConfigurationAdmin admin) {
        try {
            Configuration[] existing = admin.listConfigurations(
                    "(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + FerryController.POOL_FACTORY_PID + ")");
            if (existing != null) {
                for (Configuration c : existing) {
                    if (c.getProperties() != null) {
                        controller.configure(c.getPid(), toMap(c.getProperties()));
                    }
                }
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("could not read the existing pool configurations; waiting for Configuration Admin: {}",
                    e.toString());
        }
    }

    private static Map<String, Object> toMap(Dictionary<String, ?> properties) {
        Map<String, Object> map = new HashMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            map.put(k, properties.get(k));
        }
        return map;
    }

    private static Path auditDirectory(ControllerConfiguration config, BundleContext context) {
        if (!config.auditDirectory().isBlank()) {
            return Path.of(config.auditDirectory());
        }
        String data = context.getProperty("karaf.data");
        return Path.of(data != null ? data : "data", "ferry");
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : java.util.List.of(service, factory)) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                LOG.debug("{} already unregistered", r, e);
            }
        }
        controller.stop();
        threads.shutdown();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
        audit.close();
    }

    // ------------------------------------------------------------------ dynamic references

    /** The DS runtime, to tell which adapters' configurations failed to activate (issue 14.10). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindRuntime(ServiceComponentRuntime scr) {
        controller.adapterFailures(() -> AdapterFailures.of(scr));
    }

    void unbindRuntime(ServiceComponentRuntime scr) {
        controller.adapterFailures(List::of);
    }

    /** Telemetry listeners (whiteboard): told each cycle's snapshot and windows, off the cycle's thread. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindTelemetryListener(TelemetryListener listener) {
        controller.addTelemetryListener(listener);
    }

    void unbindTelemetryListener(TelemetryListener listener) {
        controller.removeTelemetryListener(listener);
    }

    /** Status sources (whiteboard): lines of parts of this instance that are not pools, in migration:status. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindStatusSource(StatusSource source) {
        controller.addStatusSource(source);
    }

    void unbindStatusSource(StatusSource source) {
        controller.removeStatusSource(source);
    }

    /** Every adapter but those shared through a cluster, which the cluster's executor runs for their owner. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(!(" + io.ferry.controller.GuardStateStore.SHARED_PROPERTY + "=true))")
    void bindAdapter(HypervisorAdapter adapter) {
        controller.addAdapter(adapter);
    }

    void unbindAdapter(HypervisorAdapter adapter) {
        controller.removeAdapter(adapter);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindPolicy(MigrationPolicy policy, ServiceReference<MigrationPolicy> ref) {
        controller.registries().policies().add(entry(policy, ref, MigrationPolicy.NAME_PROPERTY, policy.name()));
    }

    void unbindPolicy(MigrationPolicy policy, ServiceReference<MigrationPolicy> ref) {
        controller.registries().policies().remove(serviceId(ref));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindAgent(MigrationAgent agent, ServiceReference<MigrationAgent> ref) {
        controller.registries().agents().add(entry(agent, ref, MigrationAgent.NAME_PROPERTY, agent.name()));
    }

    void unbindAgent(MigrationAgent agent, ServiceReference<MigrationAgent> ref) {
        controller.registries().agents().remove(serviceId(ref));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindPredictor(Predictor predictor, ServiceReference<Predictor> ref) {
        controller.registries().predictors().add(entry(predictor, ref, Predictor.NAME_PROPERTY, predictor.name()));
    }

    void unbindPredictor(Predictor predictor, ServiceReference<Predictor> ref) {
        controller.registries().predictors().remove(serviceId(ref));
    }

    private static <S> PluginRegistry.Entry<S> entry(S service, ServiceReference<S> ref, String nameProperty,
            String fallbackName) {
        Object name = ref.getProperty(nameProperty);
        var bundle = ref.getBundle();
        // before the plugin can steer anything: its objects must outlive an update or uninstall of its bundle
        BundleClasses.loadAll(bundle);
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        return new PluginRegistry.Entry<>(name != null ? String.valueOf(name) : fallbackName, service,
                bundle != null ? bundle.getSymbolicName() : "?", bundle != null ? bundle.getVersion().toString() : "?",
                serviceId(ref), ranking instanceof Integer i ? i : 0);
    }

    private static long serviceId(ServiceReference<?> ref) {
        return Converters.standardConverter().convert(ref.getProperty(Constants.SERVICE_ID)).to(Long.class);
    }

    /** Receives the io.ferry.pool factory configurations. */
    private final class PoolConfigurations implements ManagedServiceFactory {
        @Override
        public String getName() {
            return "Ferry per-pool settings";
        }

        @Override
        public void updated(String pid, Dictionary<String, ?> properties) {
            controller.configure(pid, toMap(properties));
        }

        @Override
        public void deleted(String pid) {
            controller.deleted(pid);
        }
    }
}
