package io.ferry.cli;

import io.ferry.api.MigrationPolicy;
import io.ferry.compare.DatacenterReports;
import io.ferry.compare.DatacenterRun;
import io.ferry.compare.DatacenterRunner;
import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.Candidates;
import io.ferry.datacenter.Placement;
import io.ferry.datacenter.DatacenterResult;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.DatacenterWorkload;
import io.ferry.datacenter.MigrationModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry datacenter}: runs consolidation agents (and the NPA and DVFS references) side by side on one day
 * of a whole data centre, prints one row of the literature's metrics per candidate and writes datacenter.json,
 * datacenter.csv, datacenter-intervals.csv and datacenter.html. Names resolve through {@link Candidates}; agents
 * are the {@code MigrationAgentFactory}s on the class path ({@link AgentCatalog}).
 *
 * <p>Candidates run in parallel on {@code --threads} threads ({@link DatacenterRunner}), each with its own agent
 * and set-up over one shared immutable workload; the migration model is shared (CloudSim's is stateless, the
 * page-level one thread-safe, so that its cache of engine runs serves every candidate), so the figures do not depend
 * on the thread count. Every
 * user mistake ends in one line on stderr and exit status 2 before anything is written; values are checked here
 * rather than by picocli's converters, as {@link CompareCommand} does. Cost: the engine's, one candidate-day per
 * candidate, divided among the threads.
 */
@Command(name = "datacenter", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs consolidation agents side by side on a day of a whole data centre (CloudSim 3.0.3's "
                + "PlanetLab set-up: hosts alternating HP ML110 G4 and G5, its four VM types over the trace files "
                + "sorted by name, 300 s intervals, 24 h), prints energy, migrations, SLATAH, PDM, SLAV, ESV, host "
                + "shutdowns, mean active hosts and overloaded host-intervals per agent, and writes datacenter.json, "
                + "datacenter.csv, datacenter-intervals.csv and datacenter.html (charts; works offline).",
                "",
                "Agents by name: npa = no agent, every host at full power, first-fit placement (CloudSim's "
                        + "non-power-aware reference); dvfs = no agent, power by utilisation, first fit; any other "
                        + "name is an agent factory on the class path (FERRY_CLASSPATH jars included): its exact "
                        + "name (threshold, lr-mmt), or NAME-NUMBER for factory NAME with parameter = NUMBER "
                        + "(lr-mmt-1.2). Agents are counted by utilisation and placed at the start of the day by "
                        + "power-aware best-fit decreasing (PABFD) with the threshold CloudSim places with: the "
                        + "static threshold itself for thr-* agents (thr-mmt-0.8: 0.8), and the adaptive policies' "
                        + "0.7 fallback for every other agent."},
        footer = {"", "Examples:",
                "  ferry datacenter --workload ../shared/data/planetlab/20110303",
                "  ferry datacenter --agents npa,dvfs,lr-mmt-1.2 --workload DIR --hosts 800 --seed 42 --out out/day",
                "  ferry datacenter --agents thr-mmt-0.8,lr-mmt-1.2 --workload DIR --migration-model page-level "
                        + "--policy hybrid",
                "  ferry datacenter --agents dqn,dqn@s43,lr-mmt-1.2 --agent-setting dqn@s43.modelFile=seed-43/dqn.zip "
                        + "--workload DIR",
                "", "Exit status: 0 done, 2 a usage error (one line on stderr, nothing written), 1 an I/O failure, "
                        + "130 interrupted."})
public final class DatacenterCommand implements Callable<Integer> {

    /** The agents run when {@code --agents} is not given: the literature's table and Ferry's threshold agent. */
    static final String DEFAULT_AGENTS = "npa,dvfs,thr-mmt-0.8,iqr-mmt-1.5,mad-mmt-2.5,lr-mmt-1.2,lrr-mmt-1.2,"
            + "lr-mu-1.2,lr-rs-1.2,threshold";
    /** The migration models {@code --migration-model} accepts. */
    static final List<String> MODELS = List.of("cloudsim", "page-level");

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./,=:@%+-]+");

    @Spec
    CommandSpec spec;

    @Option(names = "--agents", split = ",", splitSynopsisLabel = ",", paramLabel = "NAME",
            defaultValue = DEFAULT_AGENTS, description = "Candidates, comma-separated (default: ${DEFAULT-VALUE}). An agent's name (lr-mmt), "
                    + "NAME-NUMBER to set its parameter (lr-mmt-1.2), or PREDICTOR-SELECTOR[-NUMBER] for overload "
                    + "detection by a CPU predictor on the class path (lstm-mmt, local-regression-mmt, ewma-mc, "
                    + "last-value-mmt-1.1; selectors mmt, mc, mu, rs); an unknown name lists the known ones.")
    List<String> agents;

    @Option(names = "--agent-setting", paramLabel = "NAME.KEY=VALUE",
            description = "A setting for every candidate of agent NAME, repeatable: dqn.modelFile=/path/dqn.zip runs "
                    + "a retrained DQN model instead of the shipped one. NAME may be FACTORY@LABEL, a second copy "
                    + "of the agent named so in --agents (--agents dqn,dqn@s43 --agent-setting "
                    + "dqn@s43.modelFile=seed-43/dqn.zip runs both side by side). KEY is one of the agent's settings "
                    + "but the ones the run sets (seed, checkMemory, decideEveryMove, parameter, predictor).")
    List<String> agentSettings;

    @Option(names = "--workload", paramLabel = "DIR", required = true,
            description = "A directory of trace files, one per VM (PlanetLab format: one integer CPU %% per line, "
                    + "one line per 300 s), e.g. ../shared/data/planetlab/20110303.")
    Path workload;

    @Option(names = "--hours", paramLabel = "H", defaultValue = "24",
            description = "Simulate the day's first H hours, 0 < H <= 24 (default: ${DEFAULT-VALUE}): for agents "
                    + "whose full day costs too much (a learned predictor in the detector).")
    String hours;

    @Option(names = "--hosts", paramLabel = "N", defaultValue = "800",
            description = "Hosts in the data centre, > 0 (default: ${DEFAULT-VALUE}).")
    String hosts;

    @Option(names = "--migration-model", paramLabel = "cloudsim|page-level", defaultValue = "cloudsim",
            description = "What a migration costs: cloudsim = RAM / bandwidth with 10 %% of the VM's CPU lost "
                    + "meanwhile (CloudSim 3.0.3, comparable with the literature); page-level = Ferry's page-level "
                    + "engine running --policy, the dirty rate derived from the VM's CPU use, and a migration "
                    + "target counted in SLATAH only when overloaded, where CloudSim counts every target while a VM "
                    + "migrates in (default: ${DEFAULT-VALUE}).")
    String migrationModel;

    @Option(names = "--placement", paramLabel = "first-fit|pabfd|pabfd-T",
            description = "How VMs are placed at the start of the day, every VM asking for its full capacity: "
                    + "first-fit = the first host with the CPU and memory; pabfd = power-aware best fit, skipping a "
                    + "non-empty host the VM would take past 0.7 of its capacity (pabfd-T: past T, in (0, 1]) "
                    + "(default: as CloudSim places each candidate: first fit for npa and dvfs, pabfd at the "
                    + "static threshold for thr-*, pabfd-0.7 for the others).")
    String placement;

    @Option(names = "--slatah-targets", paramLabel = "all|overloaded",
            description = "Which migration targets count in SLATAH: all = every host while a VM migrates into it (it "
                    + "is asked for the VM's whole demand and gives 10 %%, CloudSim 3.0.3's rule); overloaded = only "
                    + "a target asked for more than it has (default: all under cloudsim, overloaded under page-level, "
                    + "whose migrations last minutes).")
    String slatahTargets;

    @Option(names = "--policy", paramLabel = "NAME", defaultValue = "precopy",
            description = "The migration policy the page-level model runs (default: ${DEFAULT-VALUE}); "
                    + "ferry compare --list-settings lists the policies.")
    String policy;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "The run's seed, the same for every candidate (default: ${DEFAULT-VALUE}).")
    String seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/datacenter",
            description = "Directory for the reports (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--threads", paramLabel = "N",
            description = "Candidates run at once, each with its own agent (default: the available processors); "
                    + "the figures are the same whatever the thread count.")
    String threads;

    private final DatacenterEngine engine;
    private final AgentCatalog agentCatalog;
    private final PolicyCatalog policyCatalog;

    /** The command over the data-centre module and the agents and policies on the class path. */
    public DatacenterCommand() {
        this(DatacenterEngine.STANDARD, AgentCatalog.standard(), PolicyCatalog.standard());
    }

    DatacenterCommand(DatacenterEngine engine, AgentCatalog agentCatalog, PolicyCatalog policyCatalog) {
        this.engine = engine;
        this.agentCatalog = agentCatalog;
        this.policyCatalog = policyCatalog;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        agentCatalog.problems().forEach(p -> stderr.println("warning: " + p));
        policyCatalog.problems().forEach(p -> stderr.println("warning: " + p));
        try {
            return datacenter(stdout, stderr);
        } catch (UsageException e) {
            stderr.println(e.getMessage());
            stderr.flush();
            return CompareCommand.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stderr.println("interrupted: " + e.getMessage() + "; nothing written");
            stderr.flush();
            return CompareCommand.INTERRUPTED;
        } catch (IOException e) {
            stderr.println("--out = " + out + ": cannot write the reports: " + OutputDirectory.reason(e));
            stderr.flush();
            return CompareCommand.IO_FAILURE;
        } catch (UncheckedIOException e) {
            stderr.println("--workload = " + workload + ": " + e.getMessage() + ": "
                    + OutputDirectory.reason(e.getCause()));
            stderr.flush();
            return CompareCommand.IO_FAILURE;
        }
    }

    private int datacenter(PrintWriter stdout, PrintWriter stderr) throws InterruptedException, IOException {
        int hostCount = positive("--hosts", hosts);
        long seedValue = parseSeed();
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : positive("--threads",
                threads);
        String model = migrationModel.strip();
        if (!MODELS.contains(model)) {
            throw new UsageException("--migration-model = " + migrationModel + ": must be one of "
                    + String.join(", ", MODELS));
        }
        String policyName = policy.strip();
        if (!policyCatalog.contains(policyName)) {
            throw new UsageException("--policy = " + policy + ": unknown policy; known policies are "
                    + String.join(", ", policyCatalog.names()));
        }
        boolean pageLevel = model.equals("page-level");
        boolean allTargets = !pageLevel;
        if (slatahTargets != null) {
            String rule = slatahTargets.strip();
            if (!rule.equals("all") && !rule.equals("overloaded")) {
                throw new UsageException("--slatah-targets = " + slatahTargets + ": must be all or overloaded");
            }
            allTargets = rule.equals("all");
        }
        List<String> names = names();
        AgentSettings settings = AgentSettings.parse(agentSettings, names, agentCatalog.factories());
        double hoursValue;
        try {
            hoursValue = Double.parseDouble(hours.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--hours = " + hours + ": must be a number of hours in (0, 24]");
        }
        if (!(hoursValue > 0 && hoursValue <= 24)) {
            throw new UsageException("--hours = " + hours + ": must be in (0, 24]");
        }
        // a set-up per candidate, whose model the engine asks for; CloudSim's is stateless, and one page-level model
        // serves all: it is thread-safe, and its cache of engine runs serves every candidate
        MigrationModel shared = pageLevel ? engine.pageLevel(policy(policyName), seedValue) : null;
        List<DatacenterSetup> setups = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            DatacenterSetup setup = DatacenterSetup.cloudSim(hostCount, pageLevel ? shared : engine.cloudSim(),
                    seedValue);
            // CloudSim asks a migration target for the incoming VM's whole demand, so every target counts in SLATAH
            // for as long as a migration lasts: comparable with the literature under cloudsim, but under
            // page-level, whose migrations last twelve times longer, it would measure migration time, not overload
            setups.add(setup.withMigratingInAskingFullDemand(allTargets).withLengthSeconds(hoursValue * 3600));
        }
        List<Candidate> candidates = candidates(agentCatalog.withSettings(settings).candidates(), names, setups);
        DatacenterWorkload day;
        try {
            day = workload();
        } catch (UsageException e) {
            candidates.forEach(Candidate::closeAgent);
            throw e;
        }
        boolean outExisted = Files.exists(out);
        try {
            OutputDirectory.prepare("--out", out);
        } catch (UsageException e) {
            candidates.forEach(Candidate::closeAgent);
            throw e;
        }
        List<DatacenterResult> results;
        try {
            results = new DatacenterRunner(threadCount, engine::run).run(candidates, setups, day,
                    new DatacenterProgress(stderr, candidates.size()));
        } catch (IllegalArgumentException e) {
            // bad input the engine found while running (too few hosts for the VMs, say): nothing is written, and
            // the directory made for the reports goes again when it is still empty
            if (!outExisted) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException notEmpty) {
                    // something else wrote there meanwhile: leave it
                }
            }
            throw new UsageException(e.getMessage(), e);
        } finally {
            candidates.forEach(Candidate::closeAgent);
        }
        DatacenterRun run = new DatacenterRun(day.label(), hostCount, day.vms(), model,
                pageLevel ? Optional.of(policyName) : Optional.empty(), seedValue, setups.get(0).intervalSeconds(),
                results);
        List<Path> files = DatacenterReports.writeAll(run, parameters(seedValue, threadCount), out);
        stdout.print(DatacenterReports.table(run));
        stdout.println();
        for (Path file : files) {
            stdout.println("wrote " + file.toAbsolutePath().normalize());
        }
        stdout.flush();
        return 0;
    }

    private MigrationPolicy policy(String name) {
        return policyCatalog.create(name, Map.of());
    }

    private List<String> names() {
        List<String> names = agents.stream().map(String::strip).toList();
        if (names.isEmpty() || names.stream().anyMatch(String::isEmpty)) {
            throw new UsageException("--agents = " + String.join(",", agents) + ": name at least one agent, "
                    + "comma-separated, none empty");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new UsageException("--agents = " + String.join(",", agents) + ": \"" + name
                        + "\" appears twice");
            }
        }
        return names;
    }

    /** @return candidate i named names[i] for setup i (its seed and memory accounting set the agent's) */
    private List<Candidate> candidates(Candidates rules, List<String> names, List<DatacenterSetup> setups) {
        Optional<Placement> chosen = placement == null ? Optional.empty() : Optional.of(placement(placement));
        List<Candidate> out = new ArrayList<>();
        try {
            for (int i = 0; i < names.size(); i++) {
                Candidate c = rules.candidate(names.get(i), setups.get(i));
                out.add(chosen.map(p -> new Candidate(c.label(), c.agent(), c.accounting(), p)).orElse(c));
            }
        } catch (IllegalArgumentException e) {
            out.forEach(Candidate::closeAgent);
            throw new UsageException("--agents: " + e.getMessage(), e);
        }
        return out;
    }

    /** @return the placement {@code --placement} names */
    static Placement placement(String option) {
        String name = option.strip();
        String refusal = "--placement = " + option + ": must be first-fit, pabfd or pabfd-T with T in (0, 1]";
        if (name.equals("first-fit")) {
            return Placement.FIRST_FIT;
        }
        if (name.equals("pabfd")) {
            return Placement.pabfd(Candidates.FALLBACK_PLACEMENT_THRESHOLD);
        }
        if (name.startsWith("pabfd-")) {
            try {
                double t = Double.parseDouble(name.substring("pabfd-".length()));
                if (t > 0 && t <= 1) {
                    return Placement.pabfd(t);
                }
            } catch (NumberFormatException e) {
                throw new UsageException(refusal, e);
            }
        }
        throw new UsageException(refusal);
    }

    private DatacenterWorkload workload() {
        String at = "--workload = " + workload + ": ";
        if (workload.toString().isBlank()) {
            throw new UsageException("--workload = '': must name a directory of trace files");
        }
        if (!Files.exists(workload)) {
            throw new UsageException(at + "no such directory");
        }
        if (!Files.isDirectory(workload)) {
            throw new UsageException(at + "is a file, not a directory of trace files");
        }
        try (Stream<Path> files = Files.list(workload)) {
            if (files.noneMatch(Files::isRegularFile)) {
                throw new UsageException(at + "is empty: it must hold trace files, one per VM");
            }
        } catch (IOException e) {
            throw new UsageException(at + "cannot be listed: " + OutputDirectory.reason(e), e);
        }
        try {
            return engine.planetLab(workload);
        } catch (IllegalArgumentException e) {
            // the engine names its parameter "workload = DIR: ..."; name the option instead
            String message = String.valueOf(e.getMessage());
            throw new UsageException(message.startsWith("workload = ") ? "--" + message
                    : message.startsWith("--workload") ? message : "--workload: " + message, e);
        }
    }

    private int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new UsageException(option + " = " + value + ": must be an integer > 0");
    }

    private long parseSeed() {
        try {
            return Long.parseLong(seed.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("--seed = " + seed + ": must be an integer", e);
        }
    }

    /** @return what the HTML report shows as the run's parameters */
    private Map<String, String> parameters(long seedValue, int threadCount) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("command", commandLine());
        p.put("agents", String.join(", ", agents));
        if (agentSettings != null && !agentSettings.isEmpty()) {
            p.put("agent settings", String.join(" ", agentSettings));
        }
        p.put("threads", Integer.toString(threadCount));
        p.put("out", out.toString());
        return p;
    }

    private String commandLine() {
        List<String> words = new ArrayList<>(List.of("ferry"));
        spec.commandLine().getParseResult().originalArgs().forEach(a -> words.add(
                SHELL_SAFE.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'"));
        return String.join(" ", words);
    }
}
