package io.ferry.predictor.lstm;

import io.ferry.api.model.Metric;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a model came from, written beside its weights as {@code provenance.json}: enough to retrain it (data
 * fingerprint, workloads, hyper-parameters, seed, library versions) and to judge it (errors in the metric's units).
 *
 * @param name               the model's name, e.g. {@code lstm-cpu}
 * @param metric             what it forecasts
 * @param dataFingerprint    {@code SeriesReaders.fingerprint} of every series it was trained and validated on
 * @param workloads          the workload paths as given to the trainer
 * @param series             how many series were read; {@code validationSeries} of them were held out
 * @param validationSeries   series held out for validation
 * @param hyperParameters    what it was trained with
 * @param seed               the seed of every random choice (initial weights, sampling, split, shuffles)
 * @param libraries          library versions: DL4J, ND4J, JavaCPP, Java
 * @param trainingError      one-step error on the training windows
 * @param validationError    one-step error on the validation windows (held-out series)
 * @param epochsRun          epochs trained before stopping
 * @param bestEpoch          the epoch whose weights were kept (best validation loss)
 * @param stoppedBy          why training stopped: {@code patience}, {@code epochs} or {@code time budget}
 * @param trainingSeconds    wall-clock seconds of training
 * @param trainedAt          when training finished, ISO-8601 UTC; the model's version
 */
public record Provenance(String name, Metric metric, String dataFingerprint, List<String> workloads, int series,
        int validationSeries, LstmHyperParameters hyperParameters, long seed, Map<String, String> libraries,
        ForecastError trainingError, ForecastError validationError, int epochsRun, int bestEpoch, String stoppedBy,
        double trainingSeconds, String trainedAt) {

    public Provenance {
        workloads = List.copyOf(workloads);
        libraries = java.util.Collections.unmodifiableMap(new TreeMap<>(libraries));
    }
}
