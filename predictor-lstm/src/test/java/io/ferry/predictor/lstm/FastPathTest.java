package io.ferry.predictor.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.model.Metric;
import io.ferry.predictor.lstm.LstmHyperParameters.Input;
import io.ferry.predictor.lstm.LstmHyperParameters.Scaling;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class FastPathTest {

    @Test
    void thePlainJavaForwardPassAgreesWithDl4jOnARandomTwoLayerNetTo1e5() {
        LstmHyperParameters hp = LstmHyperParameters.defaults().withWindow(12).withArchitecture(2, 16)
                .withInputs(List.of(Input.VALUE, Input.DIFFERENCE, Input.EWMA));
        MultiLayerNetwork net = Dl4jNetworks.build(hp, 3);
        // Random weights of a realistic spread rather than the initialiser's, so every gate matters.
        Random random = new Random(5);
        org.nd4j.linalg.api.ndarray.INDArray p = net.params();
        for (long i = 0; i < p.length(); i++) {
            p.putScalar(i, random.nextGaussian() * 0.4);
        }
        LstmWeights weights = Dl4jNetworks.weights(net, Metric.CPU_UTILISATION, hp,
                new Scaler(Scaling.MINMAX, 0, 1));
        double maxDiff = 0;
        double spread = 0;
        double first = Double.NaN;
        for (int k = 0; k < 20; k++) {
            double[] window = new double[12];
            for (int t = 0; t < window.length; t++) {
                window[t] = random.nextDouble();
            }
            double[][] x = weights.features(window);
            double fast = weights.output(x);
            double dl4j = Dl4jNetworks.output(net, x);
            maxDiff = Math.max(maxDiff, Math.abs(fast - dl4j));
            if (k == 0) {
                first = fast;
            }
            spread = Math.max(spread, Math.abs(fast - first));
        }
        assertThat(maxDiff).isLessThan(1e-5);
        assertThat(spread).as("outputs vary with the window, so the agreement is not trivial").isGreaterThan(1e-2);
    }

    @Test
    void featuresAreValueDifferenceAndARunningEwmaOfTheScaledWindow() {
        double[][] x = Features.of(new double[] {0.2, 0.4, 0.1}, List.of(Input.VALUE, Input.DIFFERENCE, Input.EWMA),
                0.5);
        assertThat(x[0]).containsExactly(0.2, 0.0, 0.2);
        assertThat(x[1][0]).isEqualTo(0.4);
        assertThat(x[1][1]).isCloseTo(0.2, within(1e-12));
        assertThat(x[1][2]).isCloseTo(0.3, within(1e-12));
        assertThat(x[2][1]).isCloseTo(-0.3, within(1e-12));
        assertThat(x[2][2]).isCloseTo(0.2, within(1e-12));
    }
}
