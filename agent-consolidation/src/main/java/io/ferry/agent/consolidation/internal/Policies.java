package io.ferry.agent.consolidation.internal;

import static io.ferry.policy.support.ConfigurationChecks.inRange;

import io.ferry.api.Predictor;
import io.ferry.api.model.Metric;
import io.ferry.api.spi.PredictorFactory;
import java.util.Collection;
import java.util.Map;
import org.osgi.util.converter.Converters;

/**
 * The one place that maps names to steps: a detector name ({@code thr}, {@code iqr}, {@code mad}, {@code lr},
 * {@code lrr}) with its configuration type, and a selector name ({@code mmt}, {@code mc}, {@code mu},
 * {@code rs}). An agent's name is {@code detector-selector}; the detector's parameter is its {@code parameter}
 * setting ({@code lr-mmt-1.2} on the command line is agent {@code lr-mmt} with {@code parameter = 1.2}).
 */
final class Policies {

    private Policies() {
    }

    /** What a detector's configuration yields. */
    record Parts(OverloadDetector detector, long seed, boolean consolidateUnderloaded, boolean checkMemory,
            boolean decideEveryMove) {
    }

    /** The overload detectors, each with its configuration type (and so its defaults). */
    enum Detector {
        THR("thr", ThrConfiguration.class) {
            @Override
            Parts parts(Map<String, ?> settings) {
                ThrConfiguration c = convert(settings, ThrConfiguration.class);
                return new Parts(new StaticThresholdDetector(inRange("parameter", c.parameter(), 0.05, 1.0)),
                        c.seed(), c.consolidateUnderloaded(), c.checkMemory(), c.decideEveryMove());
            }
        },
        IQR("iqr", IqrConfiguration.class) {
            @Override
            Parts parts(Map<String, ?> settings) {
                IqrConfiguration c = convert(settings, IqrConfiguration.class);
                return new Parts(new InterQuartileRangeDetector(inRange("parameter", c.parameter(), 0, 10),
                        fallback(c.fallbackThreshold())), c.seed(), c.consolidateUnderloaded(), c.checkMemory(), c.decideEveryMove());
            }
        },
        MAD("mad", MadConfiguration.class) {
            @Override
            Parts parts(Map<String, ?> settings) {
                MadConfiguration c = convert(settings, MadConfiguration.class);
                return new Parts(new MedianAbsoluteDeviationDetector(inRange("parameter", c.parameter(), 0, 10),
                        fallback(c.fallbackThreshold())), c.seed(), c.consolidateUnderloaded(), c.checkMemory(), c.decideEveryMove());
            }
        },
        LR("lr", LrConfiguration.class) {
            @Override
            Parts parts(Map<String, ?> settings) {
                LrConfiguration c = convert(settings, LrConfiguration.class);
                return new Parts(new LocalRegressionDetector(inRange("parameter", c.parameter(), 0.1, 10),
                        fallback(c.fallbackThreshold())), c.seed(), c.consolidateUnderloaded(), c.checkMemory(), c.decideEveryMove());
            }
        },
        LRR("lrr", LrrConfiguration.class) {
            @Override
            Parts parts(Map<String, ?> settings) {
                LrrConfiguration c = convert(settings, LrrConfiguration.class);
                return new Parts(new RobustLocalRegressionDetector(inRange("parameter", c.parameter(), 0.1, 10),
                        fallback(c.fallbackThreshold())), c.seed(), c.consolidateUnderloaded(), c.checkMemory(), c.decideEveryMove());
            }
        };

        private final String key;
        private final Class<?> configuration;

        Detector(String key, Class<?> configuration) {
            this.key = key;
            this.configuration = configuration;
        }

        String key() {
            return key;
        }

        /** @return the {@code @ObjectClassDefinition} whose attributes are this detector's agents' settings */
        Class<?> configuration() {
            return configuration;
        }

        /**
         * @param settings values by attribute name, missing ones taking the configuration's defaults
         * @throws IllegalArgumentException one line, {@code key = value: must …}, for a value out of range
         */
        abstract Parts parts(Map<String, ?> settings);
    }

    /** The VM selection rules. */
    enum Selector {
        MMT("mmt") {
            @Override
            VmSelector create(long seed) {
                return new MinimumMigrationTimeSelector();
            }
        },
        MC("mc") {
            @Override
            VmSelector create(long seed) {
                return new MaximumCorrelationSelector(new MinimumMigrationTimeSelector());
            }
        },
        MU("mu") {
            @Override
            VmSelector create(long seed) {
                return new MinimumUtilisationSelector();
            }
        },
        RS("rs") {
            @Override
            VmSelector create(long seed) {
                return new RandomSelector(seed);
            }
        };

        private final String key;

        Selector(String key) {
            this.key = key;
        }

        String key() {
            return key;
        }

        abstract VmSelector create(long seed);
    }

    /** @return the agent's name: {@code detector-selector} */
    static String name(Detector detector, Selector selector) {
        return detector.key() + "-" + selector.key();
    }

    /**
     * @param settings the detector configuration's attributes, missing ones taking their defaults
     * @return the agent composed of the detector, the selector, PABFD with the same detector and CloudSim's
     *         underload step (unless turned off)
     */
    static ConsolidationAgent agent(Detector detector, Selector selector, Map<String, ?> settings) {
        Parts p = detector.parts(settings);
        return new ConsolidationAgent(name(detector, selector), p.detector(), selector.create(p.seed()),
                new PowerAwareBestFitDecreasing(p.detector(), p.checkMemory()),
                p.consolidateUnderloaded() ? new CloudSimUnderloadConsolidation() : UnderloadConsolidation.NONE,
                p.decideEveryMove());
    }

    /**
     * @param settings   the {@link ForecastConfiguration}'s attributes, missing ones taking their defaults
     * @param predictors the predictor factories the {@code predictor} setting names one of
     * @return the agent {@code forecast-SELECTOR}: {@link ForecastDetector} around the named predictor, built for
     *         {@link Metric#CPU_UTILISATION}, in place of the detector, composed as {@link #agent}
     * @throws IllegalArgumentException one line: a value out of range, or a predictor not among
     *                                  {@code predictors} (naming those that are)
     */
    static ConsolidationAgent forecastAgent(Selector selector, Map<String, ?> settings,
            Collection<? extends PredictorFactory> predictors) {
        return forecastAgent(selector, settings, CpuPredictors.of(predictors));
    }

    /**
     * @param predictors the CPU predictors the {@code predictor} setting names one of
     * @return the agent {@code forecast-SELECTOR} around the named predictor
     */
    static ConsolidationAgent forecastAgent(Selector selector, Map<String, ?> settings, CpuPredictors predictors) {
        ForecastConfiguration c = convert(settings, ForecastConfiguration.class);
        Predictor predictor = predictors.cpu(c.predictor());
        OverloadDetector detector = new ForecastDetector(predictor, inRange("parameter", c.parameter(), 1, 10),
                inRange("historyLength", c.historyLength(), 2, 1000), fallback(c.fallbackThreshold()));
        return new ConsolidationAgent(FORECAST + "-" + selector.key(), detector, selector.create(c.seed()),
                new PowerAwareBestFitDecreasing(detector, c.checkMemory()),
                c.consolidateUnderloaded() ? new CloudSimUnderloadConsolidation() : UnderloadConsolidation.NONE,
                c.decideEveryMove());
    }

    /** The name of the forecast detector's agents: {@code forecast-mmt} and so on. */
    static final String FORECAST = "forecast";

    private static StaticThresholdDetector fallback(double threshold) {
        return new StaticThresholdDetector(inRange("fallbackThreshold", threshold, 0.05, 1.0));
    }

    private static <T> T convert(Map<String, ?> settings, Class<T> type) {
        return Converters.standardConverter().convert(settings).to(type);
    }
}
