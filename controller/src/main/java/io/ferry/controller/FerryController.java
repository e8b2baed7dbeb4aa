package io.ferry.controller;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Ferry's controller: runs the control cycle of every pool (snapshot, forecasts, agent, guard, policy,
 * adapter, audit) and lets operators steer it. Selections are persisted as configuration (factory PID
 * {@value #POOL_FACTORY_PID}, one per pool, {@code etc/io.ferry.pool-NAME.cfg} in Karaf) so that they survive restarts and
 * {@code config:} commands and {@code etc/} files see the same values; a change takes effect at the pool's
 * next decision, without restarting anything.
 */
@ProviderType
public interface FerryController {

    /** The factory PID of per-pool settings: {@code etc/io.ferry.pool-NAME.cfg}. */
    String POOL_FACTORY_PID = "io.ferry.pool";

    /** @return every pool the controller drives (one per hypervisor adapter), by name */
    List<PoolStatus> pools();

    /** @return the pool with this name, if the controller drives it */
    Optional<PoolStatus> pool(PoolId pool);

    /** @return every installed policy, agent and predictor, by kind then name */
    List<PluginInfo> plugins();

    /**
     * Selects the active policy, agent or predictor of a pool, from its next decision on. Refused, leaving the
     * selection as it was, when the name is not installed or when a policy needs a capability the pool's
     * hypervisor lacks (the message names it).
     *
     * @param name the plugin's name; for {@link PluginKind#PREDICTOR}, an empty string selects none
     * @return the selection now in force
     * @throws ControllerException with a one-line message when refused
     */
    Selection select(PoolId pool, PluginKind kind, String name) throws ControllerException;

    /**
     * Restores the selection that was in force before the last change made through {@link #select} or
     * configuration.
     *
     * @return the selection now in force
     * @throws ControllerException when the pool is unknown or has no previous selection
     */
    Selection rollback(PoolId pool) throws ControllerException;

    /**
     * Turns dry-run on or off for a pool: in dry-run the controller decides and records, and executes nothing.
     *
     * @return the selection now in force
     */
    Selection dryRun(PoolId pool, boolean on) throws ControllerException;

    /**
     * @param pool  a pool, or empty for all
     * @param limit the most recent records to return, &gt; 0
     * @return audit records, oldest first
     */
    List<AuditRecord> history(Optional<PoolId> pool, int limit);

    /**
     * Asks for one migration now, outside the agent, through the same guard (concurrency, maintenance,
     * anti-affinity, cooldown) and the pool's active policy.
     *
     * @return the migration's identity
     * @throws ControllerException with a one-line reason when the guard or the hypervisor refuses
     */
    MigrationId migrate(PoolId pool, VmId vm, HostId target) throws ControllerException;

    /**
     * @return what stops a pool from being driven at all, one line each: hypervisor adapters whose configuration
     *         was rejected (so no pool attached), each also recorded once in the history; then what the
     *         {@link TelemetryListener}s report (e.g. an unreachable broker, with the samples dropped), shown only
     *         (since 2.2); then what the {@link StatusSource}s report (since 2.3)
     */
    default List<String> problems() {
        return List.of();
    }

    /**
     * @return what the registered {@link StatusSource}s report, one line each in the order they were registered
     *         (e.g. the cluster member's group, generation and owned pools); their problems are in
     *         {@link #problems()}. Shown only, never recorded. Empty without sources (since 2.3)
     */
    default List<String> status() {
        return List.of();
    }

    /** @return the installed policy with this name */
    Optional<MigrationPolicy> policy(String name);

    /**
     * Records a pool's recent telemetry for a comparison: its running VMs (up to {@code maxVms}, the busiest
     * first) with their measured dirty-rate and CPU series, and the pool's migration link and budget.
     * {@code io.ferry.compare.RecordingScenarios} turns it into engine scenarios.
     *
     * @throws ControllerException when the pool is unknown or unreachable, or {@code maxVms < 1}
     */
    PoolRecording recording(PoolId pool, int maxVms) throws ControllerException;
}
