package io.ferry.predictor.lstm;

import io.ferry.api.model.Metric;
import io.ferry.forecast.Series;
import io.ferry.forecast.SeriesReaders;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Trains an LSTM forecaster with Deeplearning4j and returns an immutable {@link LstmModel}.
 *
 * <p>Data: the series are split by series (a seeded shuffle; {@code validationFraction} of them held out, so no
 * window of a validation series is trained on); the scaler is fitted on the training series only; sliding windows
 * of {@code window} samples with the next sample as target are sampled from each side without replacement, up to
 * {@code maxTrainingWindows} and its proportional validation cap. Training: Adam over seeded shuffled minibatches,
 * the validation loss after every epoch, early stopping after {@code patience} epochs without improvement (or when
 * the next epoch would overrun {@code maxTrainingSeconds}), and the best epoch's weights kept. Same seed and same data give identical weights (ND4J single-threaded: run with
 * {@code OMP_NUM_THREADS=1}).
 *
 * <p>Cost: on 2 idle cores, about 25 s per epoch over 4,000 windows of 20 steps for the 2 × 64 model (several times
 * that on busy cores); memory is the windows (a few MB) and DL4J's workspaces. Never train on a decision path.
 */
public final class LstmTrainer {

    /**
     * Trains with the series' directories as the provenance's workloads.
     *
     * @see #train(List, List, LstmHyperParameters, long, Consumer)
     */
    public LstmModel train(List<Series> series, LstmHyperParameters hp, long seed, Consumer<EpochReport> progress) {
        LinkedHashSet<String> dirs = new LinkedHashSet<>();
        for (Series s : series) {
            int slash = s.name().lastIndexOf('/');
            dirs.add(slash < 0 ? s.name() : s.name().substring(0, slash));
        }
        return train(series, List.copyOf(dirs), hp, seed, progress);
    }

    /**
     * @param series    every series of one metric, e.g. {@code SeriesReaders.read(days, CPU_UTILISATION)}
     * @param workloads the workload paths as given, for the provenance
     * @param hp        hyper-parameters
     * @param seed      the seed of every random choice
     * @param progress  called after every epoch, on the calling thread
     * @return the trained model, with the best validation epoch's weights
     * @throws IllegalArgumentException one line: no series, mixed metrics, or too little data (fewer than 2
     *                                  series, or no window of {@code window + 1} samples on either side)
     */
    public LstmModel train(List<Series> series, List<String> workloads, LstmHyperParameters hp, long seed,
            Consumer<EpochReport> progress) {
        Objects.requireNonNull(hp, "hyper-parameters");
        Objects.requireNonNull(progress, "progress");
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("too little data: no series to train on");
        }
        Metric metric = series.get(0).metric();
        for (Series s : series) {
            if (s.metric() != metric) {
                throw new IllegalArgumentException("series " + s.name() + " is " + s.metric() + ", the first is "
                        + metric + ": train one metric at a time");
            }
        }
        Instant start = Instant.now();
        Random random = new Random(seed);
        List<List<Series>> split = Windows.splitBySeries(series, hp.validationFraction(), random);
        List<Series> trainSeries = split.get(0);
        List<Series> validationSeries = split.get(1);
        Scaler scaler = Scaler.fit(hp.scaling(), trainSeries);
        List<double[]> trainWindows = Windows.sample(trainSeries, hp.window(), hp.maxTrainingWindows(), random);
        List<double[]> validationWindows = Windows.sample(validationSeries, hp.window(), hp.maxValidationWindows(),
                random);
        if (trainWindows.isEmpty() || validationWindows.isEmpty()) {
            throw new IllegalArgumentException("too little data: " + trainWindows.size() + " training and "
                    + validationWindows.size() + " validation windows of " + (hp.window() + 1)
                    + " samples; the series are too short for a window of " + hp.window());
        }
        Nd4j.getRandom().setSeed(seed);
        MultiLayerNetwork net = Dl4jNetworks.build(hp, seed);
        INDArray trainX = Dl4jNetworks.input(inputs(trainWindows, scaler, hp));
        INDArray trainY = targets(trainWindows, scaler);
        INDArray validationX = Dl4jNetworks.input(inputs(validationWindows, scaler, hp));
        INDArray validationY = targets(validationWindows, scaler);

        INDArray best = net.params().dup();
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int epoch = 0;
        int n = trainWindows.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long trainStart = System.nanoTime();
        String stoppedBy = "epochs";
        while (epoch < hp.maxEpochs()) {
            if (epoch - bestEpoch >= hp.patience()) {
                stoppedBy = "patience";
                break;
            }
            long spent = System.nanoTime() - trainStart;
            if (hp.maxTrainingSeconds() > 0 && epoch > 0
                    && spent + spent / epoch > hp.maxTrainingSeconds() * 1_000_000_000L) {
                stoppedBy = "time budget";
                break;
            }
            epoch++;
            shuffle(order, random);
            double lossSum = 0;
            int batches = 0;
            for (int from = 0; from < n; from += hp.batchSize()) {
                int to = Math.min(n, from + hp.batchSize());
                INDArray idx = Nd4j.createFromArray(java.util.Arrays.copyOfRange(order, from, to));
                INDArray x = trainX.get(idx);
                INDArray y = trainY.get(idx);
                net.fit(x, y);
                lossSum += net.score();
                batches++;
            }
            double validationLoss = loss(net.output(validationX, false), validationY, hp);
            boolean improved = validationLoss < bestLoss;
            if (improved) {
                bestLoss = validationLoss;
                bestEpoch = epoch;
                best = net.params().dup();
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - trainStart);
            Duration perEpoch = elapsed.dividedBy(epoch);
            Duration left = perEpoch.multipliedBy(hp.maxEpochs() - epoch);
            if (hp.maxTrainingSeconds() > 0) {
                Duration budgetLeft = Duration.ofSeconds(hp.maxTrainingSeconds()).minus(elapsed);
                left = budgetLeft.isNegative() ? Duration.ZERO : left.compareTo(budgetLeft) < 0 ? left : budgetLeft;
            }
            progress.accept(new EpochReport(epoch, hp.maxEpochs(), lossSum / batches, validationLoss, improved,
                    elapsed, left));
        }
        net.setParams(best);
        double seconds = (System.nanoTime() - trainStart) / 1e9;
        LstmWeights weights = Dl4jNetworks.weights(net, metric, hp, scaler);
        ForecastError trainingError = error(weights, trainWindows);
        ForecastError validationError = error(weights, validationWindows);
        Provenance provenance = new Provenance(modelName(metric), metric, SeriesReaders.fingerprint(series),
                workloads, series.size(), validationSeries.size(), hp, seed, Dl4jNetworks.libraryVersions(),
                trainingError, validationError, epoch, bestEpoch, stoppedBy, Math.round(seconds * 10) / 10.0,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return new LstmModel(weights, provenance, Dl4jNetworks.serialize(net));
    }

    /** @return {@code lstm-cpu}, {@code lstm-dirty-rate}, or {@code lstm-} and the metric's name */
    public static String modelName(Metric metric) {
        return switch (metric) {
            case CPU_UTILISATION -> "lstm-cpu";
            case DIRTY_PAGES_PER_SECOND -> "lstm-dirty-rate";
            default -> "lstm-" + metric.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        };
    }

    private static List<double[][]> inputs(List<double[]> windows, Scaler scaler, LstmHyperParameters hp) {
        List<double[][]> out = new ArrayList<>(windows.size());
        for (double[] w : windows) {
            double[] scaled = new double[hp.window()];
            for (int t = 0; t < hp.window(); t++) {
                scaled[t] = scaler.scale(w[t]);
            }
            out.add(Features.of(scaled, hp.inputs(), hp.inputEwmaAlpha()));
        }
        return out;
    }

    private static INDArray targets(List<double[]> windows, Scaler scaler) {
        float[] y = new float[windows.size()];
        for (int i = 0; i < y.length; i++) {
            double[] w = windows.get(i);
            y[i] = (float) scaler.scale(w[w.length - 1]);
        }
        return Nd4j.create(y, new long[] {y.length, 1}, 'c');
    }

    private static double loss(INDArray predicted, INDArray actual, LstmHyperParameters hp) {
        INDArray diff = predicted.sub(actual);
        return hp.loss() == LstmHyperParameters.Loss.MAE ? Transforms.abs(diff, false).meanNumber().doubleValue()
                : diff.mul(diff).meanNumber().doubleValue();
    }

    private static ForecastError error(LstmWeights weights, List<double[]> windows) {
        double abs = 0;
        double sq = 0;
        for (double[] w : windows) {
            double[] history = java.util.Arrays.copyOf(w, w.length - 1);
            double e = weights.forecast(history, 1)[0] - w[w.length - 1];
            abs += Math.abs(e);
            sq += e * e;
        }
        return new ForecastError(abs / windows.size(), Math.sqrt(sq / windows.size()), windows.size());
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
