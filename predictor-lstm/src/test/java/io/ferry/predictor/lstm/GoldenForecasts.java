package io.ferry.predictor.lstm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.api.model.Metric;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The golden forecasts of a shipped model: fixed windows and the numbers the model gave for them when it was
 * shipped, in {@code src/test/resources/golden/<model>.json}. Recorded by {@link #main} (run once after training,
 * from the module's directory, with the test class path), checked by {@link GoldenModelsTest}.
 *
 * @param model       the model's name
 * @param fingerprint its fingerprint when recorded
 * @param windows     the fixed windows, oldest first
 * @param horizon1    the forecast one step ahead of each window
 * @param horizon3    the forecast three steps ahead of each window
 * @param network     the network's raw output for each window (scaled units)
 */
record GoldenForecasts(String model, String fingerprint, List<double[]> windows, double[] horizon1,
        double[] horizon3, double[] network) {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Fixed CPU windows: idle, flat busy, a ramp, a spike, an oscillation. */
    static List<double[]> cpuWindows() {
        List<double[]> w = new ArrayList<>();
        w.add(fill(i -> 0.02));
        w.add(fill(i -> 0.65));
        w.add(fill(i -> 0.05 + 0.04 * i));
        w.add(fill(i -> i == 17 ? 0.95 : 0.2));
        w.add(fill(i -> 0.5 + 0.3 * Math.sin(i / 2.0)));
        w.add(new double[] {0.31, 0.35, 0.33, 0.40, 0.52, 0.47, 0.44, 0.39, 0.36, 0.41, 0.38, 0.37, 0.45, 0.50,
            0.43, 0.40, 0.38, 0.36, 0.39, 0.42});
        return w;
    }

    /** Fixed dirty-rate windows (pages per second): idle, steady, rising, a burst, alternating. */
    static List<double[]> dirtyRateWindows() {
        List<double[]> w = new ArrayList<>();
        w.add(fill(i -> 40));
        w.add(fill(i -> 20_000));
        w.add(fill(i -> 1_000 + 4_000 * i));
        w.add(fill(i -> i >= 15 ? 120_000 : 5_000));
        w.add(fill(i -> i % 2 == 0 ? 60_000 : 2_000));
        return w;
    }

    private static double[] fill(java.util.function.IntToDoubleFunction f) {
        double[] w = new double[LstmHyperParameters.DEFAULT_WINDOW];
        for (int i = 0; i < w.length; i++) {
            w[i] = f.applyAsDouble(i);
        }
        return w;
    }

    static GoldenForecasts record(LstmModel model, List<double[]> windows) {
        double[] h1 = new double[windows.size()];
        double[] h3 = new double[windows.size()];
        double[] net = new double[windows.size()];
        for (int i = 0; i < windows.size(); i++) {
            h1[i] = model.forecast(windows.get(i), 1);
            h3[i] = model.forecast(windows.get(i), 3);
            net[i] = model.networkOutput(windows.get(i));
        }
        return new GoldenForecasts(model.info().name(), model.info().fingerprint(), windows, h1, h3, net);
    }

    static GoldenForecasts load(String name) throws IOException {
        try (InputStream in = GoldenForecasts.class.getResourceAsStream("/golden/" + name + ".json")) {
            if (in == null) {
                throw new IOException("golden/" + name + ".json is not on the test class path");
            }
            return MAPPER.readValue(in, GoldenForecasts.class);
        }
    }

    /** Records the golden forecasts of the shipped models into src/test/resources/golden/. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of("src/test/resources/golden");
        Files.createDirectories(dir);
        for (Metric metric : List.of(Metric.CPU_UTILISATION, Metric.DIRTY_PAGES_PER_SECOND)) {
            if (args.length > 0 && !List.of(args).contains(metric.name())) {
                continue;
            }
            LstmModel model = ShippedModels.forMetric(metric);
            GoldenForecasts g = record(model, metric == Metric.CPU_UTILISATION ? cpuWindows() : dirtyRateWindows());
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(g.model() + ".json").toFile(), g);
            System.out.println("recorded " + dir.resolve(g.model() + ".json") + " for " + model.info());
        }
    }
}
