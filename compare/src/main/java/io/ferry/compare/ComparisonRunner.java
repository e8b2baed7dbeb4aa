package io.ferry.compare;

import io.ferry.api.MigrationPolicy;
import io.ferry.compare.internal.ResultRows;
import io.ferry.engine.EngineScenario;
import io.ferry.engine.LiveMigrationEngine;
import io.ferry.engine.SimulationResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs every policy on every scenario in the page-level engine, with one seed, so that all policies on a
 * scenario face the same guest writes, and gathers one {@link ResultRow} per pair, scenario-major. The runs are
 * independent (each has its own seeded generator; policies are stateless services), so they are spread over
 * {@code parallelism} threads; the result depends only on the scenarios, the policies' configurations and the
 * seed, never on the number of threads or their timing.
 *
 * <p>Memory is bounded by design: before anything runs, each run's heap is computed
 * ({@link LiveMigrationEngine#heapBytes}: every concurrent migration's page state) and a comparison with a run
 * that exceeds {@link #memoryLimitBytes()} is refused with a {@link ComparisonLimitException}; while it runs,
 * a run starts only once the heap of the runs in progress plus its own fits the limit, so the threads never hold
 * more than the limit between them (a large run waits for the others and then runs alone).
 *
 * <p>Cancellation: interrupting the calling thread stops the comparison (runs in progress complete, no new run
 * starts). Cost: the sum of the engine's runs, O(guest writes + pages sent) each, divided over the threads; the
 * {@code standard} suite with three policies takes about a second of CPU. Thread-safe: holds no state between
 * calls. The listener is called from the worker threads, one call at a time.
 *
 * <p>When not to use it: for data-centre metrics (energy, SLATAH, PDM), which need the data-centre engine, or
 * to compare policies on a real pool, where each migration happens once and cannot be replayed.
 */
public final class ComparisonRunner {

    /** Default share of the JVM's maximum heap that the runs in progress may hold together. */
    public static final double DEFAULT_HEAP_SHARE = 0.5;
    /** The unit of the limit's semaphore: a permit per KiB. */
    private static final long KIB = 1L << 10;

    private final LiveMigrationEngine engine;
    private final int parallelism;
    private final long memoryLimit;

    /** A runner on an engine with default settings, using every available processor. */
    public ComparisonRunner() {
        this(new LiveMigrationEngine());
    }

    /** @param engine the engine to run on; runs use every available processor */
    public ComparisonRunner(LiveMigrationEngine engine) {
        this(engine, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param engine      the engine to run on
     * @param parallelism how many runs at once, &gt;= 1 (1: one after another on the calling thread)
     */
    public ComparisonRunner(LiveMigrationEngine engine, int parallelism) {
        this(engine, parallelism, (long) (DEFAULT_HEAP_SHARE * Runtime.getRuntime().maxMemory()));
    }

    /**
     * @param engine           the engine to run on
     * @param parallelism      how many runs at once, &gt;= 1 (1: one after another on the calling thread)
     * @param memoryLimitBytes the heap the runs in progress may hold together, &gt;= 1 KiB (default
     *                         {@value #DEFAULT_HEAP_SHARE} of the JVM's maximum heap)
     */
    public ComparisonRunner(LiveMigrationEngine engine, int parallelism, long memoryLimitBytes) {
        this.engine = Objects.requireNonNull(engine, "engine");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism = " + parallelism + ": must be >= 1");
        }
        if (memoryLimitBytes < KIB) {
            throw new IllegalArgumentException("memoryLimitBytes = " + memoryLimitBytes + ": must be >= " + KIB);
        }
        this.parallelism = parallelism;
        this.memoryLimit = memoryLimitBytes;
    }

    /** @return the heap the runs in progress may hold together, bytes */
    public long memoryLimitBytes() {
        return memoryLimit;
    }

    /** Runs the comparison without reporting progress; see {@link #run(List, List, long, ComparisonListener)}. */
    public Comparison run(List<EngineScenario> scenarios, List<? extends MigrationPolicy> policies, long seed)
            throws InterruptedException {
        return run(scenarios, policies, seed, new ComparisonListener() {
        });
    }

    /**
     * @param scenarios the scenarios, at least one, with distinct names
     * @param policies  the policies, at least one, with distinct names
     * @param seed      the seed of every run
     * @param listener  hears each run start and finish
     * @return the rows, scenario-major
     * @throws InterruptedException     when the thread was interrupted; the interrupt status is cleared
     * @throws ComparisonLimitException when a run alone needs more heap than {@link #memoryLimitBytes()}; nothing
     *                                  has run then
     * @throws IllegalArgumentException when a list is empty or has duplicate names
     */
    public Comparison run(List<EngineScenario> scenarios, List<? extends MigrationPolicy> policies, long seed,
            ComparisonListener listener) throws InterruptedException {
        Objects.requireNonNull(listener, "listener");
        List<String> scenarioNames = distinctNames("scenarios", scenarios.stream().map(EngineScenario::name).toList());
        List<String> policyNames = distinctNames("policies", policies.stream().map(MigrationPolicy::name).toList());
        int total = scenarios.size() * policies.size();
        List<Callable<ResultRow>> runs = new ArrayList<>(total);
        List<Integer> permits = new ArrayList<>(total);
        for (EngineScenario scenario : scenarios) {
            for (MigrationPolicy policy : policies) {
                permits.add(permitsOf(scenario, policy));
            }
        }
        for (EngineScenario scenario : scenarios) {
            for (MigrationPolicy policy : policies) {
                int index = runs.size();
                runs.add(() -> {
                    synchronized (listener) {
                        listener.onStart(index, total, scenario.name(), policy.name());
                    }
                    ResultRow row = ResultRows.of(scenario, seed, engine.simulate(scenario, policy, seed));
                    synchronized (listener) {
                        listener.onDone(index, total, row);
                    }
                    return row;
                });
            }
        }
        List<ResultRow> rows = parallelism == 1 || total == 1 ? runInline(runs) : runOnThreads(runs, permits);
        return new Comparison(seed, scenarioNames, policyNames, rows);
    }

    /**
     * @return the run's heap in KiB permits of the limit's semaphore
     * @throws ComparisonLimitException when it exceeds the limit
     */
    private int permitsOf(EngineScenario scenario, MigrationPolicy policy) {
        long need = engine.heapBytes(scenario, policy);
        if (need > memoryLimit) {
            throw new ComparisonLimitException("scenario " + scenario.name() + " with policy " + policy.name()
                    + " needs about " + gib(need) + " of heap for the engine's page state ("
                    + scenario.concurrentMigrations() + " concurrent migration"
                    + (scenario.concurrentMigrations() == 1 ? "" : "s") + " of " + gib(scenario.memoryBytes())
                    + "), more than the comparison's memory limit of " + gib(memoryLimit)
                    + ": lower the memory or concurrentMigrations, or give the JVM more heap (-Xmx)");
        }
        return (int) Math.min(limitPermits(), Math.max(1, (need + KIB - 1) / KIB));
    }

    private int limitPermits() {
        return (int) Math.min(Integer.MAX_VALUE, memoryLimit / KIB);
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    private static List<ResultRow> runInline(List<Callable<ResultRow>> runs) throws InterruptedException {
        List<ResultRow> rows = new ArrayList<>(runs.size());
        for (Callable<ResultRow> run : runs) {
            if (Thread.interrupted()) {
                throw new InterruptedException("comparison cancelled after " + rows.size() + " of " + runs.size()
                        + " runs");
            }
            rows.add(call(run));
        }
        return rows;
    }

    private List<ResultRow> runOnThreads(List<Callable<ResultRow>> runs, List<Integer> permits)
            throws InterruptedException {
        // fair: a large run waiting for the heap is not overtaken for ever by small ones
        Semaphore memory = new Semaphore(limitPermits(), true);
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, runs.size()), r -> {
            Thread t = new Thread(r, "ferry-compare-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Future<ResultRow>> futures = new ArrayList<>(runs.size());
        try {
            for (int i = 0; i < runs.size(); i++) {
                Callable<ResultRow> run = runs.get(i);
                int need = permits.get(i);
                futures.add(pool.submit(() -> {
                    memory.acquire(need);
                    try {
                        return run.call();
                    } finally {
                        memory.release(need);
                    }
                }));
            }
            List<ResultRow> rows = new ArrayList<>(runs.size());
            for (Future<ResultRow> f : futures) {
                rows.add(f.get());
            }
            return rows;
        } catch (InterruptedException e) {
            pool.shutdownNow();
            long finished = futures.stream().filter(f -> f.isDone() && !f.isCancelled()).count();
            throw new InterruptedException("comparison cancelled after " + finished + " of " + runs.size() + " runs");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private static ResultRow call(Callable<ResultRow> run) {
        try {
            return run.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> distinctNames(String what, List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException(what + ": at least one is needed");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException(what + ": \"" + name + "\" appears twice; names must be distinct");
            }
        }
        return names;
    }
}
