package io.ferry.shell.internal;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.HostState;
import io.ferry.api.model.PoolId;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.compare.DatacenterReports;
import io.ferry.compare.DatacenterRun;
import io.ferry.compare.DatacenterRunner;
import io.ferry.compare.RecordingDatacenter;
import io.ferry.controller.ControllerException;
import io.ferry.controller.FerryController;
import io.ferry.controller.PoolStatus;
import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.Candidates;
import io.ferry.datacenter.ControllerGuard;
import io.ferry.datacenter.DatacenterResult;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.MigrationModel;
import io.ferry.datacenter.PageLevelMigrationModel;
import io.ferry.guard.GuardRules;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code migration:compare --datacenter --recording POOL}: the data-centre comparison of {@code ./ferry datacenter}
 * on a pool's recorded telemetry. The pool's snapshot gives the hosts and its recording the VMs and their CPU
 * series ({@link RecordingDatacenter}: ML110 G5's MIPS and power where a pool reports neither); candidates are
 * named as on the command line ({@link Candidates}: {@code npa}, {@code dvfs}, an agent factory's name or
 * {@code NAME-NUMBER}) over the agent factories installed as OSGi services; the page-level model runs the pool's
 * active policy (or the one {@code --policies} names) with the pool's downtime budget and inferred dirty rate;
 * {@code --guard} puts the controller's guard, with its default rules, between the agents and the execution.
 * Prints the same table as the command line and writes the same four reports. Reads the pool, touches no VM.
 *
 * <p>Cost: one candidate-day per candidate on the engine, on as many threads as processors; a recording of an
 * hour at a 60 s interval is 60 intervals, milliseconds per candidate for a small pool.
 */
final class DatacenterComparison {

    /** The scheduling interval by default, in seconds: an hour's recording gives 60 intervals. */
    static final double DEFAULT_INTERVAL_SECONDS = 60;

    private final FerryController controller;
    private final Supplier<MigrationModel> cloudSim;
    private final DatacenterRunner.Simulation simulation;

    DatacenterComparison(FerryController controller, Supplier<MigrationModel> cloudSim,
            DatacenterRunner.Simulation simulation) {
        this.controller = controller;
        this.cloudSim = cloudSim;
        this.simulation = simulation;
    }

    /** What the operator asked for; nulls where an option was not given. */
    record Request(PoolId pool, String agents, String migrationModel, String policy, Double intervalSeconds,
            Integer vms, boolean guard, long seed, Path out, boolean noFormat, String commandLine) {
    }

    /**
     * Runs the comparison and prints it.
     *
     * @param factories the installed agent factories, highest ranking first
     * @throws IllegalArgumentException with one line on bad input (refused before anything runs)
     */
    void run(Request request, List<MigrationAgentFactory> factories, PrintStream console)
            throws ControllerException, IOException {
        String model = request.migrationModel() == null ? "cloudsim" : request.migrationModel().strip();
        if (!List.of("cloudsim", "page-level").contains(model)) {
            throw new IllegalArgumentException("--migration-model = " + request.migrationModel()
                    + ": must be one of cloudsim, page-level");
        }
        double interval = request.intervalSeconds() == null ? DEFAULT_INTERVAL_SECONDS : request.intervalSeconds();
        if (!(interval > 0) || Double.isInfinite(interval)) {
            throw new IllegalArgumentException("--interval = " + request.intervalSeconds() + ": must be > 0 seconds");
        }
        int maxVms = request.vms() == null ? Integer.MAX_VALUE : request.vms();
        if (maxVms < 1) {
            throw new IllegalArgumentException("--vms = " + maxVms + ": must be >= 1");
        }
        PoolStatus status = controller.pool(request.pool()).orElseThrow(() -> new IllegalArgumentException(
                "unknown pool '" + request.pool() + "'"));
        Optional<MigrationPolicy> policy = model.equals("page-level") ? Optional.of(policy(request, status))
                : Optional.empty();
        List<String> names = names(request, new Candidates(factories));
        List<HostState> hosts = status.snapshot().map(s -> s.hosts()).orElseThrow(() -> new IllegalArgumentException(
                "pool " + request.pool() + " has no snapshot yet (its hypervisor has not answered): try again in a "
                        + "moment"));
        RecordingDatacenter day = RecordingDatacenter.of(controller.recording(request.pool(), maxVms), hosts,
                interval);
        MigrationModel shared = policy.map(p -> pageLevel(p, day, request.seed())).orElse(null);
        List<DatacenterSetup> setups = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        Candidates rules = new Candidates(factories);
        for (String name : names) {
            DatacenterSetup setup = day.setup(shared != null ? shared : cloudSim.get(), request.seed());
            if (request.guard()) {
                setup = setup.withGuard(ControllerGuard.factory(GuardRules.defaults()));
            }
            setups.add(setup);
            candidates.add(rules.candidate(name, setup));
        }

        List<DatacenterResult> results;
        try {
            results = new DatacenterRunner(Runtime.getRuntime().availableProcessors(), simulation).run(candidates,
                    setups, day.workload(), new ProgressLines(console));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            console.println("cancelled: " + e.getMessage() + "; nothing written");
            return;
        } finally {
            candidates.forEach(Candidate::closeAgent);
        }
        DatacenterRun run = new DatacenterRun(day.workload().label(), day.hosts(), day.workload().vms(), model,
                policy.map(MigrationPolicy::name), request.seed(), interval, results);
        console.println();
        table(run).print(console, !request.noFormat());
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("command", request.commandLine());
        parameters.put("pool", request.pool().value());
        parameters.put("guard", request.guard() ? "the controller's guard, default rules" : "none");
        parameters.put("host type", "per host: its CPUs and memory, " + RecordingDatacenter.DEFAULT_MIPS_PER_CPU
                + " MIPS per CPU and ML110 G5's power curve (the pool reports neither)");
        List<Path> files;
        try {
            files = DatacenterReports.writeAll(run, parameters, request.out());
        } catch (IOException e) {
            throw new IOException("could not write the reports to " + request.out() + ": " + e.getMessage(), e);
        }
        console.println();
        for (Path file : files) {
            console.println(file.toAbsolutePath());
        }
    }

    private MigrationPolicy policy(Request request, PoolStatus status) {
        String name = request.policy() == null ? status.selection().policy() : request.policy().strip();
        if (name.contains(",")) {
            throw new IllegalArgumentException("--policies = " + request.policy() + ": with --datacenter, name the "
                    + "one policy the page-level model runs");
        }
        return controller.policy(name).orElseThrow(() -> new IllegalArgumentException("unknown policy '" + name
                + "': the page-level model runs an installed policy"));
    }

    /** @return the candidates' names, checked before the pool is recorded: unknown or repeated ones refused */
    private static List<String> names(Request request, Candidates rules) {
        List<String> names = request.agents() == null ? rules.names()
                : Arrays.stream(request.agents().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("--agents = " + request.agents() + ": name at least one agent");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException("--agents = " + request.agents() + ": '" + name
                        + "' appears twice");
            }
        }
        return names;
    }

    private static MigrationModel pageLevel(MigrationPolicy policy, RecordingDatacenter day, long seed) {
        PageLevelMigrationModel.Settings settings = PageLevelMigrationModel.Settings.DEFAULTS.withSeed(seed)
                .withPagesPerBusyVcpuSecond(day.inferredDirtyPagesPerCpuSecond());
        Duration budget = day.downtimeBudget();
        if (budget != null && budget.compareTo(Duration.ZERO) > 0) {
            settings = settings.withDowntimeBudget(budget);
        }
        return new PageLevelMigrationModel(policy, settings);
    }

    private static ShellTable table(DatacenterRun run) {
        ShellTable t = new ShellTable();
        List<String> header = DatacenterReports.tableHeader(run);
        for (int i = 0; i < header.size(); i++) {
            var column = t.column(header.get(i));
            if (i > 0) {
                column.alignRight();
            }
        }
        for (List<String> row : DatacenterReports.tableRows(run)) {
            t.addRow().addContent(row.toArray());
        }
        return t;
    }

    /** One line per candidate as it finishes, and the share done at each tenth. */
    private static final class ProgressLines implements DatacenterRunner.Listener {

        private final PrintStream console;
        private int printedStep;

        ProgressLines(PrintStream console) {
            this.console = console;
        }

        @Override
        public void onIntervals(long done, long expected) {
            int step = (int) Math.min(9, done * 10 / expected);
            if (step > printedStep) {
                printedStep = step;
                console.printf(Locale.ROOT, "datacenter: %d %%%n", step * 10);
                console.flush();
            }
        }

        @Override
        public void onFinished(int finished, int total, DatacenterResult r) {
            int width = Integer.toString(total).length();
            console.printf(Locale.ROOT, "[%" + width + "d/%d] %s done: %.3f kWh, %,d migrations%n", finished, total,
                    r.candidate(), r.day().energyKWh(), r.day().migrations());
            console.flush();
        }
    }
}
