package io.ferry.agent.dqn;

import io.ferry.policy.support.LibraryVersions;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything of the DQN agent that touches Deeplearning4j: the network's shape for training, the copy of its weights
 * into a {@link QNetwork} and back, its file form, the library versions for provenance. Deciding never calls it.
 * Cost: {@link #build} ≈0.1 s the first time ND4J loads (its natives ≈1 s on a cold cache), then milliseconds; the
 * copies are O(parameters).
 */
public final class Dl4jQNetworks {

    private Dl4jQNetworks() {
    }

    /**
     * @param inputs       features per state, &gt;= 1
     * @param hidden       hidden layer widths, each &gt;= 1 (ReLU)
     * @param outputs      actions, &gt;= 1 (identity output)
     * @param seed         the seed of the initial weights (Xavier)
     * @param learningRate Adam's learning rate, &gt; 0
     * @return a new, initialised network trained with mean squared error, in single precision
     */
    public static MultiLayerNetwork build(int inputs, int[] hidden, int outputs, long seed, double learningRate) {
        if (inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException("inputs = " + inputs + ", outputs = " + outputs + ": must be >= 1");
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate = " + learningRate + ": must be > 0 and finite");
        }
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(learningRate))
                .list();
        int in = inputs;
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden layer width " + h + ": must be >= 1");
            }
            list.layer(new DenseLayer.Builder().nIn(in).nOut(h).activation(Activation.RELU).build());
            in = h;
        }
        list.layer(new OutputLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).nIn(in).nOut(outputs)
                .build());
        MultiLayerConfiguration conf = list.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * @param net a network of {@link #build}'s shape (dense ReLU layers, then a dense output)
     * @return its weights as a plain-Java network
     */
    public static QNetwork fromDl4j(MultiLayerNetwork net) {
        int layers = net.getnLayers();
        int[] sizes = new int[layers + 1];
        double[][] w = new double[layers][];
        double[][] b = new double[layers][];
        for (int l = 0; l < layers; l++) {
            Layer layer = net.getLayer(l);
            INDArray wl = layer.getParam("W");
            INDArray bl = layer.getParam("b");
            int in = (int) wl.size(0);
            int out = (int) wl.size(1);
            if (l == 0) {
                sizes[0] = in;
            } else if (sizes[l] != in) {
                throw new IllegalArgumentException("layer " + l + " reads " + in + " values, layer " + (l - 1)
                        + " gives " + sizes[l]);
            }
            sizes[l + 1] = out;
            w[l] = new double[in * out];
            for (int i = 0; i < in; i++) {
                for (int j = 0; j < out; j++) {
                    w[l][i * out + j] = wl.getDouble(i, j);
                }
            }
            b[l] = new double[out];
            for (int j = 0; j < out; j++) {
                b[l][j] = bl.getDouble(j);
            }
        }
        return new QNetwork(sizes, w, b);
    }

    /**
     * @param network the plain-Java network
     * @return a DL4J network with the same weights (Adam at 1e-3, fresh updater state): for further training and
     *         the model file
     */
    public static MultiLayerNetwork toDl4j(QNetwork network) {
        return toDl4j(network, 0, 1e-3);
    }

    /**
     * @param network      the plain-Java network
     * @param seed         the configuration's seed (only dropout-free randomness; the weights are copied)
     * @param learningRate Adam's learning rate for further training
     * @return a DL4J network with the same weights
     */
    public static MultiLayerNetwork toDl4j(QNetwork network, long seed, double learningRate) {
        int[] sizes = network.sizes();
        int[] hidden = new int[sizes.length - 2];
        System.arraycopy(sizes, 1, hidden, 0, hidden.length);
        MultiLayerNetwork net = build(sizes[0], hidden, sizes[sizes.length - 1], seed, learningRate);
        for (int l = 0; l < network.layers(); l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double[] w = network.weights(l);
            float[][] wf = new float[in][out];
            for (int i = 0; i < in; i++) {
                for (int j = 0; j < out; j++) {
                    wf[i][j] = (float) w[i * out + j];
                }
            }
            double[] b = network.biases(l);
            float[] bf = new float[out];
            for (int j = 0; j < out; j++) {
                bf[j] = (float) b[j];
            }
            Layer layer = net.getLayer(l);
            layer.setParam("W", Nd4j.create(wf));
            layer.setParam("b", Nd4j.create(bf, new long[] {1, out}, 'c'));
        }
        return net;
    }

    /**
     * @param net   a network
     * @param batch states, one per row, each of the network's input width
     * @return DL4J's output, one row of action values per state
     */
    public static double[][] output(MultiLayerNetwork net, double[][] batch) {
        INDArray in = Nd4j.create(batch).castTo(DataType.FLOAT);
        INDArray out = net.output(in, false);
        return out.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    /** @return the network in DL4J's {@code ModelSerializer} form, without updater state */
    public static byte[] serialize(MultiLayerNetwork net) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(net, bytes, false);
        } catch (IOException e) {
            throw new IllegalStateException("DL4J could not serialise the network: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param bytes  {@link #serialize}'s output
     * @param source what to call it in errors
     * @return the network
     * @throws ModelFileException when DL4J cannot read it
     */
    public static MultiLayerNetwork restore(byte[] bytes, String source) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), false);
        } catch (IOException | RuntimeException e) {
            throw ModelFileException.corrupt(source, "its DL4J network does not load: " + e.getMessage(), e);
        }
    }

    /** @return DL4J, ND4J, JavaCPP and Java versions, from the jars' Maven metadata */
    public static Map<String, String> libraryVersions() {
        Map<String, String> v = new TreeMap<>();
        v.put("deeplearning4j-nn",
                LibraryVersions.maven(MultiLayerNetwork.class, "org.deeplearning4j", "deeplearning4j-nn"));
        v.put("nd4j-native", LibraryVersions.maven(Nd4j.getBackend().getClass(), "org.nd4j", "nd4j-native"));
        v.put("javacpp", LibraryVersions.maven(org.bytedeco.javacpp.Loader.class, "org.bytedeco", "javacpp"));
        v.put("java", LibraryVersions.java());
        return v;
    }
}
