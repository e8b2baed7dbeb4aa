package io.ferry.predictor.baseline.internal;

import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import java.util.Map;

/**
 * Local regression (LR) as the forecaster inside CloudSim's LR overload detector: a least-squares line through
 * the newest {@value #LENGTH} samples at x = 1 … 10 (oldest first, the newest at x = 10), extrapolated to
 * {@code x = 10 + h}. Source: A. Beloglazov, R. Buyya, CCPE 24(13), 2012, §6.2;
 * {@code PowerVmAllocationPolicyMigrationLocalRegression.isHostOverUtilized}, which predicts at
 * {@code length + migrationIntervals} from {@code MathUtil.getLoessParameterEstimates}. That method passes tricube
 * weights, but {@code createWeigthedLinearRegression} applies weights only when at least 40 % of them are
 * &lt;= 0, and tricube weights never are: CloudSim's LR is plain, unweighted least squares, and so is this. The
 * robust variant (LRR, bisquare re-weighting) is not this predictor. Like CloudSim, the line is not clamped: a
 * CPU forecast may leave [0, 1].
 *
 * <p>Cost: O(10 + h), closed form (x̄ = 5.5, Σ(x − x̄)² = 82.5), no state. When not to use it: on noisy,
 * mean-reverting series several steps ahead, where a steep local slope extrapolates far past the data.
 */
public final class LocalRegressionPredictor extends BaselinePredictor {

    static final String NAME = "local-regression";

    /** CloudSim: "we use 10 to make the regression responsive enough to latest values". */
    static final int LENGTH = 10;

    private static final double MEAN_X = (LENGTH + 1) / 2.0;
    private static final double SXX = LENGTH * (LENGTH * (double) LENGTH - 1) / 12.0;

    /** @param metric the metric it forecasts */
    public LocalRegressionPredictor(Metric metric) {
        super(NAME, metric, LENGTH);
    }

    /** The factory's map constructor: {@code metric} (default CPU_UTILISATION). */
    static LocalRegressionPredictor fromSettings(Map<String, ?> settings) {
        LocalRegressionSettings s = Settings.convert(settings, LocalRegressionSettings.class);
        return new LocalRegressionPredictor(Settings.metric(settings, s::metric));
    }

    @Override
    double[] mean(MetricWindow history, int horizon) {
        int first = history.size() - LENGTH;
        double meanY = 0;
        for (int i = 0; i < LENGTH; i++) {
            meanY += history.get(first + i);
        }
        meanY /= LENGTH;
        double sxy = 0;
        for (int i = 0; i < LENGTH; i++) {
            sxy += (i + 1 - MEAN_X) * (history.get(first + i) - meanY);
        }
        double slope = sxy / SXX;
        double intercept = meanY - slope * MEAN_X;
        double[] mean = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            mean[h - 1] = intercept + slope * (LENGTH + h);
        }
        return mean;
    }
}
