package io.ferry.simpool.internal;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationHandle;
import io.ferry.api.MigrationSteering;
import io.ferry.api.model.Capability;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PoolId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.converter.Converters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ferry's built-in simulated pool: a real {@link HypervisorAdapter} whose hosts and VMs live in memory and whose
 * migrations run page by page in the engine, one configuration of the factory PID
 * {@value #FACTORY_PID} per pool (for instance {@code etc/io.ferry.simpool-sim.cfg}). It is what the Karaf
 * distribution attaches to when no hypervisor is configured, and what the integration tests drive.
 *
 * <p>Decides nothing on the controller's behalf: it reports inventory and telemetry and executes the migrations
 * it is asked for, refusing them with xapi's error codes where xapi would (see {@link SimulatedPool}). With the
 * default configuration two of the eight hosts start above 80 % CPU, so a threshold agent acts in its first
 * cycles. {@link #capabilities()} is everything the engine offers, or the configured subset (such as
 * {@code PRE_COPY,CANCEL} to behave like XenServer: no round control, no post-copy, no dirty-rate metric).
 *
 * <p>Threads: two daemon threads per pool, created at activation and joined at deactivation — one ticks the
 * simulation every {@code tickMillis} ms of wall time by {@code tickMillis × timeScale} of simulated time, the
 * other completes migration outcomes, so callbacks attached to an outcome never run on, nor block, the
 * simulation thread (nor the caller of {@link MigrationHandle#cancel()}). Cost per tick: O(VMs) for the
 * workload plus the engine's O(page writes + pages sent) for the migrations in flight.
 *
 * <p>Deactivation (bundle stopped or updated) never loses a VM: migrations still in pre-copy are cancelled and
 * their VMs stay on their sources, the others are run to completion at once, and every outcome completes
 * before the threads are joined.
 *
 * <p>When not to use it: to measure a real pool. Every figure here is simulated.
 */
@Component(service = HypervisorAdapter.class, configurationPid = SimulatedPoolAdapter.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = HypervisorAdapter.POOL_PROPERTY + "=" + SimulatedPoolAdapter.DEFAULT_POOL_NAME)
@Designate(ocd = SimulatedPoolConfiguration.class, factory = true)
public final class SimulatedPoolAdapter implements HypervisorAdapter, AutoCloseable {

    /** The factory PID: one configuration, one pool. */
    static final String FACTORY_PID = "io.ferry.simpool";
    /** The pool name when the configuration gives none (the service property is set to it by default). */
    static final String DEFAULT_POOL_NAME = "sim";
    /** What {@link #kind()} answers. */
    static final String KIND = "simulator";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedPoolAdapter.class);

    private final PoolSettings settings;
    private final PoolDriver driver;
    private final SimulatedPool pool;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Activates the pool from its configuration and starts its clock.
     *
     * @throws IllegalArgumentException {@code name = value: must …} for the first bad attribute
     */
    @Activate
    public SimulatedPoolAdapter(SimulatedPoolConfiguration config) {
        this(PoolSettings.from(config, Map.of()), null);
    }

    /**
     * For use outside OSGi (the command line, tests, benchmarks): a pool configured from a property map with
     * the attribute names of {@link SimulatedPoolConfiguration} ({@code pool.name}, {@code hosts}, …), missing
     * keys taking their defaults. It starts its own threads; {@link #close()} stops them.
     *
     * @throws IllegalArgumentException {@code name = value: must …} for the first bad attribute
     */
    public SimulatedPoolAdapter(Map<String, ?> properties) {
        this(settingsOf(properties), null);
    }

    /** For deterministic tests: a pool driven by {@code driver} (a manual ticker) instead of its own threads. */
    SimulatedPoolAdapter(Map<String, ?> properties, PoolDriver driver) {
        this(settingsOf(properties), driver);
    }

    private SimulatedPoolAdapter(PoolSettings settings, PoolDriver driverOrNull) {
        this.settings = settings;
        PoolDriver d = driverOrNull != null ? driverOrNull : new ExecutorPoolDriver(settings.poolName());
        try {
            this.pool = new SimulatedPool(settings, d.origin(), d.callbacks());
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
        this.driver = d;
        long tick = settings.tickNanos();
        driver.start(() -> pool.advance(tick), settings.tickMillis());
        LOG.info("Simulated pool {} started: {} hosts ({} in maintenance, hot at start: {}), {} VMs ({} halted), "
                + "seed {}, link {} Gbit/s, {} simulated s per wall s, capabilities {}",
                settings.poolName(), settings.hosts(), settings.maintenanceHosts().size(),
                pool.layout().hotHosts().stream().map(settings::hostName).toList(), settings.vms(),
                settings.haltedVms(), settings.seed(), settings.linkGbps(), settings.timeScale(),
                settings.capabilities());
    }

    private static PoolSettings settingsOf(Map<String, ?> properties) {
        SimulatedPoolConfiguration config = Converters.standardConverter().convert(properties)
                .to(SimulatedPoolConfiguration.class);
        return PoolSettings.from(config, properties);
    }

    /**
     * Stops the pool: ticks stop, migrations in flight end as described above, every outcome completes, and
     * the threads are joined. Later calls fail with {@code UNREACHABLE}. Idempotent.
     */
    @Deactivate
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        driver.stopTicks();
        pool.stop();
        driver.close();
    }

    @Override
    public PoolId pool() {
        return pool.pool();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Set<Capability> capabilities() {
        return pool.capabilities();
    }

    /** The simulator knows its link, so policies plan with the real bandwidth. */
    @Override
    public Optional<LinkSpec> migrationLink() {
        return Optional.of(pool.link());
    }

    @Override
    public ClusterSnapshot snapshot() throws HypervisorException {
        return pool.snapshot();
    }

    @Override
    public Optional<MetricWindow> metrics(String subject, Metric metric, int samples) throws HypervisorException {
        return pool.metrics(subject, metric, samples);
    }

    @Override
    public MigrationHandle migrate(MigrationId id, MigrationRequest request, MigrationSteering steering)
            throws HypervisorException {
        return pool.migrate(id, request, steering);
    }

    /** @return the pool's state, for tests in this package */
    SimulatedPool simulation() {
        return pool;
    }

    /** @return the validated configuration */
    PoolSettings settings() {
        return settings;
    }

    @Override
    public String toString() {
        return "SimulatedPoolAdapter[" + settings.poolName() + "]";
    }
}
