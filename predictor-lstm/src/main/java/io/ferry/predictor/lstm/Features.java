package io.ferry.predictor.lstm;

import io.ferry.predictor.lstm.LstmHyperParameters.Input;
import java.util.List;

/** The network's inputs at each step of a window, computed from the scaled samples; shared by training and inference. */
final class Features {

    private Features() {
    }

    /**
     * @param scaled the scaled window, oldest first
     * @param inputs which inputs, in order
     * @param alpha  the EWMA input's smoothing factor
     * @return [step][input]
     */
    static double[][] of(double[] scaled, List<Input> inputs, double alpha) {
        double[][] x = new double[scaled.length][inputs.size()];
        double ewma = scaled.length == 0 ? 0 : scaled[0];
        for (int t = 0; t < scaled.length; t++) {
            if (t > 0) {
                ewma = alpha * scaled[t] + (1 - alpha) * ewma;
            }
            for (int f = 0; f < inputs.size(); f++) {
                x[t][f] = switch (inputs.get(f)) {
                    case VALUE -> scaled[t];
                    case DIFFERENCE -> t == 0 ? 0 : scaled[t] - scaled[t - 1];
                    case EWMA -> ewma;
                };
            }
        }
        return x;
    }
}
