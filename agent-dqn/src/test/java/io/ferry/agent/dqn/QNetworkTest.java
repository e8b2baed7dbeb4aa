package io.ferry.agent.dqn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class QNetworkTest {

    @Test
    void qWhenTheSameWeightsThenPlainJavaAgreesWithDl4jTo1eMinus5() {
        MultiLayerNetwork net = Dl4jQNetworks.build(HostFeatures.COUNT, new int[] {64, 64}, HostAction.COUNT, 42, 1e-3);
        // move the weights off their initial values so that biases are not all zero
        SplittableRandom r = new SplittableRandom(7);
        double[][] x = new double[256][HostFeatures.COUNT];
        double[][] y = new double[256][HostAction.COUNT];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < HostFeatures.COUNT; j++) {
                x[i][j] = r.nextDouble() * 1.5 - 0.25;
            }
            for (int a = 0; a < HostAction.COUNT; a++) {
                y[i][a] = r.nextDouble() * 2 - 1;
            }
        }
        for (int epoch = 0; epoch < 5; epoch++) {
            net.fit(org.nd4j.linalg.factory.Nd4j.create(x).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT),
                    org.nd4j.linalg.factory.Nd4j.create(y).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        }
        QNetwork plain = Dl4jQNetworks.fromDl4j(net);
        assertThat(plain.sizes()).containsExactly(HostFeatures.COUNT, 64, 64, HostAction.COUNT);
        double[][] dl4j = Dl4jQNetworks.output(net, x);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double[] q = plain.q(x[i]);
            for (int a = 0; a < q.length; a++) {
                worst = Math.max(worst, Math.abs(q[a] - dl4j[i][a]));
            }
        }
        assertThat(worst).isLessThan(1e-5);
    }

    @Test
    void toDl4jWhenConvertedBackThenTheSameNetwork() {
        QNetwork plain = TinyModels.random(3, 0.2, HostFeatures.COUNT, 8, HostAction.COUNT);
        QNetwork back = Dl4jQNetworks.fromDl4j(Dl4jQNetworks.toDl4j(plain));
        double[] x = new double[HostFeatures.COUNT];
        java.util.Arrays.fill(x, 0.3);
        double[] a = plain.q(x);
        double[] b = back.q(x);
        for (int i = 0; i < a.length; i++) {
            // float storage in DL4J: 1e-6 relative
            assertThat(b[i]).isCloseTo(a[i], within(1e-5));
        }
    }

    @Test
    void qWhenHandComputedThenReluHiddenAndLinearOutput() {
        // 2 -> 2 -> 1: hidden = relu([1*x0 - 1*x1, -1*x0 + 0*x1] + [0, 0.5]); out = 2*h0 + 3*h1 - 1
        QNetwork n = new QNetwork(new int[] {2, 2, 1}, new double[][] {{1, -1, -1, 0}, {2, 3}},
                new double[][] {{0, 0.5}, {-1}});
        assertThat(n.q(new double[] {1, 0})[0]).isEqualTo(2 * 1 + 3 * 0 - 1); // h = [1, relu(-0.5)=0]
        assertThat(n.q(new double[] {0, 1})[0]).isEqualTo(2 * 0 + 3 * 0.5 - 1); // h = [relu(-1)=0, 0.5]
        assertThat(n.parameterCount()).isEqualTo(9);
    }

    @Test
    void constructorWhenAWeightIsNotFiniteThenRefusedWithTheLayer() {
        assertThatThrownBy(() -> new QNetwork(new int[] {1, 1}, new double[][] {{Double.NaN}}, new double[][] {{0}}))
                .hasMessage("layer 0 weights[0] = NaN: must be finite");
    }

    @Test
    void qWhenWrongInputLengthThenRefused() {
        QNetwork n = TinyModels.random(1, 0, 3, 2);
        assertThatThrownBy(() -> n.q(new double[2])).hasMessage("2 features given, the network reads 3");
    }
}
