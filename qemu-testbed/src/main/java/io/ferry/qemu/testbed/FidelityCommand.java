package io.ferry.qemu.testbed;

import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationPolicy;
import io.ferry.compare.EngineProfile;
import io.ferry.compare.EngineProfiles;
import io.ferry.compare.FidelityReports;
import io.ferry.compare.FidelityRow;
import io.ferry.compare.FidelitySummary;
import io.ferry.compare.GuestScenario;
import io.ferry.compare.ScenarioFileException;
import io.ferry.compare.ScenarioSuites;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry fidelity}: checks the engine against real migrations. Runs a guest suite (default
 * {@code validation-tcg}, the validation set, one run per point, each scenario with the policies it names and a
 * 20 s pre-copy timeout; {@code --suite standard-tcg}, the development set, 3 runs of every policy;
 * {@code --quick}: {@code quick-tcg}, one run each) on the QEMU testbed with each policy and
 * in the engine under a profile (default {@code qemu-tcg}), prints real vs simulated figures with their relative
 * errors, the real policies side by side (median and range over the runs) and the summary against the targets, and
 * writes fidelity.json, fidelity.csv and fidelity.html. Two other modes measure instead: {@code --calibrate FILE}
 * writes a new profile from the calibration migrations ({@link Calibration}); {@code --dirty-rates DIR} records the
 * dirty-rate dataset ({@link DirtyRateRecorder}): {@code --dirty-set v1} (the default) the four files of v1,
 * {@code v2} the 21 runs of v2 with CPU columns into DIR/v2/train and DIR/v2/test (about 23 minutes), {@code all}
 * both.
 *
 * <p>Exit status: 0 done (a missed target is a figure, not a failure), 2 a usage error (one line), 1 the testbed
 * cannot run here or a migration gave no outcome (one line), 130 interrupted. Cost: the full suite with 3 runs takes
 * about ten minutes on a 2-core machine; {@code --quick} about two. Also runnable on its own ({@link #main}).
 */
@Command(name = "fidelity", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Checks the engine against real migrations on the QEMU/TCG testbed: each scenario of a guest "
                + "suite runs on the testbed with each policy and in the engine under a calibration profile; prints "
                + "real vs simulated figures with relative errors and writes fidelity.json, fidelity.csv and "
                + "fidelity.html. The default suite, validation-tcg, is the validation set: measured in this run, "
                + "apart from the calibration migrations of --calibrate.",
                "--calibrate measures a profile instead; --dirty-rates records the dirty-rate dataset."},
        footer = {"", "Examples:",
                "  ferry fidelity --out out/validation            # the validation set, about 10 minutes",
                "  ferry fidelity --suite standard-tcg --out out/fidelity --runs 3",
                "  ferry fidelity --quick --out out/fidelity-quick",
                "  ferry fidelity --suite standard-tcg --scenarios idle,heavy-writer --policies precopy,hybrid",
                "  ferry fidelity --scenarios edge-uniform-17k,edge-uniform-18k --timeout 30",
                "  ferry fidelity --calibrate compare/src/main/resources/io/ferry/compare/profiles/qemu-tcg.json",
                "  ferry fidelity --dirty-rates data/dirty-rates",
                "  ferry fidelity --dirty-rates data/dirty-rates --dirty-set v2 --dirty-runs 1 --dirty-seconds 55",
                "", "Exit status: 0 done (missed targets are reported, not failures), 2 a usage error, 1 the testbed "
                + "failed, 130 interrupted."})
public final class FidelityCommand implements Callable<Integer> {

    static final int USAGE = 2;
    static final int FAILURE = 1;
    static final int INTERRUPTED = 130;
    /** The policies on the class path, found by name through ServiceLoader. */
    private final InstalledPolicies installed = InstalledPolicies.find();

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "The quick suite (idle, heavy-writer, hot-set-16mib), one run each: "
            + "about two minutes.")
    boolean quick;

    @Option(names = "--suite", paramLabel = "NAME", description = "The guest suite (default: validation-tcg, the "
            + "validation set, measured apart from the calibration; standard-tcg: the suite the profile was developed "
            + "against; --quick: quick-tcg).")
    String suite;

    @Option(names = "--timeout", paramLabel = "S", description = "Seconds a real pre-copy may run before it is "
            + "cancelled and reported as not converged; the engine gets the same time bound, 5 to 600 (default: 20 "
            + "for validation-tcg, 90 otherwise).")
    Integer timeout;

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME", description = "Only these scenarios of the "
            + "suite, comma-separated.")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--policies", split = ",", paramLabel = "NAME", defaultValue = "precopy,postcopy,hybrid",
            description = "Policies, comma-separated (default: ${DEFAULT-VALUE}; the validation suite's scenarios "
                    + "name their own unless this is given). qemu-default is pre-copy under QEMU's own stop rule "
                    + "with no round cap.")
    List<String> policies;

    @Option(names = "--runs", paramLabel = "N", description = "Real migrations per scenario and policy, 1 to 20 "
            + "(default: 3; --quick: 1).")
    Integer runs;

    @Option(names = "--profile", paramLabel = "NAME|FILE", defaultValue = "qemu-tcg",
            description = "The engine's profile (default: ${DEFAULT-VALUE}); a name or a profile file (.json).")
    String profile;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "The engine's seed (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/fidelity",
            description = "Directory for fidelity.json, fidelity.csv and fidelity.html (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--work", paramLabel = "DIR", description = "The testbed's work directory (sockets, serial "
            + "logs; default: a directory under java.io.tmpdir).")
    Path work;

    @Option(names = "--calibrate", paramLabel = "FILE", description = "Run the calibration migrations and write a "
            + "profile to FILE (and FILE's measurements beside it, .measurements.csv) instead.")
    Path calibrate;

    @Option(names = "--dirty-rates", paramLabel = "DIR", description = "Record the dirty-rate dataset (CSV files) "
            + "into DIR instead.")
    Path dirtyRates;

    @Option(names = "--dirty-set", paramLabel = "v1|v2|all", defaultValue = "v1", description = "With "
            + "--dirty-rates: which set to record (default: ${DEFAULT-VALUE}): v1, the four files of DIR; v2, DIR/v2/train "
            + "and DIR/v2/test (several workloads and schedule families, CPU columns); all, both.")
    String dirtySet;

    @Option(names = "--dirty-runs", paramLabel = "N", defaultValue = "1", description = "With --dirty-set v2: seeds "
            + "per workload and schedule family, 1 to 20 (default: ${DEFAULT-VALUE}).")
    int dirtyRuns;

    @Option(names = "--dirty-seconds", paramLabel = "S", defaultValue = "55", description = "With --dirty-set v2: "
            + "seconds of sampling per run, 10 to 600 (default: ${DEFAULT-VALUE}).")
    int dirtySeconds;

    @Option(names = "--dirty-seed", paramLabel = "N", defaultValue = "1", description = "With --dirty-set v2: the "
            + "first run's seed; each run has the next (default: ${DEFAULT-VALUE}).")
    long dirtySeed;

    @Option(names = "--dirty-only", split = ",", paramLabel = "FILE", description = "With --dirty-set v2: only the "
            + "runs whose file (e.g. train/sweep-16mib.steps.s7.csv) is named here, comma-separated.")
    List<String> dirtyOnly = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    /** Runs the command on its own and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new FidelityCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        // the adapter logs through SLF4J: warnings only, on stderr
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        FidelityRunner.Listener progress = quiet ? line -> {
        } : line -> {
            stderr.println(line);
            stderr.flush();
        };
        try {
            if (calibrate != null && dirtyRates != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--calibrate and --dirty-rates are both given: give at most one");
            }
            List<GuestScenario> chosen = calibrate == null && dirtyRates == null ? scenarios() : List.of();
            List<MigrationPolicy> chosenPolicies = policies();
            EngineProfile engineProfile = calibrate == null && dirtyRates == null ? engineProfile() : null;
            List<DirtyRateRecorder.Recording> dirtyRecordings = dirtyRates == null ? List.of() : dirtyRecordings();
            int runCount = runs == null ? (quick ? 1 : 3) : runs;
            if (runCount < 1 || runCount > 20) {
                return usage(stderr, "--runs = " + runCount + ": must be in [1, 20]");
            }
            int timeoutSeconds = timeout == null ? (validation() ? VALIDATION_TIMEOUT_SECONDS
                    : (int) FidelityRunner.DEFAULT_PRECOPY_TIMEOUT.toSeconds()) : timeout;
            if (timeoutSeconds < 5 || timeoutSeconds > 600) {
                return usage(stderr, "--timeout = " + timeoutSeconds + ": must be in [5, 600]");
            }
            TestbedImages images = TestbedSetup.ensure();
            Path workDir = work != null ? work : Path.of(System.getProperty("java.io.tmpdir"), "ferry-fidelity");
            progress.line("ferry fidelity: " + images.qemuVersion() + ", kernel " + images.kernelPackage());
            try (Testbed testbed = Testbed.open(images, workDir, Map.of("bandwidthCapMiBps", 100_000,
                    "migrationTimeoutSeconds", calibrate == null && dirtyRates == null ? timeoutSeconds : 90,
                    "postcopyTimeoutSeconds", 120))) {
                if (calibrate != null) {
                    return calibrate(testbed, images, progress, stdout);
                }
                if (dirtyRates != null) {
                    DirtyRateRecorder recorder = new DirtyRateRecorder(testbed, workDir, progress);
                    long t = System.nanoTime();
                    int windows = 0;
                    for (DirtyRateRecorder.Recording r : dirtyRecordings) {
                        windows += recorder.record(r, dirtyRates);
                    }
                    stdout.printf(Locale.ROOT, "%d recordings, %d windows in %.1f min%n", dirtyRecordings.size(),
                            windows, (System.nanoTime() - t) / 60e9);
                    stdout.println("wrote " + dirtyRates.toAbsolutePath().normalize());
                    stdout.flush();
                    return 0;
                }
                long t = System.nanoTime();
                boolean ownPolicies = !spec.commandLine().getParseResult().hasMatchedOption("--policies");
                List<FidelityRow> rows = new FidelityRunner(testbed, engineProfile, chosenPolicies, runCount, seed,
                        progress, java.time.Duration.ofSeconds(timeoutSeconds))
                        .run(chosen, g -> ownPolicies ? policiesOf(g, chosenPolicies) : chosenPolicies);
                double minutes = (System.nanoTime() - t) / 60e9;
                report(rows, engineProfile, runCount, images, minutes, stdout);
                return 0;
            }
        } catch (CommandLine.ParameterException e) {
            return usage(stderr, e.getMessage());
        } catch (TestbedUnavailableException e) {
            stderr.println("ferry fidelity: the QEMU testbed cannot run here: " + e.getMessage());
            stderr.flush();
            return FAILURE;
        } catch (HypervisorException e) {
            stderr.println("ferry fidelity: the testbed failed: " + e.getMessage());
            stderr.flush();
            return FAILURE;
        } catch (IOException e) {
            stderr.println("ferry fidelity: cannot write the results: " + e);
            stderr.flush();
            return FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stderr.println("interrupted");
            stderr.flush();
            return INTERRUPTED;
        }
    }

    /** Seconds a validation pre-copy may run: a converging one takes 2-10 s at 128 MiB/s; more is not converging. */
    static final int VALIDATION_TIMEOUT_SECONDS = 20;

    /** @return the suite asked for */
    String suiteName() {
        return suite != null ? suite : quick ? "quick-tcg" : ScenarioSuites.VALIDATION;
    }

    private boolean validation() {
        return suiteName().equals(ScenarioSuites.VALIDATION);
    }

    /** @return the policies {@code scenario}'s suite names for it, else {@code otherwise} */
    List<MigrationPolicy> policiesOf(GuestScenario scenario, List<MigrationPolicy> otherwise) {
        return ScenarioSuites.policiesFor(suiteName(), scenario.name())
                .map(names -> names.stream().map(this::policy).toList()).orElse(otherwise);
    }

    private MigrationPolicy policy(String name) {
        return name.equals(ScenarioSuites.QEMU_DEFAULT) ? new QemuDefaultPolicy(installed)
                : installed.create(name, Map.of());
    }

    /**
     * @return which set a suite is, for the report: the validation set is measured apart from the calibration
     *         (a different run, other guests and rates); standard-tcg is the suite the profile's model was developed
     *         against (not calibration data, but not independent either)
     */
    static String setDescription(String suite) {
        if (suite.equals(ScenarioSuites.VALIDATION)) {
            return "validation set (" + suite + "): migrations measured in this run, apart from the calibration "
                    + "migrations the profile was computed from (./ferry fidelity --calibrate, another run)";
        }
        return "development set (" + suite + "): the suite the engine's model was developed against; the profile "
                + "was not computed from it, but it is not an independent validation (use --suite "
                + ScenarioSuites.VALIDATION + ")";
    }

    /** @return the recordings --dirty-set, --dirty-runs, --dirty-seconds, --dirty-seed and --dirty-only ask for */
    List<DirtyRateRecorder.Recording> dirtyRecordings() {
        List<DirtyRateRecorder.Recording> out = new ArrayList<>();
        String set = dirtySet.strip().toLowerCase(Locale.ROOT);
        if (!List.of("v1", "v2", "all").contains(set)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dirty-set = " + dirtySet
                    + ": must be v1, v2 or all");
        }
        if (!set.equals("v2")) {
            out.addAll(DirtyRateRecorder.dataset());
        }
        if (!set.equals("v1")) {
            List<DirtyRateRecorder.Recording> v2;
            try {
                v2 = DirtyRateRecorder.datasetV2(dirtyRuns, dirtySeconds, dirtySeed);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--dirty-runs/--dirty-seconds/"
                        + "--dirty-seed: " + e.getMessage());
            }
            if (!dirtyOnly.isEmpty()) {
                List<String> known = v2.stream().map(r -> r.file().substring("v2/".length())).toList();
                for (String f : dirtyOnly) {
                    if (!known.contains(f.strip())) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "--dirty-only: no run \""
                                + f + "\" in the v2 set; its runs are " + String.join(", ", known));
                    }
                }
                v2 = v2.stream().filter(r -> dirtyOnly.stream().anyMatch(f -> r.file().equals("v2/" + f.strip())))
                        .toList();
            }
            out.addAll(v2);
        }
        return out;
    }

    private int usage(PrintWriter stderr, String message) {
        stderr.println(message);
        stderr.flush();
        return USAGE;
    }

    private List<GuestScenario> scenarios() {
        String name = suiteName();
        List<GuestScenario> all = ScenarioSuites.guestSuite(name).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "unknown suite \"" + name + "\": guest suites are "
                        + String.join(", ", ScenarioSuites.guestSuiteNames())));
        if (scenarios.isEmpty()) {
            return all;
        }
        List<String> known = all.stream().map(GuestScenario::name).toList();
        for (String s : scenarios) {
            if (!known.contains(s)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown scenario \"" + s + "\" in "
                        + "--scenarios: " + name + " has " + String.join(", ", known));
            }
        }
        return all.stream().filter(g -> scenarios.contains(g.name())).toList();
    }

    private List<MigrationPolicy> policies() {
        Set<String> seen = new HashSet<>();
        List<MigrationPolicy> out = new ArrayList<>();
        for (String p : policies) {
            if (!installed.contains(p) && !p.equals(ScenarioSuites.QEMU_DEFAULT)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown policy \"" + p
                        + "\" in --policies: known policies are " + String.join(", ", installed.names()) + ", "
                        + ScenarioSuites.QEMU_DEFAULT);
            }
            if (!seen.add(p)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--policies: \"" + p + "\" appears twice");
            }
            out.add(policy(p));
        }
        return out;
    }

    private EngineProfile engineProfile() {
        try {
            return EngineProfiles.resolve(profile.strip());
        } catch (ScenarioFileException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--profile: " + e.getMessage());
        }
    }

    private int calibrate(Testbed testbed, TestbedImages images, FidelityRunner.Listener progress, PrintWriter stdout)
            throws HypervisorException, InterruptedException, IOException {
        long t = System.nanoTime();
        Calibration c = new Calibration(testbed, progress);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("date", LocalDate.now(ZoneOffset.UTC).toString());
        provenance.put("qemu", images.qemuVersion());
        provenance.put("guestKernel", images.kernelPackage());
        provenance.put("host", hostDescription());
        provenance.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        provenance.put("command", "./ferry fidelity --calibrate " + calibrate);
        provenance.put("guests", "ferry-workload, " + FidelityRunner.HEARTBEAT_MILLIS + " ms heartbeats, a "
                + FidelityRunner.CHECK_SECONDS + " s integrity pass");
        EngineProfile p = c.run(provenance);
        Path parent = calibrate.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(calibrate, StandardCharsets.UTF_8)) {
            EngineProfiles.write(p, w);
        }
        String name = calibrate.getFileName().toString();
        Path measurements = calibrate.resolveSibling(name.endsWith(".json")
                ? name.substring(0, name.length() - 5) + ".measurements.csv" : name + ".measurements.csv");
        c.writeMeasurements(measurements);
        stdout.printf(Locale.ROOT, "calibrated in %.1f min%nwrote %s%nwrote %s%n", (System.nanoTime() - t) / 60e9,
                calibrate.toAbsolutePath().normalize(), measurements.toAbsolutePath().normalize());
        stdout.flush();
        return 0;
    }

    private void report(List<FidelityRow> rows, EngineProfile engineProfile, int runCount, TestbedImages images,
            double minutes, PrintWriter stdout) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("command", "ferry " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        params.put("suite", suiteName());
        params.put("set", setDescription(suiteName()));
        params.put("runs", Integer.toString(runCount));
        params.put("profile", engineProfile.name() + ": " + engineProfile.description());
        params.put("testbed", images.qemuVersion() + ", kernel " + images.kernelPackage() + ", " + hostDescription());
        params.put("date", Instant.now().toString());
        params.put("duration", String.format(Locale.ROOT, "%.1f min", minutes));
        List<Path> files = FidelityReports.writeAll(rows, params, out);
        stdout.println("Real against simulated (engine profile " + engineProfile.name() + "):");
        stdout.print(FidelityReports.comparisonTable(rows));
        stdout.println();
        stdout.println("The policies on the real testbed (median [min-max] of " + runCount + " run(s)):");
        stdout.print(FidelityReports.realTable(rows));
        stdout.println();
        stdout.println("Set: " + setDescription(suiteName()));
        stdout.print(FidelitySummary.of(rows).lines());
        stdout.printf(Locale.ROOT, "%nreal migrations took %.1f min%n", minutes);
        for (Path f : files) {
            stdout.println("wrote " + f.toAbsolutePath().normalize());
        }
        stdout.flush();
    }

    private static String hostDescription() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the CPU stays unknown
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB JVM heap";
    }
}
