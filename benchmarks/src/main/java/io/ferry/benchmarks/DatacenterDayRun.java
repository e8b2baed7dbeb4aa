package io.ferry.benchmarks;

import io.ferry.api.model.Capability;
import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.DatacenterResult;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.CloudSimMigrationModel;
import io.ferry.datacenter.DatacenterWorkloads;
import io.ferry.datacenter.DatacenterSimulation;
import io.ferry.datacenter.DatacenterWorkload;
import io.ferry.datacenter.DayMetrics;
import io.ferry.datacenter.MigrationModel;
import io.ferry.datacenter.PageLevelMigrationModel;
import io.ferry.engine.EngineSettings;
import io.ferry.engine.LiveMigrationEngine;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Times {@link DatacenterSimulation#run} per agent-day, the figure of issue 9's performance targets (≤ 3 s per
 * agent-day under the {@code cloudsim} migration model, ≤ 15 s under {@code page-level}; CloudSim 3.0.3 needs about
 * 62 s on one core): a PlanetLab day in CloudSim's set-up ({@link DatacenterSetup#cloudSim}), each agent under each
 * migration model, {@code warmup} runs then {@code runs} measured runs, one after another on one thread, and the
 * median, min and max of the measured runs' wall-clock seconds beside the day's main metrics.
 *
 * <p>Every run builds its candidate (so its agent starts with no history) and, under {@code page-level}, its own
 * {@link PageLevelMigrationModel} with an empty cache: each measured agent-day pays for every engine run its
 * migrations need, as a {@code ./ferry datacenter} run of one agent does. The model's statistics (engine runs, jobs
 * answered from the cache) are printed with the figures. Loading the workload is timed apart and not counted.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.ferry.benchmarks.DatacenterDayRun [key=value …]}
 * with keys {@code workload} (default {@value #DEFAULT_WORKLOAD}, relative to the working directory),
 * {@code hosts} (800), {@code seed} (42), {@code agents} (comma-separated, default
 * {@value #DEFAULT_AGENTS}: {@code npa} and {@code dvfs} are the references without an agent, any other name is
 * an agent found through its {@code MigrationAgentFactory}), {@code models} ({@code cloudsim,page-level}),
 * {@code policy} (the page-level model's migration policy, {@code precopy}), {@code cpuStep} (the page-level
 * model's CPU quantisation step, 0.05), {@code pageOrder} (true: the engine offers every capability; false: no
 * {@code PAGE_ORDER}, as QEMU, so a policy that orders pages does without), {@code warmup} (1) and {@code runs} (3).
 * Cost: (warmup + runs) × agents × models day simulations.
 */
public final class DatacenterDayRun {

    static final String DEFAULT_WORKLOAD = "../shared/data/planetlab/20110303";
    static final String DEFAULT_AGENTS = "npa,dvfs,thr-mmt-0.8,lr-mmt-1.2";
    private static final Set<String> KEYS = Set.of("workload", "hosts", "seed", "agents", "models", "policy",
            "cpuStep", "pageOrder", "warmup", "runs");

    private DatacenterDayRun() {
    }

    /** Runs the benchmark as the arguments say and prints one row per agent and model. */
    public static void main(String[] args) {
        RunArguments a = new RunArguments(args, KEYS);
        Path workload = Path.of(a.text("workload", DEFAULT_WORKLOAD));
        int hosts = a.integer("hosts", 800, 1, 100_000);
        long seed = a.longValue("seed", 42);
        List<String> agents = a.list("agents", DEFAULT_AGENTS);
        List<String> models = a.list("models", "cloudsim,page-level");
        String policy = a.text("policy", "precopy");
        PageLevelMigrationModel.Settings settings = PageLevelMigrationModel.Settings.DEFAULTS.withCpuStep(
                a.number("cpuStep", PageLevelMigrationModel.Settings.DEFAULT_CPU_STEP, 1e-6, 1));
        boolean pageOrder = switch (a.text("pageOrder", "true")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("pageOrder = " + a.text("pageOrder", "true")
                    + ": must be true or false");
        };
        int warmup = a.integer("warmup", 1, 0, 100);
        int runs = a.integer("runs", 3, 1, 100);
        for (String m : models) {
            if (!m.equals("cloudsim") && !m.equals(PageLevelMigrationModel.NAME)) {
                throw new IllegalArgumentException("models = " + m + ": must be cloudsim or page-level");
            }
        }
        run(workload, hosts, seed, agents, models, policy, settings, pageOrder, warmup, runs, System.out);
    }

    /**
     * @return every measured row, in the order printed
     */
    static List<Row> run(Path dir, int hosts, long seed, List<String> agents, List<String> models, String policy,
            PageLevelMigrationModel.Settings settings, boolean pageOrder, int warmup, int runs, PrintStream out) {
        Set<Capability> capabilities = EnumSet.allOf(Capability.class);
        if (!pageOrder) {
            capabilities.remove(Capability.PAGE_ORDER);
        }
        long loadStart = System.nanoTime();
        DatacenterWorkload workload = DatacenterWorkloads.planetLab(dir);
        out.printf(Locale.ROOT, "workload %s: %d VMs x %d samples, loaded in %.2f s (not counted); %d hosts, seed %d, "
                + "%d warm-up + %d measured runs per row; load average %s%n", workload.label(), workload.vms(),
                workload.samples(), (System.nanoTime() - loadStart) / 1e9, hosts, seed, warmup, runs,
                Percentiles.loadAverage());
        out.printf(Locale.ROOT, "%-10s %-12s %8s %8s %8s %10s %10s %10s %8s %12s %10s %8s%n", "model", "agent",
                "p50 s", "min s", "max s", "energy kWh", "migrations", "downtime s", "sla-viol", "bytes moved",
                "engine runs", "reused");
        List<Row> rows = new ArrayList<>();
        for (String modelName : models) {
            for (String agent : agents) {
                double[] seconds = new double[runs];
                DatacenterResult last = null;
                PageLevelMigrationModel.Statistics stats = null;
                for (int i = 0; i < warmup + runs; i++) {
                    MigrationModel model = modelName.equals(PageLevelMigrationModel.NAME)
                            ? new PageLevelMigrationModel(Plugins.policy(policy, java.util.Map.of()), settings,
                                    new LiveMigrationEngine(new EngineSettings(), capabilities))
                            : CloudSimMigrationModel.INSTANCE;
                    DatacenterSetup setup = DatacenterSetup.cloudSim(hosts, model, seed);
                    Candidate candidate = Plugins.candidate(agent, setup);
                    long start = System.nanoTime();
                    DatacenterResult result = DatacenterSimulation.run(setup, workload, candidate, k -> {
                    });
                    double s = (System.nanoTime() - start) / 1e9;
                    if (i >= warmup) {
                        seconds[i - warmup] = s;
                        last = result;
                        if (model instanceof PageLevelMigrationModel p) {
                            stats = p.statistics();
                        }
                    }
                }
                Row row = new Row(modelName, agent, seconds, last.day(), stats);
                rows.add(row);
                out.println(row.format());
            }
        }
        out.printf(Locale.ROOT, "page-level policy %s, CPU step %s, page order %s; load average %s%n", policy,
                settings.cpuStep(), pageOrder ? "offered" : "not offered", Percentiles.loadAverage());
        return rows;
    }

    /**
     * One measured row.
     *
     * @param model   the migration model's name
     * @param agent   the candidate's label
     * @param seconds wall-clock seconds of each measured run
     * @param day     the last measured run's metrics
     * @param stats   the last measured run's page-level model statistics; null under cloudsim
     */
    record Row(String model, String agent, double[] seconds, DayMetrics day, PageLevelMigrationModel.Statistics stats) {

        /** @return the median of the measured runs (nearest rank) */
        double median() {
            return Percentiles.of(Arrays.stream(seconds).boxed().toList()).p50();
        }

        String format() {
            double[] s = seconds.clone();
            Arrays.sort(s);
            return String.format(Locale.ROOT, "%-10s %-12s %8.2f %8.2f %8.2f %10.2f %10d %10s %8s %12s %10s %8s",
                    model, agent, median(), s[0], s[s.length - 1], day.energyKWh(), day.migrations(),
                    day.downtimeSecondsTotal().isPresent()
                            ? String.format(Locale.ROOT, "%.1f", day.downtimeSecondsTotal().getAsDouble()) : "-",
                    day.slaViolatingMigrations().isPresent() ? Long.toString(day.slaViolatingMigrations().getAsLong())
                            : "-",
                    day.bytesMoved().isPresent() ? Long.toString(day.bytesMoved().getAsLong()) : "-",
                    stats == null ? "-" : Long.toString(stats.engineRuns()),
                    stats == null ? "-" : Long.toString(stats.reused()));
        }
    }
}
