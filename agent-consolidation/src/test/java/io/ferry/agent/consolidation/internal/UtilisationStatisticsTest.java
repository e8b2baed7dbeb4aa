package io.ferry.agent.consolidation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ferry.api.testing.TestPool;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;

/** Parity with the formulas of CloudSim 3.0.3's MathUtil on fixed inputs, expectations computed by hand. */
class UtilisationStatisticsTest {

    private static final double EPS = 1e-12;

    @Test
    void iqrThenCloudSimsQuartileIndices() {
        // n = 10: q1 at round(2.75) - 1 = 2, q3 at round(8.25) - 1 = 7 of the sorted values 0.1 … 1.0
        double[] data = {0.5, 0.1, 0.9, 0.3, 0.7, 1.0, 0.2, 0.8, 0.4, 0.6};
        assertThat(UtilisationStatistics.iqr(data)).isCloseTo(0.8 - 0.3, within(EPS));
        assertThat(data[0]).as("argument untouched").isEqualTo(0.5);
        // n = 12: indices 2 and 9
        assertThat(UtilisationStatistics.iqr(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})).isEqualTo(10 - 3);
    }

    @Test
    void madThenMedianOfAbsoluteDeviationsFromTheMedian() {
        // median 3; deviations 2, 1, 0, 1, 6 -> median 1
        assertThat(UtilisationStatistics.mad(new double[] {1, 2, 3, 4, 9})).isEqualTo(1);
        // even n: median (2 + 3) / 2 = 2.5; deviations 1.5, 0.5, 0.5, 7.5 -> (0.5 + 1.5) / 2 = 1
        assertThat(UtilisationStatistics.mad(new double[] {1, 2, 3, 10})).isEqualTo(1);
        assertThat(UtilisationStatistics.mad(new double[0])).isZero();
    }

    @Test
    void medianThenBitForBitCommonsMathsFiftiethPercentile() {
        java.util.Random r = new java.util.Random(1);
        for (int n = 1; n <= 30; n++) {
            double[] data = new double[n];
            for (int i = 0; i < n; i++) {
                data[i] = r.nextDouble() * (r.nextBoolean() ? 1 : 1e-3);
            }
            assertThat(UtilisationStatistics.median(data)).as("n = " + n)
                    .isEqualTo(new org.apache.commons.math3.stat.descriptive.DescriptiveStatistics(data).getPercentile(50));
        }
        assertThat(UtilisationStatistics.median(new double[] {0.3, 0.1, 0.2, 0.4})).isCloseTo(0.25, within(EPS));
    }

    @Test
    void countNonZeroBeginningThenIndexOfTheLastNonZeroPlusOne() {
        assertThat(UtilisationStatistics.countNonZeroBeginning(new double[] {0.5, 0, 0.2, 0, 0})).isEqualTo(3);
        assertThat(UtilisationStatistics.countNonZeroBeginning(new double[] {0, 0})).isZero();
        assertThat(UtilisationStatistics.trimZeroTail(new double[] {0.5, 0, 0.2, 0, 0})).containsExactly(0.5, 0, 0.2);
    }

    @Test
    void tricubeWeightsThenCloudSimsFormulaAndTheFirstThreeEqual() {
        double[] w = UtilisationStatistics.tricubeWeights(10);
        double k2 = Math.pow(1 - Math.pow(7.0 / 9, 3), 3);
        double k5 = Math.pow(1 - Math.pow(4.0 / 9, 3), 3);
        assertThat(w[2]).isCloseTo(1 / k2, within(EPS));
        assertThat(w[5]).isCloseTo(1 / k5, within(EPS));
        assertThat(w[9]).isEqualTo(1);
        assertThat(w[0]).isEqualTo(w[2]);
        assertThat(w[1]).isEqualTo(w[2]);
        assertThat(java.util.Arrays.stream(w).min().getAsDouble()).isPositive();
    }

    @Test
    void loessThenPlainLeastSquaresBecauseNoWeightIsZero() {
        // y = 0.46 + 0.04 x exactly
        double[] y = new double[10];
        for (int i = 0; i < 10; i++) {
            y[i] = 0.46 + 0.04 * (i + 1);
        }
        double[] e = UtilisationStatistics.loess(y);
        assertThat(e[0]).isCloseTo(0.46, within(EPS));
        assertThat(e[1]).isCloseTo(0.04, within(EPS));
        // 1, 3, 2, 4 at x = 1 … 4: slope Sxy/Sxx = 4/5 = 0.8, intercept 2.5 - 0.8 × 2.5 = 0.5
        double[] f = UtilisationStatistics.loess(new double[] {1, 3, 2, 4});
        assertThat(f[1]).isCloseTo(0.8, within(EPS));
        assertThat(f[0]).isCloseTo(0.5, within(EPS));
    }

    @Test
    void robustLoessThenEqualsPlainLeastSquaresAsInCloudSim() {
        double[] y = {0.31, 0.35, 0.29, 0.90, 0.41, 0.38, 0.45, 0.44, 0.52, 0.49};
        SimpleRegression ols = new SimpleRegression();
        for (int i = 0; i < y.length; i++) {
            ols.addData(i + 1, y[i]);
        }
        assertThat(UtilisationStatistics.robustLoess(y)).containsExactly(new double[] {ols.getIntercept(),
                ols.getSlope()}, within(EPS));
        assertThat(java.util.Arrays.stream(UtilisationStatistics.tricubeBisquareWeights(
                new double[] {0.1, -0.2, 0.3, -0.4, 0.5})).min().getAsDouble()).isPositive();
    }

    @Test
    void weightedRegressionWhenFortyPercentOfWeightsAreZeroThenScalesBySquareRoots() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {2, 4, 6, 8, 10};
        double[] w = {0, 0, 4, 4, 4};
        SimpleRegression r = UtilisationStatistics.weightedRegression(x, y, w);
        // points (0,0), (0,0), (6,12), (8,16), (10,20): slope 2 through the origin
        assertThat(r.getN()).isEqualTo(5);
        assertThat(r.getSlope()).isCloseTo(2, within(EPS));
        assertThat(r.predict(6)).isCloseTo(12, within(EPS));
        assertThat(UtilisationStatistics.weightedRegression(x, new double[] {3, 5, 7, 9, 11}, new double[] {0, 1, 1, 1, 1})
                .getIntercept()).as("one zero in five: unweighted").isCloseTo(1, within(EPS));
    }

    @Test
    void migrationIntervalsThenCeilOfMaxRamOverHalfTheLinkOverTheInterval() {
        HostView host = new HostView() {
            public double totalMips() {
                return 1;
            }

            public double requestedMips() {
                return 0;
            }

            public double[] utilisationHistory() {
                return new double[0];
            }

            public long maxVmRamBytes() {
                return 20_000 * TestPool.MB;
            }

            public long linkBytesPerSecond() {
                return TestPool.LINK;
            }

            public double intervalSeconds() {
                return 300;
            }
        };
        // 20000 MB / 62.5 MB/s = 320 s: two intervals of 300 s
        assertThat(LocalRegressionDetector.migrationIntervals(host)).isEqualTo(2);
    }
}
