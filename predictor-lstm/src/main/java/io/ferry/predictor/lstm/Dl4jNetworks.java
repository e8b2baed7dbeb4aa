package io.ferry.predictor.lstm;

import io.ferry.api.model.Metric;
import io.ferry.policy.support.LibraryVersions;
import io.ferry.predictor.lstm.LstmHyperParameters.Loss;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Everything that touches DL4J outside the training loop: the network's shape, its weights, its file form. */
final class Dl4jNetworks {

    private Dl4jNetworks() {
    }

    /** @return a new, initialised network: LSTM layers (the last reduced to its last step) and a dense output */
    static MultiLayerNetwork build(LstmHyperParameters hp, long seed) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(hp.learningRate()))
                .list();
        int in = hp.inputs().size();
        for (int l = 0; l < hp.lstmLayers(); l++) {
            LSTM lstm = new LSTM.Builder().nIn(l == 0 ? in : hp.units()).nOut(hp.units())
                    .activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID).build();
            list.layer(l == hp.lstmLayers() - 1 ? new LastTimeStep(lstm) : lstm);
        }
        list.layer(new OutputLayer.Builder(hp.loss() == Loss.MAE ? LossFunction.L1 : LossFunction.MSE)
                .activation(Activation.IDENTITY).nIn(hp.units()).nOut(1).build());
        MultiLayerConfiguration conf = list.setInputType(InputType.recurrent(in, hp.window())).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** @return the network's weights with the metric, window, inputs and scaler that make them a forecaster */
    static LstmWeights weights(MultiLayerNetwork net, Metric metric, LstmHyperParameters hp, Scaler scaler) {
        List<float[]> w = new ArrayList<>();
        List<float[]> rw = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        for (int l = 0; l < hp.lstmLayers(); l++) {
            Layer layer = net.getLayer(l);
            w.add(floats(layer.getParam("W")));
            rw.add(floats(layer.getParam("RW")));
            b.add(floats(layer.getParam("b")));
        }
        Layer out = net.getLayer(hp.lstmLayers());
        float[] dense = floats(out.getParam("W"));
        float denseB = floats(out.getParam("b"))[0];
        return new LstmWeights(metric, hp.window(), hp.inputs(), hp.inputEwmaAlpha(), scaler, w, rw, b, dense,
                denseB);
    }

    /** @return the network's output for one window's inputs ([step][input]), through DL4J */
    static double output(MultiLayerNetwork net, double[][] x) {
        return net.output(input(java.util.Collections.singletonList(x)), false).getDouble(0, 0);
    }

    /** @return the windows' inputs as DL4J reads them: [windows, inputs, steps] */
    static INDArray input(List<double[][]> windows) {
        int steps = windows.get(0).length;
        int inputs = windows.get(0)[0].length;
        float[] flat = new float[windows.size() * inputs * steps];
        int k = 0;
        for (double[][] x : windows) {
            for (int f = 0; f < inputs; f++) {
                for (int t = 0; t < steps; t++) {
                    flat[k++] = (float) x[t][f];
                }
            }
        }
        return Nd4j.create(flat, new long[] {windows.size(), inputs, steps}, 'c');
    }

    static byte[] serialize(MultiLayerNetwork net) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(net, bytes, false);
        } catch (IOException e) {
            throw new IllegalStateException("DL4J could not serialise the network: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    static MultiLayerNetwork restore(byte[] bytes, String model) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("model " + model + ": its DL4J network does not load ("
                    + e.getMessage() + ")", e);
        }
    }

    /** @return DL4J, ND4J, JavaCPP and Java versions, from the jars' Maven metadata */
    static java.util.Map<String, String> libraryVersions() {
        java.util.Map<String, String> v = new java.util.TreeMap<>();
        v.put("deeplearning4j-nn",
                LibraryVersions.maven(MultiLayerNetwork.class, "org.deeplearning4j", "deeplearning4j-nn"));
        v.put("nd4j-native", LibraryVersions.maven(Nd4j.getBackend().getClass(), "org.nd4j", "nd4j-native"));
        v.put("javacpp", LibraryVersions.maven(org.bytedeco.javacpp.Loader.class, "org.bytedeco", "javacpp"));
        v.put("java", LibraryVersions.java());
        return v;
    }

    private static float[] floats(INDArray array) {
        return array.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }
}
