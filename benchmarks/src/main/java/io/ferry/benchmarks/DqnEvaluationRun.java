package io.ferry.benchmarks;

import io.ferry.agent.dqn.DqnAgentFactory;
import io.ferry.agent.dqn.DqnModel;
import io.ferry.agent.dqn.Provenance;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.SettingDescription;
import io.ferry.compare.DatacenterRunner;
import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.Candidates;
import io.ferry.datacenter.CloudSimMigrationModel;
import io.ferry.datacenter.ConfiguredAgentFactory;
import io.ferry.datacenter.DatacenterResult;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.DatacenterWorkload;
import io.ferry.datacenter.DatacenterWorkloads;
import io.ferry.datacenter.DayMetrics;
import io.ferry.datacenter.MigrationModel;
import io.ferry.datacenter.PageLevelMigrationModel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Judges DQN models against issue 11's target on the PlanetLab days none of them saw: for every held-out day, every
 * consolidation heuristic the engine ships ({@code thr|iqr|mad|lr|lrr × mmt|mc|mu|rs}, each with its factory's
 * default parameter, as {@code ./ferry datacenter} names them: {@code mad-mmt-2.5}) and each model run the whole day
 * in CloudSim's set-up under the {@code cloudsim} and the {@code page-level} migration models, set up as {@code
 * ./ferry datacenter} sets them up (cloudsim: every migration target counts in SLATAH; page-level: one shared,
 * seeded {@link PageLevelMigrationModel} running {@code policy}, only overloaded targets counted). The verdicts are
 * {@link DqnEvaluation}'s.
 *
 * <p>A day is held out when no model's provenance names it as a training or the validation day; a requested day
 * that one did is refused, naming the model. The models' seeds and fingerprints are printed first.
 *
 * <p>Usage: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar io.ferry.benchmarks.DqnEvaluationRun
 * models=A.zip,B.zip,C.zip [key=value …]} with keys {@code models} (required: DQN model files written by {@code
 * ./ferry train --agent dqn}), {@code days} (comma-separated day directory names under {@code data}; default: every
 * held-out day there), {@code data} (default {@value #DEFAULT_DATA}, relative to the working directory), {@code
 * hosts} (800), {@code seed} (42, the run's seed for every candidate), {@code policy} (the page-level model's
 * migration policy, {@code precopy}) and {@code threads} (candidates run at once; default the available
 * processors; the figures do not depend on it). Exit status 0 whatever the verdict, 2 for bad arguments (one line).
 * Cost: (20 heuristics + models) × 2 migration models day simulations per day, divided among the threads.
 */
public final class DqnEvaluationRun {

    static final String DEFAULT_DATA = "../shared/data/planetlab";
    private static final Set<String> KEYS = Set.of("models", "days", "data", "hosts", "seed", "policy", "threads");
    /** The consolidation heuristics: CloudSim 3.0.3's five detectors times its four selectors. */
    static final Pattern HEURISTIC = Pattern.compile("(thr|iqr|mad|lr|lrr)-(mmt|mc|mu|rs)");

    private DqnEvaluationRun() {
    }

    /** A DQN model to judge: its file, label, seed, fingerprint and the days it saw. */
    record Model(Path file, String label, long seed, String fingerprint, List<String> trainingDays,
            String validationDay) {

        /** @throws IllegalArgumentException with one line when the file is not a usable DQN model */
        static Model load(Path file) {
            DqnModel m;
            try {
                m = DqnModel.load(file);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("models: " + file + ": " + e.getMessage(), e);
            }
            Provenance p = m.provenance();
            return new Model(file, "dqn-s" + p.seed(), p.seed(), m.fingerprint(), p.trainingDays(),
                    p.validationDay());
        }

        Model labelled(String l) {
            return new Model(file, l, seed, fingerprint, trainingDays, validationDay);
        }

        /** @return why {@code day} was seen by this model, or null when it was not */
        String saw(String day) {
            if (trainingDays.contains(day)) {
                return "a training day of " + file + " (seed " + seed + ")";
            }
            return day.equals(validationDay) ? "the validation day of " + file + " (seed " + seed + ")" : null;
        }
    }

    /** Runs the evaluation as the arguments say; exit status 2 with one line on bad arguments. */
    public static void main(String[] args) throws InterruptedException {
        try {
            RunArguments a = new RunArguments(args, KEYS);
            if (!a.has("models")) {
                throw new IllegalArgumentException("models: required, the DQN model files to judge "
                        + "(models=A.zip,B.zip,C.zip)");
            }
            List<Path> files = a.list("models", "").stream().map(Path::of).toList();
            Path data = Path.of(a.text("data", DEFAULT_DATA));
            int hosts = a.integer("hosts", 800, 1, 100_000);
            long seed = a.longValue("seed", 42);
            String policy = a.text("policy", "precopy");
            int threads = a.integer("threads", Runtime.getRuntime().availableProcessors(), 1, 256);
            List<Model> models = models(files);
            List<String> days = days(data, models, a.has("days") ? a.list("days", "") : List.of());
            run(data, days, models, hosts, seed, policy, threads, System.out);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("DqnEvaluationRun: " + e.getMessage());
            System.exit(2);
        }
    }

    /** @return the models, labelled {@code dqn-sSEED} (with {@code -N} when two share a seed) */
    static List<Model> models(List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("models = : name at least one DQN model file (models=A.zip,B.zip)");
        }
        List<Model> models = new ArrayList<>();
        Map<String, Integer> labels = new LinkedHashMap<>();
        for (Path f : files) {
            Model m = Model.load(f);
            int n = labels.merge(m.label(), 1, Integer::sum);
            models.add(n == 1 ? m : m.labelled(m.label() + "-" + n));
        }
        return models;
    }

    /**
     * @param requested days asked for; empty = every directory under {@code data} that no model saw
     * @return the held-out days to run, in the order asked (sorted when not asked)
     * @throws IllegalArgumentException naming a requested day a model trained or validated on, a missing day, or no
     *                                  held-out day left
     */
    static List<String> days(Path data, List<Model> models, List<String> requested) {
        List<String> days = new ArrayList<>();
        if (requested.isEmpty()) {
            try (Stream<Path> dirs = Files.list(data)) {
                dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted()
                        .filter(d -> models.stream().allMatch(m -> m.saw(d) == null)).forEach(days::add);
            } catch (IOException e) {
                throw new IllegalArgumentException("data = " + data + ": cannot list its days: " + e.getMessage(), e);
            }
            if (days.isEmpty()) {
                throw new IllegalArgumentException("data = " + data + ": no day there that the models did not train "
                        + "or validate on");
            }
            return days;
        }
        for (String d : requested) {
            for (Model m : models) {
                String seen = m.saw(d);
                if (seen != null) {
                    throw new IllegalArgumentException("days = " + d + ": not held out: it is " + seen);
                }
            }
            if (!Files.isDirectory(data.resolve(d))) {
                throw new IllegalArgumentException("days = " + d + ": no such directory under " + data);
            }
            days.add(d);
        }
        return days;
    }

    /** @return the heuristics' labels: each consolidation factory's name with its default parameter */
    static List<String> heuristics(List<MigrationAgentFactory> factories) {
        Map<String, String> labels = new TreeMap<>();
        for (MigrationAgentFactory f : factories) {
            if (HEURISTIC.matcher(f.name()).matches()) {
                String parameter = f.settings().stream().filter(s -> s.key().equals(Candidates.PARAMETER))
                        .map(SettingDescription::defaultValue).findFirst().orElseThrow(() -> new IllegalStateException(
                                "agent " + f.name() + " has no " + Candidates.PARAMETER + " setting"));
                labels.putIfAbsent(f.name(), f.name() + "-" + trimmed(parameter));
            }
        }
        // the literature's order: detectors thr, iqr, mad, lr, lrr; selectors mmt, mc, mu, rs
        List<String> order = List.of("thr", "iqr", "mad", "lr", "lrr");
        List<String> selectors = List.of("mmt", "mc", "mu", "rs");
        List<String> out = new ArrayList<>();
        for (String d : order) {
            for (String s : selectors) {
                String label = labels.get(d + "-" + s);
                if (label != null) {
                    out.add(label);
                }
            }
        }
        return out;
    }

    private static String trimmed(String number) {
        double d = Double.parseDouble(number);
        return d == Math.rint(d) && !number.contains(".") ? number : java.math.BigDecimal.valueOf(d)
                .stripTrailingZeros().toPlainString();
    }

    /**
     * Runs every day and prints its report, then a summary line per day.
     *
     * @return one evaluation per day, in order
     */
    static List<DqnEvaluation> run(Path data, List<String> days, List<Model> models, int hosts, long seed,
            String policy, int threads, PrintStream out) throws InterruptedException {
        long start = System.nanoTime();
        List<MigrationAgentFactory> factories = ServiceLoader.load(MigrationAgentFactory.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        List<String> heuristics = heuristics(factories);
        if (heuristics.isEmpty()) {
            throw new IllegalStateException("no consolidation heuristic on the class path");
        }
        MigrationAgentFactory dqn = factories.stream().filter(f -> f.name().equals("dqn")).findFirst()
                .orElseThrow(() -> new IllegalStateException("agent dqn is not on the class path"));
        List<MigrationAgentFactory> named = new ArrayList<>(factories);
        for (Model m : models) {
            named.add(0, new ConfiguredAgentFactory(m.label(), dqn, Map.of(DqnAgentFactory.MODEL_FILE,
                    m.file().toAbsolutePath().toString())));
        }
        Candidates rules = new Candidates(named);
        out.printf(Locale.ROOT, "DQN held-out evaluation: %d hosts, run seed %d, %d heuristics (%s), page-level "
                + "policy %s, %d threads; load average %s%n", hosts, seed, heuristics.size(),
                String.join(",", heuristics), policy, threads, Percentiles.loadAverage());
        for (Model m : models) {
            out.printf(Locale.ROOT, "model %-10s seed %d  fingerprint %s  trained on %s, validated on %s  (%s)%n",
                    m.label(), m.seed(), m.fingerprint(), String.join(",", m.trainingDays()), m.validationDay(),
                    m.file());
        }
        out.println("held-out days: " + String.join(", ", days));
        List<String> labels = new ArrayList<>(heuristics);
        models.forEach(m -> labels.add(m.label()));
        List<DqnEvaluation> evaluations = new ArrayList<>();
        for (String d : days) {
            long dayStart = System.nanoTime();
            DatacenterWorkload workload = DatacenterWorkloads.planetLab(data.resolve(d));
            Map<String, DayMetrics> cloudSim = runAll(rules, labels, workload, hosts, seed, null, threads);
            MigrationPolicy migrationPolicy = Plugins.policy(policy, Map.of());
            Map<String, DayMetrics> pageLevel = runAll(rules, labels, workload, hosts, seed, migrationPolicy,
                    threads);
            DqnEvaluation e = evaluation(d, heuristics, models, cloudSim, pageLevel);
            evaluations.add(e);
            out.print(e.format());
            out.printf(Locale.ROOT, "(day %s: %d VMs, %d candidate-days in %.1f s)%n", d, workload.vms(),
                    2 * labels.size(), (System.nanoTime() - dayStart) / 1e9);
        }
        out.println("== summary (cloudsim: mean ESV / best heuristic's, migrations; page-level: SLA-violating "
                + "migrations)");
        for (DqnEvaluation e : evaluations) {
            DqnEvaluation.Spread esv = e.cloudSim(DayMetrics::esv);
            DqnEvaluation.Spread migrations = e.cloudSim(DayMetrics::migrations);
            DqnEvaluation.Spread violations = e.pageLevelViolations();
            out.printf(Locale.ROOT, "%s  cloudsim best %s %.3e (%d migr), dqn %.3e ± %.3e (%.0f ± %.0f migr), "
                    + "ratio %.4f: %s (%d/%d seeds)  |  page-level best %s %d, dqn %.1f ± %.1f: %s (%d/%d seeds)%n",
                    e.day(), e.bestCloudSim(), e.bestCloudSimDay().esv(), e.bestCloudSimDay().migrations(),
                    esv.mean(), esv.std(), migrations.mean(), migrations.std(), e.esvRatio(),
                    e.cloudSimMet() ? "MET" : "NOT MET", e.cloudSimSeedsMet(), e.seeds().size(), e.bestPageLevel(),
                    e.bestPageLevelViolations(), violations.mean(), violations.std(),
                    e.pageLevelMet() ? "MET" : "NOT MET", e.pageLevelSeedsMet(), e.seeds().size());
        }
        out.printf(Locale.ROOT, "wall %.1f s; load average %s%n", (System.nanoTime() - start) / 1e9,
                Percentiles.loadAverage());
        return evaluations;
    }

    static DqnEvaluation evaluation(String day, List<String> heuristics, List<Model> models,
            Map<String, DayMetrics> cloudSim, Map<String, DayMetrics> pageLevel) {
        Map<String, DayMetrics> cloudSimHeuristics = new LinkedHashMap<>();
        Map<String, DayMetrics> pageLevelHeuristics = new LinkedHashMap<>();
        heuristics.forEach(h -> {
            cloudSimHeuristics.put(h, cloudSim.get(h));
            pageLevelHeuristics.put(h, pageLevel.get(h));
        });
        return new DqnEvaluation(day, models.stream().map(Model::label).toList(), cloudSimHeuristics,
                models.stream().map(m -> cloudSim.get(m.label())).toList(), pageLevelHeuristics,
                models.stream().map(m -> pageLevel.get(m.label())).toList());
    }

    /**
     * @param policy null: the cloudsim model; else the page-level model running it, one shared by every candidate
     * @return each label's day, by label
     */
    private static Map<String, DayMetrics> runAll(Candidates rules, List<String> labels, DatacenterWorkload workload,
            int hosts, long seed, MigrationPolicy policy, int threads) throws InterruptedException {
        boolean pageLevel = policy != null;
        MigrationModel model = pageLevel
                ? new PageLevelMigrationModel(policy, PageLevelMigrationModel.Settings.DEFAULTS.withSeed(seed))
                : CloudSimMigrationModel.INSTANCE;
        List<DatacenterSetup> setups = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        try {
            for (String label : labels) {
                // as ./ferry datacenter: CloudSim counts every migration target in SLATAH; page-level, whose
                // migrations last minutes, only the overloaded ones
                DatacenterSetup setup = DatacenterSetup.cloudSim(hosts, model, seed)
                        .withMigratingInAskingFullDemand(!pageLevel).withLengthSeconds(24 * 3600.0);
                setups.add(setup);
                candidates.add(rules.candidate(label, setup));
            }
            List<DatacenterResult> results = new DatacenterRunner(threads).run(candidates, setups, workload,
                    new DatacenterRunner.Listener() {
                    });
            Map<String, DayMetrics> byLabel = new LinkedHashMap<>();
            for (DatacenterResult r : results) {
                byLabel.put(r.candidate(), r.day());
            }
            return byLabel;
        } finally {
            candidates.forEach(Candidate::closeAgent);
        }
    }
}
