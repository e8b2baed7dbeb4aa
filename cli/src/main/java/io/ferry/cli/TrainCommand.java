package io.ferry.cli;

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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry train}: trains a learned predictor on workload directories and writes its model file and provenance
 * ({@code DIR/lstm-<metric>.zip}, {@code DIR/lstm-<metric>.provenance.json}), printing one line per epoch and the
 * model's fingerprint and errors. Only {@code lstm} is trainable. Every user mistake (a missing directory, an
 * unknown predictor or metric, too little data, a value out of range) is one line on stderr and exit status 2,
 * before training starts. Cost: the trainer's ({@link LstmTrainer}): minutes on 2 cores for the CPU model.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Trains an LSTM forecaster (2 LSTM layers of 64 units and a dense output over a window of "
                + "20, MinMax scaling, Adam at 0.001, batch 64, at most 50 epochs, 20 %% of the series held out "
                + "for validation, early stopping after 5 epochs without improvement, the best epoch kept) and "
                + "writes DIR/lstm-<metric>.zip (weights, provenance, DL4J network) and "
                + "DIR/lstm-<metric>.provenance.json. The same seed and data give the same model."},
        footer = {"", "Examples:",
                "  ferry train --predictor lstm --metric cpu --workload ../shared/data/planetlab/20110303,"
                        + "../shared/data/planetlab/20110306 --seed 42 --out out/models",
                "  ferry train --metric dirty-rate --workload data/dirty-rates --out out/models",
                "", "Exit status: 0 done, 2 a usage error or too little data (one line on stderr), 1 an I/O failure."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--predictor", paramLabel = "NAME", defaultValue = "lstm",
            description = "The predictor to train; only lstm is trainable (default: ${DEFAULT-VALUE}).")
    String predictor;

    @Option(names = "--metric", paramLabel = "cpu|dirty-rate", required = true,
            description = "cpu: PlanetLab day directories (one VM per file); dirty-rate: directories of "
                    + "dirty-rate CSV recordings (the format of data/dirty-rates/).")
    String metric;

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
