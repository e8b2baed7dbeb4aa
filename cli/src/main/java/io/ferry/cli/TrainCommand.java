package io.ferry.cli;

import io.ferry.agent.dqn.DqnAgent;
import io.ferry.agent.dqn.RewardWeights;
import io.ferry.agent.dqn.training.DqnTraining;
import io.ferry.agent.dqn.training.TrainingDay;
import io.ferry.api.model.Metric;
import io.ferry.forecast.Series;
import io.ferry.forecast.SeriesReaders;
import io.ferry.predictor.lstm.EpochReport;
import io.ferry.predictor.lstm.ForecastError;
import io.ferry.predictor.lstm.LstmHyperParameters;
import io.ferry.predictor.lstm.LstmHyperParameters.Input;
import io.ferry.predictor.lstm.LstmHyperParameters.Scaling;
import io.ferry.predictor.lstm.LstmModel;
import io.ferry.predictor.lstm.LstmPredictorFactory;
import io.ferry.predictor.lstm.LstmTrainer;
import io.ferry.predictor.lstm.Provenance;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry train}: trains a learned predictor on workload directories and writes its model file and provenance
 * ({@code DIR/lstm-<metric>.zip}, {@code DIR/lstm-<metric>.provenance.json}), printing one line per epoch and the
 * model's fingerprint and errors. Only {@code lstm} is trainable as a predictor; {@code --agent dqn} instead trains
 * the DQN agent ({@link DqnTraining}: {@code DIR/dqn.zip}, {@code DIR/dqn.provenance.json}, {@code DIR/training.csv},
 * one line per episode, minutes). Every user mistake (a missing directory, an
 * unknown predictor or metric, too little data, a value out of range) is one line on stderr and exit status 2,
 * before training starts. Cost: the trainer's ({@link LstmTrainer}): minutes on 2 cores for the CPU model.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"With --agent dqn: trains the DQN migration agent in the data-centre engine (see --agent) "
                + "and prints one line per episode (reward, epsilon, loss, validation figures when validated). "
                + "Otherwise: trains an LSTM forecaster (2 LSTM layers of 64 units and a dense output over a window of "
                + "20, MinMax scaling, Adam at 0.001, batch 64, at most 50 epochs, 20 %% of the series held out "
                + "for validation, early stopping after 5 epochs without improvement, the best epoch kept) and "
                + "writes DIR/lstm-<metric>.zip (weights, provenance, DL4J network) and "
                + "DIR/lstm-<metric>.provenance.json. The same seed and data give the same model."},
        footer = {"", "Examples:",
                "  ferry train --predictor lstm --metric cpu --workload ../shared/data/planetlab/20110303,"
                        + "../shared/data/planetlab/20110306 --seed 42 --out out/models",
                "  ferry train --metric dirty-rate --workload data/dirty-rates --out out/models",
                "  ferry train --agent dqn --workload ../shared/data/planetlab/20110303,../shared/data/planetlab/"
                        + "20110306,../shared/data/planetlab/20110309 --validation ../shared/data/planetlab/20110322 "
                        + "--episodes 40 --seed 42 --out out/dqn",
                "", "Exit status: 0 done, 2 a usage error or too little data (one line on stderr), 1 an I/O failure."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--predictor", paramLabel = "NAME",
            description = "The predictor to train; only lstm is trainable (default: lstm, unless --agent is given).")
    String predictor;

    @Option(names = "--agent", paramLabel = "NAME",
            description = "Train an agent instead of a predictor; only dqn is trainable: episodes in the data-centre "
                    + "engine on the --workload days (6-hour windows, CloudSim's 800 hosts, cloudsim migrations), "
                    + "the best greedy checkpoint on --validation kept; writes DIR/dqn.zip, "
                    + "DIR/dqn.provenance.json and DIR/training.csv. Exclusive with --predictor.")
    String agent;

    @Option(names = "--metric", paramLabel = "cpu|dirty-rate",
            description = "For --predictor: cpu: PlanetLab day directories (one VM per file); dirty-rate: "
                    + "directories of dirty-rate CSV recordings (the format of data/dirty-rates/). Required there.")
    String metric;

    @Option(names = "--episodes", paramLabel = "N",
            description = "For --agent dqn: training episodes, >= 1 (default: "
                    + DqnTraining.Config.DEFAULT_EPISODES + ").")
    String episodes;

    @Option(names = "--validation", paramLabel = "DIR",
            description = "For --agent dqn: the PlanetLab day the checkpoints are judged on (greedy, whole day, "
                    + "lowest ESV kept); without it the last network is kept.")
    Path validation;

    @Option(names = "--validate-every", paramLabel = "N",
            description = "For --agent dqn: episodes between validation runs, >= 1 (default: "
                    + DqnTraining.Config.DEFAULT_VALIDATE_EVERY + ").")
    String validateEvery;

    @Option(names = "--reward", paramLabel = "NAME=W", split = ",", splitSynopsisLabel = ",",
            description = "For --agent dqn: reward weights to change, comma-separated, from energy, slatah, pdm, "
                    + "downtime, migration (defaults: energy=1, slatah=10, pdm=10, downtime=1, migration=1).")
    List<String> reward;

    @Option(names = "--workload", paramLabel = "DIR", split = ",", splitSynopsisLabel = ",", required = true,
            description = "Training directories, comma-separated; 20 %% of their series are held out for "
                    + "validation.")
    List<Path> workloads;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "The seed of every random choice (default: ${DEFAULT-VALUE}).")
    String seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/models",
            description = "Where the model file and its provenance go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--epochs", paramLabel = "N",
            description = "The most epochs, >= 1 (default: " + LstmHyperParameters.DEFAULT_MAX_EPOCHS + ").")
    String epochs;

    @Option(names = "--max-windows", paramLabel = "N",
            description = "The most training windows sampled, >= 1; validation windows are capped in proportion "
                    + "(default: " + LstmHyperParameters.DEFAULT_MAX_TRAINING_WINDOWS + ").")
    String maxWindows;

    @Option(names = "--patience", paramLabel = "N",
            description = "Epochs without a better validation loss before stopping, >= 1 (default: "
                    + LstmHyperParameters.DEFAULT_PATIENCE + ").")
    String patience;

    @Option(names = "--max-seconds", paramLabel = "S",
            description = "A time budget: no epoch starts that would end after S seconds, the best epoch kept; the "
                    + "model then depends on the machine's speed (default: none, reproducible).")
    String maxSeconds;

    @Option(names = "--inputs", paramLabel = "INPUT", split = ",", splitSynopsisLabel = ",",
            defaultValue = "value,ewma,difference",
            description = "What the network reads at each step, comma-separated: value, difference (from the "
                    + "step before), ewma (alpha 0.1, over the window so far) (default: ${DEFAULT-VALUE}: the "
                    + "seed papers' value alone lost to EWMA by more on held-out CPU days).")
    List<String> inputs;

    @Option(names = "--scaling", paramLabel = "minmax|log1p",
            defaultValue = "minmax",
            description = "minmax over the samples, or over log(1 + x) (default: ${DEFAULT-VALUE}; log1p did not "
                    + "do better on the dirty rates' test runs).")
    String scaling;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try {
            return train(stdout);
        } catch (UsageException e) {
            stderr.println(e.getMessage());
            stderr.flush();
            return CompareCommand.USAGE;
        } catch (UncheckedIOException e) {
            stderr.println("--out = " + out + ": cannot write the model: " + OutputDirectory.reason(e.getCause()));
            stderr.flush();
            return CompareCommand.IO_FAILURE;
        } catch (IOException e) {
            stderr.println("--out = " + out + ": cannot write the model: " + OutputDirectory.reason(e));
            stderr.flush();
            return CompareCommand.IO_FAILURE;
        }
    }

    private int train(PrintWriter stdout) throws IOException {
        if (agent != null) {
            if (predictor != null) {
                throw new UsageException("--agent and --predictor are exclusive: train an agent or a predictor");
            }
            return trainAgent(stdout);
        }
        if (episodes != null || validation != null || validateEvery != null || reward != null) {
            throw new UsageException("--episodes, --validation, --validate-every and --reward are for --agent dqn");
        }
        if (predictor == null) {
            predictor = "lstm";
        }
        if (metric == null) {
            throw new UsageException("--metric is required for --predictor " + predictor + ": cpu or dirty-rate");
        }
        if (!"lstm".equals(predictor)) {
            throw new UsageException("--predictor = " + predictor + ": only lstm is trainable");
        }
        Metric m;
        try {
            m = LstmPredictorFactory.metric(metric);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--metric = " + metric + ": must be cpu or dirty-rate");
        }
        LstmHyperParameters hp = hyperParameters(m);
        long s = integer("--seed", seed, Long.MIN_VALUE);
        List<Series> series;
        try {
            series = SeriesReaders.read(workloads, m);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--workload: " + e.getMessage(), e);
        }
        OutputDirectory.prepare("--out", out);
        List<String> given = new ArrayList<>();
        workloads.forEach(p -> given.add(p.toString()));
        stdout.printf(Locale.ROOT, "training %s on %d series of %s (%s), seed %d%n", LstmTrainer.modelName(m),
                series.size(), String.join(",", given), m, s);
        stdout.flush();
        LstmModel model;
        try {
            model = new LstmTrainer().train(series, given, hp, s, r -> progress(stdout, r));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        String base = LstmTrainer.modelName(m);
        Path file = out.resolve(base + ".zip");
        Path provenanceFile = out.resolve(base + ".provenance.json");
        model.write(file);
        Files.write(provenanceFile, model.provenanceJson());
        Provenance p = model.provenance();
        stdout.printf(Locale.ROOT, "wrote %s and %s%n", file, provenanceFile);
        stdout.printf(Locale.ROOT, "model %s, fingerprint %s%n", model.info().name(), model.info().fingerprint());
        stdout.printf(Locale.ROOT, "training error   (%d windows): MAE %s  RMSE %s%n", p.trainingError().windows(),
                figure(p.trainingError().mae()), figure(p.trainingError().rmse()));
        stdout.printf(Locale.ROOT, "validation error (%d windows from %d held-out series): MAE %s  RMSE %s%n",
                p.validationError().windows(), p.validationSeries(), figure(p.validationError().mae()),
                figure(p.validationError().rmse()));
        stdout.printf(Locale.ROOT, "%d epochs (best %d, stopped by %s) in %.1f s%n", p.epochsRun(), p.bestEpoch(),
                p.stoppedBy(), p.trainingSeconds());
        stdout.flush();
        return 0;
    }

    private int trainAgent(PrintWriter stdout) {
        if (!DqnAgent.NAME.equals(agent.strip())) {
            throw new UsageException("--agent = " + agent + ": only dqn is trainable");
        }
        if (metric != null || epochs != null || maxWindows != null || patience != null || maxSeconds != null) {
            throw new UsageException("--metric, --epochs, --max-windows, --patience and --max-seconds are for "
                    + "--predictor lstm");
        }
        long s = integer("--seed", seed, Long.MIN_VALUE);
        int n = episodes == null ? DqnTraining.Config.DEFAULT_EPISODES : (int) integer("--episodes", episodes, 1);
        DqnTraining.Config config = DqnTraining.Config.defaults(n, s);
        if (validateEvery != null) {
            config = config.withValidateEvery((int) integer("--validate-every", validateEvery, 1));
        }
        if (reward != null) {
            config = config.withReward(rewardWeights(reward));
        }
        List<TrainingDay> days = new ArrayList<>();
        for (Path w : workloads) {
            days.add(day("--workload", w));
        }
        Optional<TrainingDay> validationDay = validation == null ? Optional.empty()
                : Optional.of(day("--validation", validation));
        for (TrainingDay d : days) {
            if (validationDay.isPresent() && d.name().equals(validationDay.get().name())) {
                throw new UsageException("--validation = " + validation + ": is also a training day");
            }
        }
        OutputDirectory.prepare("--out", out);
        List<String> given = new ArrayList<>();
        workloads.forEach(p -> given.add(p.toString()));
        stdout.printf(Locale.ROOT, "training dqn on %s (%d episodes of %.0f h windows), validation %s, seed %d%n",
                String.join(",", given), n, config.windowSeconds() / 3600.0,
                validationDay.map(TrainingDay::name).orElse("none"), s);
        stdout.flush();
        DqnTraining.Result result = new DqnTraining(days, validationDay, config, gitCommit())
                .run(r -> episode(stdout, n, r), (name, m) -> {
                    stdout.printf(Locale.ROOT, "reference %-12s on %s: ESV %.3e  energy %.2f kWh  migrations %d  "
                            + "SLATAH %.2f %%  PDM %.3f %%%n", name, validationDay.get().name(), m.esv(),
                            m.energyKWh(), m.migrations(), m.slatah() * 100, m.pdm() * 100);
                    stdout.flush();
                });
        Path file = DqnTraining.write(result, out);
        stdout.printf(Locale.ROOT, "wrote %s, %s and %s%n", file, out.resolve("dqn.provenance.json"),
                out.resolve("training.csv"));
        stdout.printf(Locale.ROOT, "model %s, fingerprint %s, checkpoint of episode %d%n",
                result.model().info().name(), result.model().fingerprint(), result.bestEpisode());
        result.episodes().stream().filter(DqnTraining.EpisodeReport::best).reduce((a, b) -> b)
                .flatMap(DqnTraining.EpisodeReport::validation)
                .ifPresent(m -> stdout.printf(Locale.ROOT, "validation %s: ESV %.3e  energy %.2f kWh  migrations %d  "
                        + "SLATAH %.2f %%  PDM %.3f %%%n", validationDay.get().name(), m.esv(), m.energyKWh(),
                        m.migrations(), m.slatah() * 100, m.pdm() * 100));
        stdout.printf(Locale.ROOT, "trained in %.1f s (wall)%n", result.seconds());
        stdout.flush();
        return 0;
    }

    private static TrainingDay day(String option, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UsageException(option + " = " + dir + ": not a directory");
        }
        try {
            return TrainingDay.load(dir);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage(), e);
        }
    }

    private static RewardWeights rewardWeights(List<String> items) {
        Map<String, Double> w = new LinkedHashMap<>();
        RewardWeights d = DqnTraining.DEFAULT_REWARD;
        w.put("energy", d.energy());
        w.put("slatah", d.slatah());
        w.put("pdm", d.pdm());
        w.put("downtime", d.downtime());
        w.put("migration", d.migration());
        for (String item : items) {
            String[] kv = item.split("=", 2);
            String key = kv[0].strip();
            if (kv.length != 2 || !w.containsKey(key)) {
                throw new UsageException("--reward = " + item + ": must be NAME=W with NAME one of "
                        + String.join(", ", w.keySet()));
            }
            try {
                w.put(key, Double.parseDouble(kv[1].strip()));
            } catch (NumberFormatException e) {
                throw new UsageException("--reward = " + item + ": " + kv[1] + " is not a number");
            }
        }
        try {
            return new RewardWeights(w.get("energy"), w.get("slatah"), w.get("pdm"), w.get("downtime"),
                    w.get("migration"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--reward: " + e.getMessage());
        }
    }

    /** @return the source commit from the environment ({@code FERRY_GIT_COMMIT}), "" when unset */
    private static String gitCommit() {
        String c = System.getenv("FERRY_GIT_COMMIT");
        return c == null ? "" : c.strip();
    }

    private static void episode(PrintWriter out, int total, DqnTraining.EpisodeReport r) {
        String v = r.validation().map(m -> String.format(Locale.ROOT,
                "  validation ESV %.3e energy %.1f kWh migrations %d SLATAH %.2f%% PDM %.3f%%%s", m.esv(),
                m.energyKWh(), m.migrations(), m.slatah() * 100, m.pdm() * 100, r.best() ? " *" : ""))
                .orElse("");
        out.printf(Locale.ROOT, "episode %3d/%d  %-16s reward %10.1f  epsilon %.3f  loss %s  elapsed %s%s%n",
                r.episode(), total, r.window(), r.reward(), r.epsilon(),
                Double.isNaN(r.loss()) ? "-" : String.format(Locale.ROOT, "%.4f", r.loss()),
                time(Duration.ofMillis(Math.round(r.seconds() * 1000))), v);
        out.flush();
    }

    private static String figure(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.5f", v);
    }

    private LstmHyperParameters hyperParameters(Metric m) {
        LstmHyperParameters hp = LstmHyperParameters.defaults();
        if (epochs != null) {
            hp = hp.withMaxEpochs((int) integer("--epochs", epochs, 1));
        }
        if (maxWindows != null) {
            hp = hp.withMaxTrainingWindows((int) integer("--max-windows", maxWindows, 1));
        }
        if (patience != null) {
            hp = hp.withPatience((int) integer("--patience", patience, 1));
        }
        if (maxSeconds != null) {
            hp = hp.withMaxTrainingSeconds((int) integer("--max-seconds", maxSeconds, 1));
        }
        if (inputs != null && !inputs.isEmpty()) {
            List<Input> list = new ArrayList<>();
            for (String i : inputs) {
                try {
                    list.add(Input.valueOf(i.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--inputs = " + String.join(",", inputs) + ": " + i
                            + " is not one of value, difference, ewma");
                }
            }
            try {
                hp = hp.withInputs(list);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--inputs = " + String.join(",", inputs) + ": name each input once");
            }
        }
        String sc = scaling.trim();
        hp = switch (sc) {
            case "minmax" -> hp.withScaling(Scaling.MINMAX);
            case "log1p" -> hp.withScaling(Scaling.LOG1P_MINMAX);
            default -> throw new UsageException("--scaling = " + sc + ": must be minmax or log1p");
        };
        return hp;
    }

    private static long integer(String option, String text, long min) {
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " = " + text + ": not a whole number");
        }
        if (v < min || v > Integer.MAX_VALUE && min > Long.MIN_VALUE) {
            throw new UsageException(option + " = " + text + ": must be >= " + min);
        }
        return v;
    }

    private static void progress(PrintWriter out, EpochReport r) {
        out.printf(Locale.ROOT, "epoch %2d/%d  training loss %.5f  validation loss %.5f%s  elapsed %s  left <= %s%n",
                r.epoch(), r.maxEpochs(), r.trainingLoss(), r.validationLoss(), r.best() ? " *" : "  ",
                time(r.elapsed()), time(r.estimatedTimeLeft()));
        out.flush();
    }

    private static String time(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
