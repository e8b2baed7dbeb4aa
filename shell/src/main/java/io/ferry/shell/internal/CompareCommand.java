package io.ferry.shell.internal;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.PoolId;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.compare.DatacenterRunner;
import io.ferry.compare.RecordingScenarios;
import io.ferry.compare.Comparison;
import io.ferry.compare.ComparisonListener;
import io.ferry.compare.ComparisonReports;
import io.ferry.compare.ComparisonRunner;
import io.ferry.compare.ReportFiles;
import io.ferry.compare.ResultRow;
import io.ferry.compare.ScenarioSuites;
import io.ferry.controller.ControllerException;
import io.ferry.controller.PluginInfo;
import io.ferry.controller.PluginKind;
import io.ferry.datacenter.CloudSimMigrationModel;
import io.ferry.datacenter.DatacenterSimulation;
import io.ferry.datacenter.MigrationModel;
import io.ferry.engine.EngineScenario;
import io.ferry.shell.internal.completers.AgentNameCompleter;
import io.ferry.shell.internal.completers.PolicyNameCompleter;
import io.ferry.shell.internal.completers.PoolNameCompleter;
import io.ferry.shell.internal.completers.SuiteNameCompleter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * {@code migration:compare}: runs the installed policies side by side, in this JVM, on the page-level engine with
 * one seed — on a named scenario suite, or on a pool's recent telemetry turned into scenarios
 * ({@code controller.recording}) — and prints one scorecard row per scenario and policy with the policy's
 * prediction beside the measurement; then writes {@code results.json}, {@code results.csv} and
 * {@code report.html}. Decides nothing and touches no VM: the pool is only read.
 *
 * <p>With {@code --datacenter --recording POOL} it compares agents instead, on a data-centre day made of the pool's
 * hosts and recorded CPU series ({@link DatacenterComparison}), with the candidates and reports of
 * {@code ./ferry datacenter}.
 *
 * <p>Cost: the sum of the engine's runs on the command's thread (the {@code smoke} suite takes well under a
 * second, {@code standard} with three policies a few seconds; a recording costs one run per VM and policy).
 * Ctrl-C interrupts the thread: the comparison stops before its next run and writes nothing.
 */
@Command(scope = "migration", name = "compare",
        description = "Compares the installed policies side by side on a scenario suite (--suite) or on a pool's "
                + "recent telemetry (--recording POOL), prints the scorecard and writes results.json, results.csv "
                + "and report.html; with --datacenter --recording POOL, compares agents on a data-centre day of the "
                + "pool's recorded load (datacenter.json, .csv, -intervals.csv, .html). Ctrl-C stops it between runs.")
@Service
public class CompareCommand extends MigrationCommandSupport {

    /** The default seed of every run. */
    static final long DEFAULT_SEED = 42;
    /** How many of a pool's busiest VMs {@code --recording} turns into scenarios by default. */
    static final int DEFAULT_RECORDING_VMS = 5;
    /** Where the reports go by default, below {@code ${karaf.data}}. */
    static final String OUT_FOLDER = "ferry";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
    private static final double GIB = 1L << 30;

    @Option(name = "--policies", description = "Policies to compare, comma-separated (default: every installed policy)")
    @Completion(PolicyNameCompleter.class)
    String policies;

    @Option(name = "--suite", description = "A named scenario suite: smoke (3 small scenarios) or standard (7)")
    @Completion(SuiteNameCompleter.class)
    String suite;

    @Option(name = "--recording", description = "A pool whose recent telemetry becomes the scenarios, one per VM")
    @Completion(PoolNameCompleter.class)
    String recording;

    @Option(name = "--vms", description = "With --recording: the most VMs to replay, busiest first (default 5)")
    Integer vms;

    @Option(name = "--seed", description = "The seed of every run, the same for every policy (default 42)")
    long seed = DEFAULT_SEED;

    @Option(name = "--out", description = "Directory for the reports (default: ${karaf.data}/ferry/compare-<time>)")
    String out;

    @Option(name = "--no-format", description = "Disable table rendered output (tab-separated, no borders)")
    boolean noFormat;

    @Option(name = "--datacenter", description = "With --recording POOL: compare agents on a data-centre day made "
            + "of the pool's hosts and its VMs' recorded CPU series (as ./ferry datacenter does on trace files) and "
            + "write datacenter.json, .csv, -intervals.csv and .html")
    boolean datacenter;

    @Option(name = "--agents", description = "With --datacenter: candidates, comma-separated: npa, dvfs, an installed "
            + "agent factory's name or NAME-NUMBER for its parameter, e.g. lr-mmt-1.2 (default: npa, dvfs and every "
            + "installed agent)")
    @Completion(AgentNameCompleter.class)
    String agents;

    @Option(name = "--migration-model", description = "With --datacenter: cloudsim (RAM / bandwidth, CloudSim 3.0.3) "
            + "or page-level (the page-level engine running the pool's active policy, or the one --policies names); "
            + "default cloudsim")
    String migrationModel;

    @Option(name = "--interval", description = "With --datacenter: the scheduling interval in seconds; the recorded "
            + "series are averaged to it (default 60)")
    Double interval;

    @Option(name = "--guard", description = "With --datacenter: every decision passes the controller's guard with "
            + "its default rules (concurrency, cooldown, back-off, anti-affinity, memory), as it would in a pool "
            + "without guard configuration; default off")
    boolean guard;

    /** The installed agent factories when set (tests); else the bundle context's OSGi services. */
    Supplier<List<MigrationAgentFactory>> agentFactories;
    /** The CloudSim migration model of each candidate (stateless: one instance serves all). */
    Supplier<MigrationModel> cloudSimModel = () -> CloudSimMigrationModel.INSTANCE;
    /** One candidate's day; tests substitute a fake engine. */
    DatacenterRunner.Simulation simulation = DatacenterSimulation::run;

    /** Injected by Karaf, to read {@code karaf.data} and find the agent factories; null in tests. */
    @Reference
    BundleContext bundleContext;

    @Override
    protected void doExecute() throws ControllerException, IOException {
        if (datacenter) {
            compareOnDatacenter();
            return;
        }
        if (agents != null || migrationModel != null || interval != null || guard) {
            throw new IllegalArgumentException((agents != null ? "--agents" : migrationModel != null
                    ? "--migration-model" : interval != null ? "--interval" : "--guard")
                    + " applies to --datacenter only");
        }
        List<MigrationPolicy> candidates = policies();
        Map<String, String> parameters = new LinkedHashMap<>();
        List<EngineScenario> scenarios = scenarios(parameters);
        Path directory = out != null ? Path.of(out) : defaultDirectory("compare-");
        parameters.put("command", commandLine());

        PrintStream console = System.out;
        Comparison comparison;
        try {
            comparison = new ComparisonRunner().run(scenarios, candidates, seed, new ProgressLines(console));
        } catch (InterruptedException e) {
            console.println("cancelled: " + e.getMessage() + "; nothing written");
            return;
        }
        console.println();
        table(comparison).print(console, !noFormat);
        ReportFiles files;
        try {
            files = ComparisonReports.writeAll(comparison, parameters, directory);
        } catch (IOException e) {
            throw new IOException("could not write the reports to " + directory + ": " + e.getMessage(), e);
        }
        console.println();
        for (Path file : files.all()) {
            console.println(file.toAbsolutePath());
        }
    }

    private void compareOnDatacenter() throws ControllerException, IOException {
        if (suite != null || recording == null) {
            throw new IllegalArgumentException("--datacenter needs --recording POOL (and no --suite)");
        }
        PoolId pool = onePool(recording);
        Path directory = out != null ? Path.of(out) : defaultDirectory("datacenter-");
        DatacenterComparison.Request request = new DatacenterComparison.Request(pool, agents, migrationModel,
                policies, interval, vms, guard, seed, directory, noFormat, datacenterCommandLine());
        List<ServiceReference<MigrationAgentFactory>> references = new ArrayList<>();
        try {
            List<MigrationAgentFactory> factories = agentFactories != null ? agentFactories.get()
                    : installedAgentFactories(references);
            new DatacenterComparison(controller, cloudSimModel, simulation).run(request, factories, System.out);
        } finally {
            for (ServiceReference<MigrationAgentFactory> r : references) {
                bundleContext.ungetService(r);
            }
        }
    }

    /** @return the agent factories registered as OSGi services, highest ranking first; each got, to unget */
    private List<MigrationAgentFactory> installedAgentFactories(List<ServiceReference<MigrationAgentFactory>> got) {
        BundleContext context = bundleContext;
        if (context == null) {
            throw new IllegalArgumentException("no bundle context to find the installed agents in");
        }
        List<ServiceReference<MigrationAgentFactory>> all;
        try {
            all = new ArrayList<>(context.getServiceReferences(MigrationAgentFactory.class, null));
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        all.sort(Comparator.reverseOrder());
        List<MigrationAgentFactory> factories = new ArrayList<>();
        for (ServiceReference<MigrationAgentFactory> r : all) {
            MigrationAgentFactory f = context.getService(r);
            if (f != null) {
                got.add(r);
                factories.add(f);
            }
        }
        return factories;
    }

    private String datacenterCommandLine() {
        StringBuilder b = new StringBuilder("migration:compare --datacenter --recording ").append(recording);
        if (agents != null) {
            b.append(" --agents ").append(agents);
        }
        if (migrationModel != null) {
            b.append(" --migration-model ").append(migrationModel);
        }
        if (policies != null) {
            b.append(" --policies ").append(policies);
        }
        if (interval != null) {
            b.append(" --interval ").append(interval);
        }
        if (vms != null) {
            b.append(" --vms ").append(vms);
        }
        if (guard) {
            b.append(" --guard");
        }
        return b.append(" --seed ").append(seed).toString();
    }

    private List<MigrationPolicy> policies() {
        List<String> installed = controller.plugins().stream().filter(p -> p.kind() == PluginKind.POLICY)
                .map(PluginInfo::name).toList();
        List<String> names = policies == null ? installed
                : Arrays.stream(policies.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException(policies == null ? "no policy is installed"
                    : "--policies = " + policies + ": name at least one policy");
        }
        List<MigrationPolicy> out = new ArrayList<>();
        for (String name : names) {
            out.add(controller.policy(name).orElseThrow(() -> new IllegalArgumentException("unknown policy '" + name
                    + "': installed policies are " + (installed.isEmpty() ? "none" : Formats.join(installed)))));
        }
        return out;
    }

    private List<EngineScenario> scenarios(Map<String, String> parameters) throws ControllerException {
        if ((suite == null) == (recording == null)) {
            throw new IllegalArgumentException("give exactly one of --suite NAME or --recording POOL");
        }
        if (suite != null) {
            if (vms != null) {
                throw new IllegalArgumentException("--vms applies to --recording only");
            }
            parameters.put("scenarios", "suite " + suite);
            return ScenarioSuites.byName(suite).orElseThrow(() -> new IllegalArgumentException(
                    "unknown suite '" + suite + "': suites are " + Formats.join(ScenarioSuites.names())));
        }
        int max = vms == null ? DEFAULT_RECORDING_VMS : vms;
        if (max < 1) {
            throw new IllegalArgumentException("--vms = " + max + ": must be >= 1");
        }
        PoolId pool = onePool(recording);
        parameters.put("scenarios", "recording of pool " + pool + ", up to " + max + " VMs, busiest first");
        List<EngineScenario> scenarios = RecordingScenarios.of(controller.recording(pool, max));
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("pool " + pool + " has no running VM to record");
        }
        return scenarios;
    }

    private Path defaultDirectory(String prefix) {
        String data = bundleContext != null ? bundleContext.getProperty("karaf.data") : null;
        if (data == null) {
            data = System.getProperty("karaf.data");
        }
        if (data == null) {
            throw new IllegalArgumentException("karaf.data is not set: give --out DIR");
        }
        return Path.of(data, OUT_FOLDER, prefix + STAMP.format(LocalDateTime.now()));
    }

    private String commandLine() {
        StringBuilder b = new StringBuilder("migration:compare");
        if (policies != null) {
            b.append(" --policies ").append(policies);
        }
        if (suite != null) {
            b.append(" --suite ").append(suite);
        }
        if (recording != null) {
            b.append(" --recording ").append(recording);
        }
        if (vms != null) {
            b.append(" --vms ").append(vms);
        }
        return b.append(" --seed ").append(seed).toString();
    }

    private static ShellTable table(Comparison comparison) {
        ShellTable t = new ShellTable();
        t.column("Scenario");
        t.column("Policy");
        t.column("Technique");
        t.column("Total s").alignRight();
        t.column("Predicted total s").alignRight();
        t.column("Downtime ms").alignRight();
        t.column("Predicted downtime ms").alignRight();
        t.column("GiB sent").alignRight();
        t.column("Re-sent pages").alignRight();
        t.column("Rounds").alignRight();
        t.column("Faults").alignRight();
        t.column("Degraded s").alignRight();
        t.column("SLA");
        for (ResultRow r : comparison.rows()) {
            t.addRow().addContent(r.scenario(), r.policy(), Formats.technique(r.technique()),
                    number("%.2f", r.totalTimeMs() / 1e3),
                    r.predicted().map(p -> number("%.2f", p.totalTimeMs() / 1e3)).orElse(Formats.NONE),
                    number("%.1f", r.downtimeMs()),
                    r.predicted().map(p -> number("%.1f", p.downtimeMs())).orElse(Formats.NONE),
                    number("%.2f", r.bytesSent() / GIB), r.pagesResent(), r.rounds(), r.postcopyFaults(),
                    number("%.2f", r.degradedMs() / 1e3), r.slaViolated() ? "VIOLATED" : "ok");
        }
        return t;
    }

    private static String number(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }

    /** One line per run as it starts, e.g. {@code [ 3/21] heavy-writer · hybrid}. */
    private static final class ProgressLines implements ComparisonListener {

        private final PrintStream console;

        ProgressLines(PrintStream console) {
            this.console = console;
        }

        @Override
        public void onStart(int index, int total, String scenario, String policy) {
            int width = Integer.toString(total).length();
            console.printf(Locale.ROOT, "[%" + width + "d/%d] %s · %s%n", index + 1, total, scenario, policy);
            console.flush();
        }
    }
}
