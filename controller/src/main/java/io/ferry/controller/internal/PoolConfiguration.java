package io.ferry.controller.internal;

import io.ferry.controller.FerryController;
import io.ferry.guard.GuardRules;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The typed settings of one pool, factory PID {@value FerryController#POOL_FACTORY_PID}
 * ({@code etc/io.ferry.pool-NAME.cfg}): the web console and {@code config:} show these attributes with their
 * defaults. {@link PoolSettings#parse} checks the ranges given here and turns them into a pool's settings; an
 * attribute {@code a_b} is the key {@code a.b}. The guard's defaults are {@link GuardRules}' named constants, so
 * that the controller and the data-centre engine start from the same rules.
 */
@ObjectClassDefinition(name = "Ferry pool", factoryPid = FerryController.POOL_FACTORY_PID,
        description = "One pool's strategies, control cycle, guard and migration assumptions. A selection made in "
                + "the shell (migration:use, migration:dry-run) is written back here.")
@interface PoolConfiguration {

    @AttributeDefinition(name = "Pool", required = false,
            description = "The pool (an adapter's pool.name). Empty: the configuration's name (io.ferry.pool-NAME).")
    String pool_name() default "";

    @AttributeDefinition(name = "Policy", description = "The active migration policy (its policy.name).")
    String policy() default "precopy";

    @AttributeDefinition(name = "Agent", description = "The active decision agent (its agent.name).")
    String agent() default "threshold";

    @AttributeDefinition(name = "Predictor", required = false,
            description = "The active predictor (its predictor.name); its forecasts reach the agent and, for the "
                    + "dirty-page rate, the policy's migration requests. Empty: none.")
    String predictor() default "";

    @AttributeDefinition(name = "Dry run", description = "Decide and record, execute nothing.")
    boolean dryRun() default false;

    @AttributeDefinition(name = "Cycle interval (s)", description = "Time between control cycles, 1 to 3600.")
    double intervalSeconds() default 10;

    @AttributeDefinition(name = "Migrations per pool", description = "Migrations in flight in the pool, 1 to 64.")
    int maxConcurrentPerPool() default GuardRules.DEFAULT_MAX_CONCURRENT_PER_POOL;

    @AttributeDefinition(name = "Migrations per host",
            description = "Migrations in flight per host, in or out, 1 to 16.")
    int maxConcurrentPerHost() default GuardRules.DEFAULT_MAX_CONCURRENT_PER_HOST;

    @AttributeDefinition(name = "Cooldown (s)", description = "A VM that moved is left alone this long, 0 to 86400.")
    long cooldownSeconds() default GuardRules.DEFAULT_COOLDOWN_SECONDS;

    @AttributeDefinition(name = "Failure back-off (s)",
            description = "A VM whose migration failed is skipped this long, 0 to 86400.")
    long failureBackoffSeconds() default GuardRules.DEFAULT_FAILURE_BACKOFF_SECONDS;

    @AttributeDefinition(name = "Hot threshold",
            description = "Hysteresis: a source host must be at least this busy (CPU share, 0 to 1)...")
    double hotThreshold() default GuardRules.DEFAULT_HOT_THRESHOLD;

    @AttributeDefinition(name = "Hold (s)", description = "... for at least this long before a VM leaves it, "
            + "0 to 3600.")
    long holdSeconds() default GuardRules.DEFAULT_HOLD_SECONDS;

    @AttributeDefinition(name = "Minimum improvement",
            description = "... and the move must narrow the CPU gap by this much (0 to 1).")
    double minImprovement() default GuardRules.DEFAULT_MIN_IMPROVEMENT;

    @AttributeDefinition(name = "Anti-affinity prefix", required = false,
            description = "VM tags with this prefix name anti-affinity groups. Empty: no groups.")
    String antiAffinityPrefix() default GuardRules.DEFAULT_ANTI_AFFINITY_PREFIX;

    @AttributeDefinition(name = "Migration time-out (s)",
            description = "Cancel a migration still running after this, 1 to 86400.")
    long migrationTimeoutSeconds() default 900;

    @AttributeDefinition(name = "Link (Gbit/s)",
            description = "The migration link when the adapter does not know it, 0.001 to 400.")
    double linkGbps() default 1;

    @AttributeDefinition(name = "Link RTT (ms)", description = "Its round-trip time, 0 to 1000.")
    double rttMs() default 0.5;

    @AttributeDefinition(name = "Downtime budget (ms)",
            description = "The SLA downtime budget handed to policies, 1 to 600000.")
    long downtimeBudgetMs() default 300;

    @AttributeDefinition(name = "Page size (bytes)", description = "Guest page size, a power of two, 512 to 2097152.")
    long pageSizeBytes() default 4096;

    @AttributeDefinition(name = "Execution state (bytes)",
            description = "CPU and device state sent during the pause, 0 to 17179869184.")
    long executionStateBytes() default 1L << 20;

    @AttributeDefinition(name = "Inferred dirty pages per CPU-second",
            description = "Where the hypervisor measures no dirty rate (XenServer), assume this many page writes per "
                    + "busy vCPU-second, 0 to 10000000.")
    double inferredDirtyPagesPerCpuSecond() default 2000;

    @AttributeDefinition(name = "Forecast steps",
            description = "How many steps ahead the selected predictor forecasts for each migration request, "
                    + "1 to 1000.")
    int forecastSteps() default 6;

    @AttributeDefinition(name = "Forecast ledger",
            description = "How many forecasts the pool keeps until the round they are for arrives, when each is "
                    + "written to the audit log beside what was then measured (FORECAST records: forecast, observed, "
                    + "error); the oldest are dropped beyond it. 1 to 1000000; 2000 holds one round of forecasts for "
                    + "a pool of about 1000 VMs and hosts.")
    int forecastLedger() default 2000;
}
