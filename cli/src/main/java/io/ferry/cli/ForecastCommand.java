package io.ferry.cli;

import io.ferry.api.Predictor;
import io.ferry.api.model.Metric;
import io.ferry.api.spi.PredictorFactory;
import io.ferry.api.spi.SettingDescription;
import io.ferry.compare.ForecastReportFiles;
import io.ferry.compare.ForecastReports;
import io.ferry.forecast.ForecastEvaluation;
import io.ferry.forecast.ForecastResult;
import io.ferry.forecast.Series;
import io.ferry.forecast.SeriesReaders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry forecast}: judges predictors side by side on directories of metric series (PlanetLab days for
 * {@code --metric cpu}, dirty-rate CSV recordings for {@code --metric dirty-rate}) with
 * {@link ForecastEvaluation}, prints the error table and writes forecast.json, forecast.csv and report.html. The
 * predictors are every {@link PredictorFactory} that {@link ServiceLoader} finds on the class path (the baselines;
 * {@code lstm} when predictor-lstm is there), so an unknown name lists the known ones. Every user mistake ends in
 * one line on stderr naming the option and the value, and exit status 2. Cost: the evaluation's, plus reading
 * the series into memory.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Judges forecasters side by side: every predictor at every horizon on every series of each "
                + "directory, at the same points; prints MAE (± standard error), RMSE and bias and writes "
                + "forecast.json, forecast.csv and report.html (forecast-vs-actual plots; works offline)."},
        footer = {"", "Examples:",
                "  ferry forecast --workload ../shared/data/planetlab/20110325",
                "  ferry forecast --predictors lstm,last-value,ewma,local-regression --metric cpu \\",
                "      --workload ../shared/data/planetlab/20110325 --horizons 1,3,6 --out out/forecast",
                "  ferry forecast --predictors ewma --alpha 0.2,0.5,0.8 --workload DAY1,DAY2 --stride 3",
                "  ferry forecast --metric dirty-rate --workload data/dirty-rates",
                "", "Exit status: 0 done, 2 a usage error (one line on stderr), 1 an I/O failure, 130 interrupted."})
public final class ForecastCommand implements Callable<Integer> {

    private static final Map<String, Metric> METRICS = Map.of("cpu", Metric.CPU_UTILISATION, "dirty-rate",
            Metric.DIRTY_PAGES_PER_SECOND);
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./,=:@%+-]+");

    @Spec
    CommandSpec spec;

    @Option(names = "--predictors", split = ",", splitSynopsisLabel = ",", paramLabel = "NAME",
            description = "Predictors to judge, comma-separated (default: every one on the class path that can "
                    + "forecast the metric).")
    List<String> predictors;

    @Option(names = "--metric", paramLabel = "cpu|dirty-rate", defaultValue = "cpu",
            description = "What to forecast: cpu (PlanetLab day directories) or dirty-rate (dirty-rate CSV "
                    + "recordings, data/dirty-rates/ format) (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--workload", split = ",", splitSynopsisLabel = ",", paramLabel = "DIR", required = true,
            description = "Directories of series, comma-separated; each is scored on its own and all together.")
    List<Path> workload;

    @Option(names = "--horizons", split = ",", splitSynopsisLabel = ",", paramLabel = "H", defaultValue = "1,3,6",
            description = "Steps ahead to score, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> horizons;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/forecast",
            description = "Directory for forecast.json, forecast.csv and report.html (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--stride", paramLabel = "K", defaultValue = "1",
            description = "Forecast every K-th point only (default: ${DEFAULT-VALUE}, every point).")
    String stride;

    @Option(names = "--series", paramLabel = "N",
            description = "Read at most the first N series (by file name) of each directory (default: all).")
    String seriesCap;

    @Option(names = "--alpha", split = ",", splitSynopsisLabel = ",", paramLabel = "A",
            description = "EWMA's α, in (0, 1]; several give one ewma(α) per value (default: the predictor's).")
    List<String> alphas = new ArrayList<>();

    @Option(names = "--model", split = ",", splitSynopsisLabel = ",", paramLabel = "FILE",
            description = "Model file for the predictors that take one (lstm); several give one lstm(DIR/FILE) "
                    + "per file, e.g. one per training seed (default: the predictor's shipped model).")
    List<Path> models = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads to share the series among (default: the processors available).")
    String threads;

    @Option(names = "--history", paramLabel = "N", defaultValue = "" + ForecastEvaluation.DEFAULT_HISTORY,
            description = "The longest window a predictor is given (default: ${DEFAULT-VALUE}).")
    String history;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try {
            return forecast(stdout, stderr);
        } catch (UsageException e) {
            stderr.println(e.getMessage());
            stderr.flush();
            return CompareCommand.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stderr.println("interrupted");
            stderr.flush();
            return CompareCommand.INTERRUPTED;
        } catch (IOException e) {
            stderr.println("--out = " + out + ": cannot write the results: " + OutputDirectory.reason(e));
            stderr.flush();
            return CompareCommand.IO_FAILURE;
        }
    }

    private int forecast(PrintWriter stdout, PrintWriter stderr) throws InterruptedException, IOException {
        Metric m = METRICS.get(metric);
        if (m == null) {
            throw new UsageException("--metric = " + metric + ": must be cpu or dirty-rate");
        }
        Map<String, PredictorFactory> known = discover(stderr);
        Map<String, Predictor> chosen = predictors(known, m, stderr);
        List<Integer> hs = new ArrayList<>();
        for (String h : horizons) {
            hs.add(positive("--horizons", h));
        }
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : positive("--threads", threads);
        ForecastEvaluation evaluation;
        try {
            evaluation = new ForecastEvaluation(hs, positive("--stride", stride), threadCount,
                    positive("--history", history), ForecastEvaluation.DEFAULT_PLOTS);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage(), e);
        }
        Map<String, List<Series>> directories = read(m);
        OutputDirectory.prepare("--out", out);
        long started = System.nanoTime();
        int total = directories.values().stream().mapToInt(List::size).sum();
        if (!quiet) {
            stderr.println("forecasting " + total + " series with " + String.join(", ", chosen.keySet()) + " at h = "
                    + hs + ", stride " + stride + ", " + threadCount + " thread(s)...");
            stderr.flush();
        }
        ForecastResult result;
        try {
            result = evaluation.evaluate(chosen, directories, m);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, String> parameters = parameters(chosen, directories, seconds);
        ForecastReportFiles files = ForecastReports.writeAll(result, parameters, out);
        stdout.print(ForecastReports.table(result));
        stdout.flush();
        stderr.println(String.format(Locale.ROOT, "evaluated in %.1f s", seconds));
        for (Path file : files.all()) {
            stderr.println("wrote " + file.toAbsolutePath().normalize());
        }
        stderr.flush();
        return 0;
    }

    private static int positive(String option, String value) {
        try {
            int v = Integer.parseInt(value.strip());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " = " + value + ": must be an integer >= 1");
    }

    /** @return the factories on the class path by name; a provider that cannot be loaded is a warning */
    static Map<String, PredictorFactory> discover(PrintWriter stderr) {
        Map<String, PredictorFactory> byName = new TreeMap<>();
        Iterator<PredictorFactory> it = ServiceLoader.load(PredictorFactory.class).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                PredictorFactory f = it.next();
                if (byName.putIfAbsent(f.name(), f) != null) {
                    stderr.println("warning: a second predictor named " + f.name() + " (" + f.getClass().getName()
                            + ") is ignored");
                }
            } catch (ServiceConfigurationError e) {
                stderr.println("warning: a predictor cannot be loaded: " + e.getMessage());
            }
        }
        return byName;
    }

    private Map<String, Predictor> predictors(Map<String, PredictorFactory> known, Metric m, PrintWriter stderr) {
        List<String> names = predictors == null ? List.copyOf(known.keySet()) : predictors;
        if (names.isEmpty()) {
            throw new UsageException("--predictors: no predictor is on the class path");
        }
        Set<String> seen = new HashSet<>();
        boolean alphaUsed = false;
        boolean modelUsed = false;
        Map<String, Predictor> chosen = new LinkedHashMap<>();
        for (String name : names) {
            PredictorFactory f = known.get(name);
            if (f == null) {
                throw new UsageException("unknown predictor \"" + name + "\" in --predictors: known predictors are "
                        + String.join(", ", known.keySet()));
            }
            if (!seen.add(name)) {
                throw new UsageException("--predictors = " + String.join(",", names) + ": \"" + name
                        + "\" appears twice");
            }
            Set<String> keys = new HashSet<>();
            for (SettingDescription s : f.settings()) {
                keys.add(s.key());
            }
            List<Map<String, Object>> variants = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            if (keys.contains("alpha") && !alphas.isEmpty()) {
                alphaUsed = true;
                for (String a : alphas) {
                    Map<String, Object> v = new HashMap<>(Map.of("alpha", a.strip()));
                    if (keys.contains("dirtyRateAlpha")) {
                        v.put("dirtyRateAlpha", a.strip()); // ewma's own α for the dirty rate
                    }
                    variants.add(v);
                    labels.add(alphas.size() == 1 ? name : name + "(" + a.strip() + ")");
                }
            } else if (keys.contains("model") && !models.isEmpty()) {
                modelUsed = true;
                for (Path model : models) {
                    variants.add(new HashMap<>(Map.of("model", model.toString())));
                    Path parent = model.toAbsolutePath().normalize().getParent();
                    String shown = (parent == null || parent.getFileName() == null ? "" : parent.getFileName() + "/")
                            + model.getFileName();
                    labels.add(models.size() == 1 ? name : name + "(" + shown + ")");
                }
            } else {
                variants.add(new HashMap<>());
                labels.add(name);
            }
            for (int i = 0; i < variants.size(); i++) {
                Map<String, Object> settings = variants.get(i);
                if (keys.contains("metric")) {
                    settings.put("metric", m.name());
                }
                Predictor p;
                try {
                    p = f.create(settings);
                } catch (RuntimeException | LinkageError e) {
                    // LinkageError: a predictor whose class cannot initialise (e.g. a shipped model missing from its jar)
                    if (predictors == null) {
                        // not asked for by name: judge the others, and say why this one is missing
                        stderr.println("warning: predictor " + labels.get(i) + " left out: " + why(e));
                        continue;
                    }
                    throw new UsageException("predictor " + labels.get(i) + ": " + why(e), e);
                }
                if (p.metric() != m) {
                    throw new UsageException("predictor " + labels.get(i) + " forecasts " + p.metric()
                            + ", not " + m + " (--metric " + metric + ")");
                }
                if (chosen.putIfAbsent(labels.get(i), p) != null) {
                    throw new UsageException("--alpha or --model: " + labels.get(i) + " is given twice");
                }
            }
        }
        if (chosen.isEmpty()) {
            throw new UsageException("--predictors: none of " + String.join(", ", names) + " can forecast " + m);
        }
        if (!alphas.isEmpty() && !alphaUsed) {
            throw new UsageException("--alpha is given but no chosen predictor takes an alpha (ewma does)");
        }
        if (!models.isEmpty() && !modelUsed) {
            throw new UsageException("--model is given but no chosen predictor takes a model file (lstm does)");
        }
        return chosen;
    }

    /** @return the first message along the causes, or the exception's name */
    private static String why(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return e.toString();
    }

    private Map<String, List<Series>> read(Metric m) {
        int cap = seriesCap == null ? Integer.MAX_VALUE : positive("--series", seriesCap);
        Map<String, List<Series>> directories = new LinkedHashMap<>();
        for (Path dir : workload) {
            List<Series> series;
            try {
                series = SeriesReaders.read(List.of(dir), m);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), e);
            }
            String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
            if (directories.containsKey(name)) {
                name = dir.toString();
            }
            if (directories.containsKey(name)) {
                throw new UsageException("--workload: " + dir + " is given twice");
            }
            directories.put(name, series.size() > cap ? List.copyOf(series.subList(0, cap)) : series);
        }
        return directories;
    }

    /** @return what the report shows as the run's parameters */
    private Map<String, String> parameters(Map<String, Predictor> chosen, Map<String, List<Series>> directories,
            double seconds) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("command", commandLine());
        chosen.forEach((label, predictor) -> p.put("predictor " + label, predictor.toString()
                + predictor.model().map(mi -> " model " + mi.name() + " " + mi.version() + " " + mi.fingerprint())
                        .orElse("")));
        List<Series> all = new ArrayList<>();
        directories.values().forEach(all::addAll);
        p.put("workload", String.join(", ", workload.stream().map(Path::toString).toList()));
        p.put("workload fingerprint", SeriesReaders.fingerprint(all));
        p.put("evaluated in", String.format(Locale.ROOT, "%.1f s", seconds));
        return p;
    }

    private String commandLine() {
        List<String> words = new ArrayList<>(List.of("ferry"));
        spec.commandLine().getParseResult().originalArgs().forEach(a -> words.add(
                SHELL_SAFE.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'"));
        return String.join(" ", words);
    }
}
