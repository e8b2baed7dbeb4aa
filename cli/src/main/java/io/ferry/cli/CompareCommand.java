package io.ferry.cli;

import io.ferry.api.MigrationPolicy;
import io.ferry.compare.Comparison;
import io.ferry.compare.ComparisonLimitException;
import io.ferry.compare.ComparisonListener;
import io.ferry.compare.ComparisonReports;
import io.ferry.compare.ComparisonRunner;
import io.ferry.compare.EngineProfile;
import io.ferry.compare.EngineProfiles;
import io.ferry.compare.ReportFiles;
import io.ferry.compare.ScenarioFileException;
import io.ferry.compare.ScenarioFiles;
import io.ferry.compare.ScenarioSuites;
import io.ferry.engine.EngineScenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry compare}: runs the chosen policies on a named suite or on scenario files with one seed, prints
 * the scorecard and writes results.json, results.csv and report.html. Every user mistake ends in one line on
 * stderr naming the parameter, the value and what is accepted, and exit status 2, whatever handlers the
 * {@code CommandLine} has; values are therefore checked here rather than by picocli's converters.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs migration policies side by side on the same scenarios and seed, prints a table and "
                + "writes results.json, results.csv and report.html (charts; works offline).",
                "Give exactly one of --suite or --scenario."},
        footer = {"", "Examples:",
                "  ferry compare --suite standard",
                "  ferry compare --policies precopy,hybrid --scenario web-vm.json --seed 7 --out out/web",
                "  ferry compare --suite smoke --set hybrid.thetaLinkFraction=0.6 --format json",
                "  ferry compare --profile qemu-tcg --scenario guest.json",
                "", "Exit status: 0 done, 2 a usage error or a run that cannot fit the memory limit (one line on stderr), "
                        + "1 an I/O failure or out of memory, 130 interrupted."})
public final class CompareCommand implements Callable<Integer> {

    /** Exit status of a usage error. */
    static final int USAGE = 2;
    /** Exit status when the output cannot be written. */
    static final int IO_FAILURE = 1;
    /** Exit status when interrupted, as a shell reports SIGINT. */
    static final int INTERRUPTED = 130;

    private static final List<String> FORMATS = List.of("table", "json", "csv");
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./,=:@%+-]+");

    @Spec
    CommandSpec spec;

    @Option(names = "--policies", split = ",", splitSynopsisLabel = ",", paramLabel = "NAME", defaultValue = "precopy,postcopy,hybrid",
            description = "Policies to compare, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> policies;

    @Option(names = "--suite", paramLabel = "NAME",
            description = "A named scenario suite: standard (7 scenarios, a few seconds), smoke (3, fast), "
                    + "standard-tcg or quick-tcg (the standard suite scaled to the QEMU/TCG testbed's guests).")
    String suite;

    @Option(names = "--profile", paramLabel = "NAME|FILE",
            description = "Run the engine as calibrated for a real hypervisor: qemu-tcg (QEMU 10 under TCG, "
                    + "measured with ./ferry fidelity --calibrate), ideal (the default: the textbook model), or a "
                    + "profile file (.json).")
    String profile;

    @Option(names = "--scenario", paramLabel = "FILE",
            description = "A scenario file (JSON, see the README); repeat for several.")
    List<Path> scenarioFiles = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the guests' writes, the same for every policy (default: ${DEFAULT-VALUE}).")
    String seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/compare",
            description = "Directory for results.json, results.csv and report.html (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--set", paramLabel = "POLICY.KEY=VALUE",
            description = "Override a policy's configuration, e.g. hybrid.thetaLinkFraction=0.6; repeatable. "
                    + "--list-settings shows the keys.")
    List<String> settings = new ArrayList<>();

    @Option(names = "--format", paramLabel = "table|json|csv", defaultValue = "table",
            description = "What to print on stdout (default: ${DEFAULT-VALUE}); the files are always written.")
    String format;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = "--list-settings", description = "List every policy's settings with defaults, and exit.")
    boolean listSettings;

    private final PolicyCatalog catalog = PolicyCatalog.standard();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        catalog.problems().forEach(p -> stderr.println("warning: " + p));
        try {
            if (listSettings) {
                stdout.print(settingsListing());
                stdout.flush();
                return 0;
            }
            return compare(stdout, stderr);
        } catch (UsageException | ComparisonLimitException e) {
            stderr.println(e.getMessage());
            stderr.flush();
            return USAGE;
        } catch (OutOfMemoryError e) {
            // the runner bounds the engine's page state; this is the rest of the heap running out
            stderr.println("out of memory after the engine's estimate fitted (max heap "
                    + Runtime.getRuntime().maxMemory() / (1L << 20) + " MiB): give Java more heap, e.g. "
                    + "JAVA_OPTS=-Xmx8g, or run fewer scenarios or policies at once");
            stderr.flush();
            return IO_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stderr.println("interrupted: " + e.getMessage());
            stderr.flush();
            return INTERRUPTED;
        } catch (IOException e) {
            stderr.println("--out = " + out + ": cannot write the results: " + OutputDirectory.reason(e));
            stderr.flush();
            return IO_FAILURE;
        }
    }

    private int compare(PrintWriter stdout, PrintWriter stderr) throws InterruptedException, IOException {
        if (!FORMATS.contains(format)) {
            throw new UsageException("--format = " + format + ": must be one of " + String.join(", ", FORMATS));
        }
        long seedValue = parseSeed();
        EngineProfile engineProfile = engineProfile();
        List<EngineScenario> scenarios = engineProfile.apply(scenarios());
        List<MigrationPolicy> chosen = policies();
        OutputDirectory.prepare("--out", out);

        ComparisonListener progress = quiet ? new ComparisonListener() {
        } : new ProgressPrinter(stderr);
        Comparison comparison = new ComparisonRunner(engineProfile.engine())
                .run(scenarios, chosen, seedValue, progress);
        ReportFiles files = ComparisonReports.writeAll(comparison, parameters(seedValue), out);

        PrintWriter pathsTo = format.equals("table") ? stdout : stderr;
        switch (format) {
            case "json" -> ComparisonReports.writeJson(comparison, stdout);
            case "csv" -> ComparisonReports.writeCsv(comparison, stdout);
            default -> {
                stdout.print(ComparisonReports.table(comparison));
                stdout.println();
            }
        }
        stdout.flush();
        for (Path file : files.all()) {
            pathsTo.println("wrote " + file.toAbsolutePath().normalize());
        }
        pathsTo.flush();
        return 0;
    }

    private EngineProfile engineProfile() {
        if (profile == null) {
            return EngineProfile.IDEAL;
        }
        try {
            return EngineProfiles.resolve(profile.strip());
        } catch (ScenarioFileException e) {
            throw new UsageException("--profile: " + e.getMessage(), e);
        }
    }

    private long parseSeed() {
        try {
            return Long.parseLong(seed.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--seed = " + seed + ": must be an integer", e);
        }
    }

    private List<EngineScenario> scenarios() {
        boolean hasSuite = suite != null;
        boolean hasFiles = !scenarioFiles.isEmpty();
        if (hasSuite == hasFiles) {
            throw new UsageException(hasSuite ? "--suite and --scenario are both given: give exactly one"
                    : "give exactly one of --suite NAME or --scenario FILE");
        }
        if (hasSuite) {
            return ScenarioSuites.byName(suite).orElseThrow(() -> new UsageException("unknown suite \"" + suite
                    + "\": known suites are " + String.join(", ", ScenarioSuites.names())));
        }
        List<EngineScenario> read = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Path file : scenarioFiles) {
            EngineScenario scenario;
            try {
                scenario = ScenarioFiles.read(file);
            } catch (ScenarioFileException e) {
                throw new UsageException(e.getMessage(), e);
            }
            if (!names.add(scenario.name())) {
                throw new UsageException(file + ": name = \"" + scenario.name() + "\": another --scenario has this "
                        + "name; names must be distinct");
            }
            read.add(scenario);
        }
        return read;
    }

    private List<MigrationPolicy> policies() {
        Set<String> seen = new HashSet<>();
        for (String name : policies) {
            if (!catalog.contains(name)) {
                throw new UsageException("unknown policy \"" + name + "\" in --policies: known policies are "
                        + String.join(", ", catalog.names()));
            }
            if (!seen.add(name)) {
                throw new UsageException("--policies = " + String.join(",", policies) + ": \"" + name
                        + "\" appears twice");
            }
        }
        Map<String, Map<String, String>> overrides = PolicyOverrides.parse(settings, catalog, policies);
        return policies.stream().map(name -> catalog.create(name, overrides.getOrDefault(name, Map.of()))).toList();
    }

    /** @return what the HTML report shows as the run's parameters */
    private Map<String, String> parameters(long seedValue) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("command", commandLine());
        p.put("policies", String.join(", ", policies));
        p.put("scenarios", suite != null ? "suite " + suite
                : scenarioFiles.stream().map(Path::toString).collect(Collectors.joining(", ")));
        p.put("seed", Long.toString(seedValue));
        p.put("profile", profile == null ? "ideal (the engine's textbook model)" : profile);
        p.put("settings", settings.isEmpty() ? "defaults" : String.join(", ", settings));
        p.put("out", out.toString());
        return p;
    }

    private String commandLine() {
        // the original arguments start with the subcommand's name
        List<String> words = new ArrayList<>(List.of("ferry"));
        spec.commandLine().getParseResult().originalArgs().forEach(a -> words.add(
                SHELL_SAFE.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'"));
        return String.join(" ", words);
    }

    private String settingsListing() {
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        for (String name : catalog.names()) {
            w.println(name + ":");
            for (PolicySetting s : catalog.settings(name)) {
                w.printf("  --set %s.%s=%s  (%s) %s%n", name, s.key(), s.defaultValue(), s.type(), s.description());
            }
        }
        w.flush();
        return text.toString();
    }
}
