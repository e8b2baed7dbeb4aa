package io.ferry.predictor.lstm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ferry.api.model.Metric;
import io.ferry.api.model.ModelInfo;
import io.ferry.policy.support.ModelArchive;
import io.ferry.policy.support.ModelArchiveException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A trained LSTM: what it forecasts, its window, scaler and weights, and its {@link Provenance}. Immutable and
 * thread-safe. {@link #forecast} is a plain-Java forward pass over the trained weights (no ND4J: ≈0.3 ms per step
 * for the default 2 × 64 model, against ≈9 ms for DL4J's single-sample output); it agrees with
 * {@link #toDl4j()}'s output to 1e-5 on the shipped models (the golden test). Loading a model file needs no DL4J
 * either; only {@link #toDl4j()} does.
 *
 * <p>The model file is one zip: {@value #WEIGHTS_ENTRY} (the binary weights, metric, window and scaler, which the
 * fingerprint is taken over), {@value #PROVENANCE_ENTRY} (JSON) and {@value #NETWORK_ENTRY} (DL4J's
 * {@code ModelSerializer} form of the same network).
 */
public final class LstmModel {

    static final String WEIGHTS_ENTRY = "weights.bin";
    static final String PROVENANCE_ENTRY = "provenance.json";
    static final String NETWORK_ENTRY = "network-dl4j.zip";
    private static final int MAX_ENTRY_BYTES = ModelArchive.MAX_ENTRY_BYTES;

    private final LstmWeights weights;
    private final Provenance provenance;
    private final byte[] network;
    private final String fingerprint;

    LstmModel(LstmWeights weights, Provenance provenance, byte[] network) {
        this.weights = weights;
        this.provenance = provenance;
        this.network = network.clone();
        this.fingerprint = ModelArchive.fingerprint(weights.encode());
        if (provenance.metric() != weights.metric) {
            throw new IllegalArgumentException("provenance names " + provenance.metric() + ", the weights "
                    + weights.metric);
        }
    }

    /** @return what the model forecasts */
    public Metric metric() {
        return weights.metric;
    }

    /** @return the samples it reads: a forecast needs at least this many */
    public int window() {
        return weights.window;
    }

    /** @return how samples are scaled before the network reads them */
    public Scaler scaler() {
        return weights.scaler;
    }

    public Provenance provenance() {
        return provenance;
    }

    /** @return name, version (the training time) and fingerprint (16 hex digits of SHA-256 over the weights file) */
    public ModelInfo info() {
        return new ModelInfo(provenance.name(), provenance.trainedAt(), fingerprint);
    }

    /**
     * @param history the recent samples, oldest first, at least {@link #window()}; only the newest window is read
     * @param horizon steps ahead, &gt;= 1; beyond 1, each forecast is fed back as the newest sample
     * @return the forecast {@code horizon} steps after the newest sample, in the metric's units, within the range
     *         of the training data
     * @throws IllegalArgumentException for a short window, a sample that is not finite, or a horizon &lt; 1
     * @throws IllegalStateException    when the network's answer is not finite (never returned as a forecast)
     */
    public double forecast(double[] history, int horizon) {
        double[] path = forecastPath(history, horizon);
        return path[horizon - 1];
    }

    /**
     * @return the forecasts 1, 2, …, {@code horizon} steps ahead, as {@link #forecast} computes the last of them
     * @throws IllegalArgumentException as {@link #forecast}
     */
    public double[] forecastPath(double[] history, int horizon) {
        check(history);
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon = " + horizon + ": must be >= 1");
        }
        double[] path = weights.forecast(history, horizon);
        for (int k = 0; k < path.length; k++) {
            if (!Double.isFinite(path[k])) {
                throw new IllegalStateException("model " + provenance.name() + " (" + fingerprint + ") gave "
                        + path[k] + " " + (k + 1) + " steps ahead: not a forecast");
            }
        }
        return path;
    }

    /**
     * @param history at least {@link #window()} samples, oldest first
     * @return the network's input for the newest window, [step][input], as DL4J reads it (input {@code i} at
     *         step {@code t} of a {@code [1, inputs, window]} array)
     */
    public double[][] networkInput(double[] history) {
        check(history);
        return weights.features(history);
    }

    /**
     * @param history at least {@link #window()} samples
     * @return the network's raw output for the newest window: scaled units, before the inverse scaling and
     *         clamping that {@link #forecast} applies; what the agreement with DL4J is checked on
     */
    public double networkOutput(double[] history) {
        return weights.output(networkInput(history));
    }

    /**
     * @return the same network in DL4J, restored from the model file's {@value #NETWORK_ENTRY}: for checking the
     *         fast path and for continued training; needs DL4J and ND4J at run time (≈1 s the first time)
     */
    public MultiLayerNetwork toDl4j() {
        return Dl4jNetworks.restore(network, provenance.name());
    }

    /** @return this model for {@code expected}; @throws ModelFileException when it forecasts another metric */
    public LstmModel requireMetric(Metric expected) {
        if (weights.metric != expected) {
            throw ModelFileException.otherMetric(provenance.name(), weights.metric, expected);
        }
        return this;
    }

    /**
     * Writes the model file (and the directories above it).
     *
     * @param file where, conventionally {@code lstm-<metric>.zip}
     * @throws UncheckedIOException when it cannot be written
     */
    public void write(Path file) {
        ModelArchive.save(file, this::write);
    }

    /** Writes the model file's bytes. */
    public void write(OutputStream out) throws IOException {
        ModelArchive.writer(out)
                .entry(WEIGHTS_ENTRY, weights.encode())
                .entry(PROVENANCE_ENTRY, provenanceJson())
                .entry(NETWORK_ENTRY, network)
                .finish();
    }

    /** @return the provenance as the model file holds it: indented JSON */
    public byte[] provenanceJson() {
        try {
            return mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(provenance);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param file a model file written by {@link #write(Path)}
     * @return the model
     * @throws ModelFileException when the file is missing, truncated or corrupt
     */
    public static LstmModel read(Path file) {
        try {
            return ModelArchive.load(file, LstmModel::read);
        } catch (ModelArchiveException e) {
            throw fileException(e);
        }
    }

    /**
     * @param in     a model file's bytes (read to the end, not closed)
     * @param source what to call it in errors, e.g. the path or resource name
     * @return the model
     * @throws ModelFileException when the bytes are truncated or corrupt
     */
    public static LstmModel read(InputStream in, String source) {
        Map<String, byte[]> entries;
        try {
            entries = ModelArchive.entries(in, source, MAX_ENTRY_BYTES, WEIGHTS_ENTRY, PROVENANCE_ENTRY, NETWORK_ENTRY);
        } catch (ModelArchiveException e) {
            throw fileException(e);
        }
        LstmWeights weights;
        Provenance provenance;
        try {
            weights = LstmWeights.decode(entries.get(WEIGHTS_ENTRY));
        } catch (IOException e) {
            throw ModelFileException.corrupt(source, WEIGHTS_ENTRY + ": " + e.getMessage(), e);
        }
        try {
            provenance = mapper().readValue(entries.get(PROVENANCE_ENTRY), Provenance.class);
        } catch (IOException | IllegalArgumentException e) {
            throw ModelFileException.corrupt(source, PROVENANCE_ENTRY + ": " + firstLine(e.getMessage()), e);
        }
        if (provenance.metric() != weights.metric || provenance.name() == null || provenance.trainedAt() == null) {
            throw ModelFileException.corrupt(source, PROVENANCE_ENTRY + " does not describe " + WEIGHTS_ENTRY, null);
        }
        return new LstmModel(weights, provenance, entries.get(NETWORK_ENTRY));
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private void check(double[] history) {
        if (history == null || history.length < weights.window) {
            throw new IllegalArgumentException("a window of " + (history == null ? 0 : history.length)
                    + " samples is shorter than model " + provenance.name() + "'s window of " + weights.window);
        }
        for (int i = history.length - weights.window; i < history.length; i++) {
            if (!Double.isFinite(history[i])) {
                throw new IllegalArgumentException("sample " + i + " of the window is " + history[i]
                        + ": model " + provenance.name() + " needs finite samples");
            }
        }
    }

    private static ModelFileException fileException(ModelArchiveException e) {
        return e.missing() ? ModelFileException.missing(e.source())
                : ModelFileException.corrupt(e.source(), e.detail(), e.getCause());
    }

    @Override
    public String toString() {
        return "LstmModel[" + info() + ", " + weights.metric + ", window " + weights.window + "]";
    }

    /** For tests: the raw bytes of a file written to memory. */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
