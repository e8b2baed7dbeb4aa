package io.ferry.benchmarks;

import io.ferry.predictor.lstm.LstmModel;
import io.ferry.predictor.lstm.ShippedModels;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures one forecast of the shipped CPU model ({@code models/lstm-cpu.zip}: 2 LSTM layers of 64 units and a
 * dense output over 20 samples), one step ahead, two ways: {@link #fastPath} is {@link LstmModel#forecast}, the
 * plain-Java forward pass the predictor uses on the decision path (scaling, network, inverse scaling); {@link #dl4j}
 * is DL4J's single-sample {@code MultiLayerNetwork.output} of the same network restored from the model file, on an
 * input array built once. The target is p99 ≤ 1 ms for one forecast.
 *
 * <p>Run with {@code OMP_NUM_THREADS=1 MALLOC_ARENA_MAX=2}: ND4J with two OpenMP threads on two busy cores is far
 * slower. The window is fixed, so every operation does the same arithmetic. Cost of a run: 2 benchmarks × (5
 * warm-up + 5 measured) iterations of 1 s, about 25 s in one fork, plus ND4J's start-up (≈2 s).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@State(Scope.Benchmark)
public class LstmForecastBenchmark {

    /** A CPU window of 20 samples (a busy VM settling), oldest first. */
    static final double[] WINDOW = {0.31, 0.35, 0.33, 0.40, 0.52, 0.47, 0.44, 0.39, 0.36, 0.41, 0.38, 0.37, 0.45,
        0.50, 0.43, 0.40, 0.38, 0.36, 0.39, 0.42};

    LstmModel model;
    MultiLayerNetwork network;
    INDArray input;

    @Setup
    public void setUp() {
        model = ShippedModels.cpu();
        network = model.toDl4j();
        double[][] x = model.networkInput(WINDOW);
        float[] flat = new float[x.length * x[0].length];
        int k = 0;
        for (int f = 0; f < x[0].length; f++) {
            for (double[] step : x) {
                flat[k++] = (float) step[f];
            }
        }
        input = Nd4j.create(flat, new long[] {1, x[0].length, x.length}, 'c');
    }

    /** @return the forecast through the plain-Java forward pass */
    @Benchmark
    public double fastPath() {
        return model.forecast(WINDOW, 1);
    }

    /** @return the network's output through DL4J, single sample */
    @Benchmark
    public double dl4j() {
        return network.output(input, false).getDouble(0, 0);
    }
}
