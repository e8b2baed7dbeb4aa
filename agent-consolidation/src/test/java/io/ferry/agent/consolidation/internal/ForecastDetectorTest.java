package io.ferry.agent.consolidation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ferry.agent.consolidation.internal.Policies.Detector;
import io.ferry.agent.consolidation.internal.Policies.Selector;
import io.ferry.api.Predictor;
import io.ferry.api.model.Forecast;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.testing.TestPool;
import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.CloudSimMigrationModel;
import io.ferry.datacenter.DatacenterResult;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.DatacenterSimulation;
import io.ferry.datacenter.DatacenterWorkload;
import io.ferry.datacenter.DatacenterWorkloads;
import io.ferry.datacenter.Placement;
import io.ferry.datacenter.PowerAccounting;
import io.ferry.api.MigrationAgent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ForecastDetectorTest {

    private static final StaticThresholdDetector FALLBACK = new StaticThresholdDetector(0.7);

    /** A host with a history (newest first), a request share and a two-interval migration. */
    private static HostView host(double requestedShare, double... newestFirst) {
        return new HostView() {
            public double totalMips() {
                return 1000;
            }

            public double requestedMips() {
                return requestedShare * 1000;
            }

            public double[] utilisationHistory() {
                return newestFirst.clone();
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
    }

    @Test
    void aLinePredictorThenTheLrDetectorsNumberOnEveryHistory() {
        ForecastDetector forecast = new ForecastDetector(LinePredictor.cpu(), 1.2, 10, FALLBACK);
        LocalRegressionDetector lr = new LocalRegressionDetector(1.2, FALLBACK);
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            double[] h = new double[10 + random.nextInt(20)];
            for (int i = 0; i < h.length; i++) {
                h[i] = random.nextDouble();
            }
            HostView host = host(0.5, h);
            assertThat(forecast.prediction(host)).isCloseTo(lr.prediction(host), within(1e-12));
            assertThat(forecast.overloaded(host)).isEqualTo(lr.overloaded(host));
        }
    }

    @Test
    void aRisingHostThenOverloadedWithTheForecastNamedInTheReason() {
        ForecastDetector d = new ForecastDetector(LinePredictor.cpu(), 1.2, 10, FALLBACK);
        HostView rising = host(0.1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0);
        // line 0.1 x - 0.1 at x = 10 + 2: 1.1, times 1.2
        assertThat(d.prediction(rising)).isCloseTo(1.32, within(1e-9));
        assertThat(d.overloaded(rising)).isTrue();
        assertThat(d.explain(rising)).isEqualTo("line forecasts 1.32");
    }

    @Test
    void aHistoryShorterThanThePredictorNeedsThenTheFallbackDecides() {
        ForecastDetector d = new ForecastDetector(new LinePredictor("long", Metric.CPU_UTILISATION, 20), 1.2, 10,
                FALLBACK);
        double[] twelve = new double[12];
        java.util.Arrays.fill(twelve, 0.99);
        assertThat(d.prediction(host(0.5, twelve))).isNaN();
        assertThat(d.overloaded(host(0.5, twelve))).as("0.5 <= 0.7").isFalse();
        assertThat(d.overloaded(host(0.8, twelve))).as("0.8 > 0.7").isTrue();
        assertThat(d.explain(host(0.8, twelve))).startsWith("no forecast, THR 0.80");
    }

    @Test
    void aPredictorThatThrowsThenTheFallbackDecidesAndTheRoundGoesOn() {
        Predictor broken = new LinePredictor("broken", Metric.CPU_UTILISATION, 2) {
            @Override
            public Forecast forecast(MetricWindow history, int horizon) {
                throw new IllegalStateException("model file truncated");
            }
        };
        ForecastDetector d = new ForecastDetector(broken, 1.2, 10, FALLBACK);
        double[] high = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        assertThat(d.overloaded(host(0.5, high))).isFalse();
        assertThat(d.overloaded(host(0.9, high))).isTrue();
    }

    @Test
    void aDirtyRatePredictorIsRefusedNamingBothMetrics() {
        assertThatThrownBy(() -> new ForecastDetector(new LinePredictor("dp", Metric.DIRTY_PAGES_PER_SECOND, 2), 1.2,
                10, FALLBACK)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predictor = dp: forecasts DIRTY_PAGES_PER_SECOND, an overload detector needs CPU_UTILISATION");
    }

    @Test
    void anUnknownPredictorIsRefusedListingTheInstalledOnes() {
        assertThatThrownBy(() -> Policies.forecastAgent(Selector.MMT, Map.of("predictor", "lstm"),
                List.of(LinePredictor.factory("ewma"), LinePredictor.factory("last-value"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predictor = lstm: not installed; installed predictors are ewma, last-value");
        assertThat(Policies.forecastAgent(Selector.MU, Map.of("predictor", "ewma"), List.of(LinePredictor.factory("ewma")))
                .name()).isEqualTo("forecast-mu");
    }

    @Test
    void aSafetyBelowOneIsRefused() {
        assertThatThrownBy(() -> Policies.forecastAgent(Selector.MMT, Map.of("predictor", "l", "parameter", "0.9"),
                List.of(LinePredictor.factory("l")))).hasMessage("parameter = 0.9: must be in [1.0, 10.0]");
    }

    @Test
    void inTheEngineALinePredictorThenExactlyLrMmtsDay() {
        DatacenterWorkload day = DatacenterWorkloads.synthetic(60, 288, 7);
        DatacenterSetup setup = DatacenterSetup.cloudSim(40, CloudSimMigrationModel.INSTANCE, 42);
        MigrationAgent lr = Policies.agent(Detector.LR, Selector.MMT, Map.of("checkMemory", false));
        MigrationAgent forecast = Policies.forecastAgent(Selector.MMT,
                Map.of("checkMemory", false, "predictor", "line"), List.of(LinePredictor.factory("line")));
        DatacenterResult a = DatacenterSimulation.run(setup, day, new Candidate("lr-mmt", Optional.of(lr),
                PowerAccounting.BY_UTILISATION, Placement.pabfd(0.7)), k -> { });
        DatacenterResult b = DatacenterSimulation.run(setup, day, new Candidate("lr-mmt", Optional.of(forecast),
                PowerAccounting.BY_UTILISATION, Placement.pabfd(0.7)), k -> { });
        assertThat(a.day().migrations()).isPositive();
        assertThat(b.day()).isEqualTo(a.day());
    }

    @Test
    void theSameWindowAskedAgainThenThePredictorIsNotCalledAgain() {
        int[] calls = {0};
        Predictor counting = new LinePredictor("counting", Metric.CPU_UTILISATION, 2) {
            @Override
            public Forecast forecast(MetricWindow history, int horizon) {
                calls[0]++;
                return super.forecast(history, horizon);
            }
        };
        ForecastDetector d = new ForecastDetector(counting, 1.2, 10, FALLBACK);
        HostView host = host(0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
        d.overloaded(host);
        d.explain(host);
        d.overloaded(host(0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5));
        assertThat(calls[0]).isEqualTo(1);
        d.overloaded(host(0.5, 0.6, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5));
        assertThat(calls[0]).isEqualTo(2);
    }

    @Test
    void aPredictorWhoseModelCannotBeLoadedIsRefusedInOneLine() {
        io.ferry.api.spi.PredictorFactory broken = new io.ferry.api.spi.PredictorFactory() {
            public String name() {
                return "lstm";
            }

            public String description() {
                return "";
            }

            public List<io.ferry.api.spi.SettingDescription> settings() {
                return List.of();
            }

            public Predictor create(Map<String, ?> settings) {
                throw new ExceptionInInitializerError(new IllegalStateException("model file lstm-cpu.zip: no such file"));
            }
        };
        assertThatThrownBy(() -> Policies.forecastAgent(Selector.MMT, Map.of("predictor", "lstm"), List.of(broken)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("predictor = lstm: cannot be built: model file lstm-cpu.zip: no such file");
    }

    @Test
    void inOsgiThenTheRegisteredCpuServiceOfThatNameAndAnUnknownOneListsTheCpuServices() {
        ForecastAgentFactories.ForecastMmt factory = new ForecastAgentFactories.ForecastMmt(List.of(
                LinePredictor.cpu(), new LinePredictor("dirty-only", Metric.DIRTY_PAGES_PER_SECOND, 2)));
        assertThat(factory.create(Map.of("predictor", "line")).name()).isEqualTo("forecast-mmt");
        assertThatThrownBy(() -> factory.create(Map.of("predictor", "dirty-only")))
                .hasMessage("predictor = dirty-only: not installed; installed predictors are line");
    }
}
