package io.ferry.predictor.lstm;

import io.ferry.api.model.Metric;
import io.ferry.predictor.lstm.LstmHyperParameters.Input;
import io.ferry.predictor.lstm.LstmHyperParameters.Scaling;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything that determines a model's answers (metric, window, inputs, scaler, weights) and the plain-Java forward
 * pass over them: the equations of DL4J's {@code LSTM} layer (no peepholes) with its gate order in the
 * {@code [nIn, 4n]} weight matrices, column blocks [cell input (tanh) | forget | output | input gate (sigmoid)],
 * then a dense identity output over the last step's hidden state. Weights are DL4J's float32; arithmetic is in
 * double. Cost per forecast: window × layers × (nIn + n) × 4n multiply-adds (≈0.6 M for the default model).
 */
final class LstmWeights {

    private static final int MAGIC = 0x46524C53; // "FRLS"
    private static final int FORMAT = 1;

    final Metric metric;
    final int window;
    final List<Input> inputs;
    final double ewmaAlpha;
    final Scaler scaler;
    /** Per LSTM layer: input weights [nIn][4n] row-major, recurrent [n][4n], bias [4n]. */
    final List<float[]> w;
    final List<float[]> rw;
    final List<float[]> b;
    final int[] nIn;
    final int[] nOut;
    final float[] denseW;
    final float denseB;
    /** The same weights widened to double once (exactly), so that the forward pass converts nothing per step. */
    private final double[][] wd;
    private final double[][] rwd;
    private final double[][] bd;

    LstmWeights(Metric metric, int window, List<Input> inputs, double ewmaAlpha, Scaler scaler, List<float[]> w,
            List<float[]> rw, List<float[]> b, float[] denseW, float denseB) {
        this.metric = metric;
        this.window = window;
        this.inputs = List.copyOf(inputs);
        this.ewmaAlpha = ewmaAlpha;
        this.scaler = scaler;
        this.w = List.copyOf(w);
        this.rw = List.copyOf(rw);
        this.b = List.copyOf(b);
        this.nIn = new int[w.size()];
        this.nOut = new int[w.size()];
        for (int l = 0; l < w.size(); l++) {
            nOut[l] = b.get(l).length / 4;
            nIn[l] = w.get(l).length / (4 * nOut[l]);
            int expectedIn = l == 0 ? inputs.size() : nOut[l - 1];
            if (b.get(l).length != 4 * nOut[l] || nIn[l] != expectedIn || w.get(l).length != nIn[l] * 4 * nOut[l]
                    || rw.get(l).length != nOut[l] * 4 * nOut[l]) {
                throw new IllegalArgumentException("LSTM layer " + l + ": weight shapes do not fit together");
            }
        }
        this.denseW = denseW;
        this.denseB = denseB;
        this.wd = widen(this.w);
        this.rwd = widen(this.rw);
        this.bd = widen(this.b);
        if (denseW.length != nOut[nOut.length - 1]) {
            throw new IllegalArgumentException("dense output: " + denseW.length + " weights for "
                    + nOut[nOut.length - 1] + " units");
        }
    }

    /** @return the network's inputs for the newest {@code window} samples: [step][input] */
    double[][] features(double[] history) {
        double[] scaled = new double[window];
        int offset = history.length - window;
        for (int t = 0; t < window; t++) {
            scaled[t] = scaler.scale(history[offset + t]);
        }
        return Features.of(scaled, inputs, ewmaAlpha);
    }

    /** @return the network's output (scaled units, not clamped) for these inputs */
    double output(double[][] x) {
        double[] in = null;
        double[] h = null;
        for (int l = 0; l < w.size(); l++) {
            int n = nOut[l];
            int m = nIn[l];
            double[] wl = wd[l];
            double[] rwl = rwd[l];
            double[] bl = bd[l];
            double[] next = new double[x.length * n];
            h = new double[n];
            double[] c = new double[n];
            double[] z = new double[4 * n];
            for (int t = 0; t < x.length; t++) {
                System.arraycopy(bl, 0, z, 0, 4 * n);
                for (int i = 0; i < m; i++) {
                    double xi = l == 0 ? x[t][i] : in[t * m + i];
                    if (xi != 0) {
                        int row = i * 4 * n;
                        for (int j = 0; j < 4 * n; j++) {
                            z[j] += xi * wl[row + j];
                        }
                    }
                }
                for (int i = 0; i < n; i++) {
                    double hi = h[i];
                    if (hi != 0) {
                        int row = i * 4 * n;
                        for (int j = 0; j < 4 * n; j++) {
                            z[j] += hi * rwl[row + j];
                        }
                    }
                }
                for (int j = 0; j < n; j++) {
                    double a = tanh(z[j]);
                    double f = sigmoid(z[n + j]);
                    double o = sigmoid(z[2 * n + j]);
                    double g = sigmoid(z[3 * n + j]);
                    c[j] = f * c[j] + g * a;
                    h[j] = o * tanh(c[j]);
                    next[t * n + j] = h[j];
                }
            }
            in = next;
        }
        double y = denseB;
        for (int j = 0; j < h.length; j++) {
            y += h[j] * denseW[j];
        }
        return y;
    }

    /**
     * @return forecasts 1..horizon steps after the newest sample, in the metric's units, clamped to the training
     *         range; steps after the first feed each forecast back as the newest sample
     */
    double[] forecast(double[] history, int horizon) {
        double[] recent = java.util.Arrays.copyOfRange(history, history.length - window, history.length);
        double[] out = new double[horizon];
        double low = scaler.lowest();
        double high = scaler.highest();
        for (int k = 0; k < horizon; k++) {
            double y = scaler.inverse(output(features(recent)));
            out[k] = Math.max(low, Math.min(high, y));
            System.arraycopy(recent, 1, recent, 0, window - 1);
            recent[window - 1] = out[k];
        }
        return out;
    }

    private static double[][] widen(List<float[]> blocks) {
        double[][] out = new double[blocks.size()][];
        for (int l = 0; l < out.length; l++) {
            float[] f = blocks.get(l);
            out[l] = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                out[l][i] = f[i];
            }
        }
        return out;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /**
     * tanh through {@link Math#exp}, which HotSpot compiles to an intrinsic while {@link Math#tanh} (JDK 17) is a
     * library call: 2 × 20 × 128 of them are a forecast's largest cost after the multiplications. Within 4e-16 of
     * {@code Math.tanh} absolutely (its cancellation near 0 costs relative, not absolute, accuracy); ±1 beyond ±20.
     */
    static double tanh(double v) {
        return 1 - 2 / (Math.exp(2 * v) + 1);
    }

    /** @return the binary form: what the fingerprint is taken over */
    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(metric.name());
            out.writeInt(window);
            out.writeInt(inputs.size());
            for (Input i : inputs) {
                out.writeUTF(i.name());
            }
            out.writeDouble(ewmaAlpha);
            out.writeUTF(scaler.scaling().name());
            out.writeDouble(scaler.min());
            out.writeDouble(scaler.max());
            out.writeInt(w.size());
            for (int l = 0; l < w.size(); l++) {
                out.writeInt(nIn[l]);
                out.writeInt(nOut[l]);
                floats(out, w.get(l));
                floats(out, rw.get(l));
                floats(out, b.get(l));
            }
            floats(out, denseW);
            out.writeFloat(denseB);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException when the bytes are not a whole weights file */
    static LstmWeights decode(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != MAGIC) {
            throw new IOException("weights.bin is not a Ferry LSTM weights file");
        }
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("weights format " + format + ", this version reads " + FORMAT);
        }
        Metric metric = enumValue(Metric.class, in.readUTF());
        int window = in.readInt();
        int inputCount = in.readInt();
        if (window < 2 || inputCount < 1 || inputCount > Input.values().length) {
            throw new IOException("window " + window + ", " + inputCount + " inputs");
        }
        List<Input> inputs = new ArrayList<>();
        for (int i = 0; i < inputCount; i++) {
            inputs.add(enumValue(Input.class, in.readUTF()));
        }
        double alpha = in.readDouble();
        Scaler scaler = new Scaler(enumValue(Scaling.class, in.readUTF()), in.readDouble(), in.readDouble());
        int layers = in.readInt();
        if (layers < 1 || layers > 16) {
            throw new IOException(layers + " LSTM layers");
        }
        List<float[]> w = new ArrayList<>();
        List<float[]> rw = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            int nIn = in.readInt();
            int nOut = in.readInt();
            if (nIn < 1 || nOut < 1 || nIn > 4096 || nOut > 4096) {
                throw new IOException("layer " + l + " of " + nIn + " x " + nOut);
            }
            w.add(readFloats(in, nIn * 4 * nOut));
            rw.add(readFloats(in, nOut * 4 * nOut));
            b.add(readFloats(in, 4 * nOut));
        }
        float[] dense = readFloats(in, b.get(layers - 1).length / 4);
        float denseB = in.readFloat();
        if (in.read() != -1) {
            throw new IOException("bytes after the weights");
        }
        try {
            return new LstmWeights(metric, window, inputs, alpha, scaler, w, rw, b, dense, denseB);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void floats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(DataInputStream in, int expected) throws IOException {
        int n = in.readInt();
        if (n != expected) {
            throw new IOException(n + " weights where " + expected + " belong");
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readFloat();
            if (!Float.isFinite(values[i])) {
                throw new IOException("weight " + i + " of a block is " + values[i]);
            }
        }
        return values;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name) throws IOException {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IOException("unknown " + type.getSimpleName() + " " + name, e);
        }
    }
}
