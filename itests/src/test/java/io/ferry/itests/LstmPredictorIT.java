package io.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;

import io.ferry.api.Predictor;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.PoolId;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.FerryController;
import io.ferry.controller.ForecastRecord;
import io.ferry.controller.PluginKind;
import io.ferry.controller.PoolStatus;
import io.ferry.controller.PredictorUse;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The learned predictors inside Karaf (issue 10): {@code ferry-predictor-lstm} installs over the long-lived
 * Deeplearning4j library bundle ({@code ferry-ml}); {@code lstm} is selected for the simulated pool as an operator
 * does ({@code migration:use --pool sim --predictor lstm}) and its forecasts, with their model, inform the pool's
 * decisions and are audited beside what then happened; {@code predictor-lstm} is stopped and started, updated and
 * uninstalled and installed again ten times while the pool runs, and no class loader of an old revision stays
 * reachable and no thread is left behind, while the pool keeps deciding without it and its status says it is
 * missing. One forecast through the registered service is timed over a few thousand calls (printed, never
 * asserted), and ND4J runs from the library bundle.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LstmPredictorIT extends FerryTestSupport {

    private static final PoolId SIM = new PoolId("sim");
    private static final String LSTM_BUNDLE = "io.ferry.predictor-lstm";
    private static final int SWAPS = 10;
    private static final int TIMED_CALLS = 3000;
    private static final int WARM_UP_CALLS = 500;
    /** Threads that may come and go between two counts for reasons of their own (Karaf, SCR, the pools). */
    private static final int THREAD_SLACK = 4;
    private static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    protected FerryController controller;

    @Configuration
    public Option[] config() {
        return baseOptions(
                features(maven().groupId("io.ferry").artifactId("karaf-features").version(FERRY_VERSION)
                        .classifier("features").type("xml"), "ferry-predictor-lstm"),
                // one telemetry sample a simulated second, ten simulated seconds a wall-clock second: the LSTM's
                // window of 20 samples fills in two seconds; the pool decides every second
                editConfigurationFilePut("etc/io.ferry.simpool-sim.cfg", "sampleSeconds", "1"),
                editConfigurationFilePut("etc/io.ferry.simpool-sim.cfg", "timeScale", "10"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "pool.name", "sim"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "policy", "hybrid"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "intervalSeconds", "1"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "holdSeconds", "1"));
    }

    @Test
    public void lstmSelectedForThePoolInformsItsDecisionsWithItsModel() {
        selectLstm();
        waitFor("a decision informed by an lstm forecast", Duration.ofSeconds(120),
                () -> !lstmForecasts(AuditRecord.Type.DECISION).isEmpty());
        ForecastRecord used = lstmForecasts(AuditRecord.Type.DECISION).get(0);
        assertTrue("the decision names the model: " + used, used.model().isPresent());
        assertTrue("model name " + used.model().get(), used.model().get().name().contains("lstm"));
        assertFalse("model fingerprint", used.model().get().fingerprint().isBlank());
        // the forecast is audited again beside what was then measured
        waitFor("an lstm forecast beside what happened", Duration.ofSeconds(60),
                () -> lstmForecasts(AuditRecord.Type.FORECAST).stream().anyMatch(f -> f.observed().isPresent()));
        PoolStatus status = controller.pool(SIM).orElseThrow();
        List<Metric> shipped = shipped();
        for (PredictorUse use : status.predictors()) {
            assertEquals("lstm", use.predictor());
            if (!shipped.contains(use.metric())) {
                assertFalse(use.metric() + " has no model, so no service: " + use, use.installed());
                continue;
            }
            assertTrue(use.metric() + " installed: " + use, use.installed());
            assertTrue(use.metric() + " from " + use.bundle(), use.bundle().startsWith(LSTM_BUNDLE + "/"));
        }
        assertContains("lstm", executeCommand("migration:status"));
    }

    @Test
    public void predictorLstmSwapsTenTimesWhileThePoolRunsWithoutLeakingClassLoadersOrThreads() throws Exception {
        selectLstm();
        // one swap of each kind first, so that whatever a first swap starts once (the refresh thread) is counted
        for (int kind = 0; kind < 3; kind++) {
            swap(kind);
        }
        collectGarbage();
        int threadsBefore = liveThreads();
        List<WeakReference<ClassLoader>> oldLoaders = new ArrayList<>();
        for (int i = 0; i < SWAPS; i++) {
            Bundle b = bundle(LSTM_BUNDLE);
            if (i % 3 != 0) {
                // update and uninstall/install replace the bundle's class loader: the old one must go
                oldLoaders.add(new WeakReference<>(b.adapt(BundleWiring.class).getClassLoader()));
            }
            swap(i % 3);
        }
        waitFor("old predictor-lstm class loaders collected", Duration.ofSeconds(60), () -> {
            collectGarbage();
            return oldLoaders.stream().allMatch(r -> r.get() == null);
        });
        collectGarbage();
        int threadsAfter = liveThreads();
        System.out.printf("LstmPredictorIT: %d swaps; %d old class loaders collected; live threads %d before,"
                + " %d after%n", SWAPS, oldLoaders.size(), threadsBefore, threadsAfter);
        assertTrue("threads grew from " + threadsBefore + " to " + threadsAfter + ": " + threadNames(),
                threadsAfter <= threadsBefore + THREAD_SLACK);
        assertFalse("the model loader ended: " + threadNames(),
                threadNames().stream().anyMatch(n -> n.startsWith("ferry-lstm-model-loader")));
        lstmServices(); // both served again at the end
    }

    @Test
    public void oneForecastThroughTheRegisteredServiceIsTimedOverThousandsOfCalls() throws Exception {
        for (Metric metric : shipped()) {
            ServiceReference<Predictor> ref = lstmService(metric);
            Predictor p = bundleContext.getService(ref);
            try {
                MetricWindow window = window(metric, p.minimumHistory());
                double first = p.forecast(window, 1).mean(1);
                assertTrue(metric + " forecast " + first, Double.isFinite(first));
                for (int i = 0; i < WARM_UP_CALLS; i++) {
                    p.forecast(window, 1);
                }
                long[] nanos = new long[TIMED_CALLS];
                for (int i = 0; i < TIMED_CALLS; i++) {
                    long t0 = System.nanoTime();
                    double v = p.forecast(window, 1).mean(1);
                    nanos[i] = System.nanoTime() - t0;
                    assertEquals("the same window gives the same forecast", first, v, 0.0);
                }
                Arrays.sort(nanos);
                System.out.printf("LstmPredictorIT: lstm %s forecast inside Karaf over %d calls: p50 %.3f ms,"
                        + " p99 %.3f ms, max %.3f ms%n", metric, TIMED_CALLS, nanos[TIMED_CALLS / 2] / 1e6,
                        nanos[(int) (TIMED_CALLS * 0.99)] / 1e6, nanos[TIMED_CALLS - 1] / 1e6);
            } finally {
                bundleContext.ungetService(ref);
            }
        }
    }

    @Test
    public void nd4jRunsInsideKarafFromTheLibraryBundle() {
        long t0 = System.nanoTime();
        INDArray product = Nd4j.create(new double[][] {{1, 2}, {3, 4}}).mmul(Nd4j.create(new double[][] {{5}, {6}}));
        System.out.printf("LstmPredictorIT: first ND4J product inside Karaf (backend and natives loaded) in %.1f s%n",
                (System.nanoTime() - t0) / 1e9);
        assertEquals(17.0, product.getDouble(0, 0), 1e-9);
        assertEquals(39.0, product.getDouble(1, 0), 1e-9);
        Bundle backend = FrameworkUtil.getBundle(Nd4j.getBackend().getClass());
        assertNotNull("the ND4J backend is loaded by a bundle", backend);
        assertEquals("io.ferry.ml-dl4j", backend.getSymbolicName());
    }

    /** Selects lstm for the pool as an operator does, once both of its services are there. */
    private void selectLstm() {
        lstmServices();
        waitFor("the sim pool", SERVICE_TIMEOUT, () -> controller.pool(SIM).isPresent());
        if (!controller.pool(SIM).orElseThrow().selection().predictor().equals(Optional.of("lstm"))) {
            String out = executeCommand("migration:use --pool sim --predictor lstm");
            assertFalse(out, out.startsWith("Error"));
        }
        assertEquals(Optional.of("lstm"), controller.pool(SIM).orElseThrow().selection().predictor());
    }

    /**
     * One swap of predictor-lstm while the pool runs: 0 stop and start, 1 update, 2 uninstall and install. While the
     * bundle is gone the pool must keep deciding and say that lstm is missing; afterwards both services are back.
     */
    private void swap(int kind) throws Exception {
        Bundle b = bundle(LSTM_BUNDLE);
        assertNotNull(LSTM_BUNDLE, b);
        switch (kind) {
            case 0 -> {
                b.stop();
                assertDecidesWithoutLstm("stopped");
                b.start();
            }
            case 1 -> {
                b.update();
                SwapChecks.refresh(bundleContext);
            }
            default -> {
                b.uninstall();
                SwapChecks.refresh(bundleContext);
                assertDecidesWithoutLstm("uninstalled");
                bundleContext.installBundle("mvn:io.ferry/predictor-lstm/" + FERRY_VERSION).start();
            }
        }
        lstmServices();
        List<Metric> shipped = shipped();
        waitFor("the pool's status shows lstm installed again", SERVICE_TIMEOUT, () -> controller.pool(SIM)
                .map(s -> !s.predictors().isEmpty() && s.predictors().stream()
                        .filter(u -> shipped.contains(u.metric())).allMatch(PredictorUse::installed))
                .orElse(false));
    }

    private void assertDecidesWithoutLstm(String state) {
        waitFor("status says lstm is missing (" + state + ")", SERVICE_TIMEOUT, () -> controller.pool(SIM)
                .map(s -> !s.predictors().isEmpty() && s.predictors().stream().noneMatch(PredictorUse::installed))
                .orElse(false));
        long cycles = controller.pool(SIM).orElseThrow().counters().cycles();
        waitFor("the pool decides while lstm is " + state, SERVICE_TIMEOUT,
                () -> controller.pool(SIM).orElseThrow().counters().cycles() >= cycles + 2);
        PoolStatus s = controller.pool(SIM).orElseThrow();
        assertEquals(Optional.of("lstm"), s.selection().predictor());
        assertTrue("both metrics missing: " + s.predictors(), s.predictors().stream().noneMatch(PredictorUse::installed));
    }

    /** @return the metrics predictor-lstm ships a model for, checked in the bundle: CPU and the dirty rate */
    private List<Metric> shipped() {
        Bundle b = bundle(LSTM_BUNDLE);
        assertNotNull(LSTM_BUNDLE, b);
        assertNotNull("the shipped CPU model", b.getEntry("models/lstm-cpu.zip"));
        assertNotNull("the shipped dirty-rate model", b.getEntry("models/lstm-dirty-rate.zip"));
        return List.of(Metric.CPU_UTILISATION, Metric.DIRTY_PAGES_PER_SECOND);
    }

    /** Waits for an lstm service of every metric with a shipped model. */
    private void lstmServices() {
        waitFor("predictor-lstm", SERVICE_TIMEOUT, () -> bundle(LSTM_BUNDLE) != null);
        for (Metric m : shipped()) {
            waitFor("the lstm " + m + " predictor", SERVICE_TIMEOUT, () -> lstmReference(m) != null);
        }
    }

    private ServiceReference<Predictor> lstmService(Metric metric) {
        lstmServices();
        return lstmReference(metric);
    }

    private ServiceReference<Predictor> lstmReference(Metric metric) {
        try {
            Collection<ServiceReference<Predictor>> refs = bundleContext.getServiceReferences(Predictor.class,
                    "(&(" + Predictor.NAME_PROPERTY + "=lstm)(" + Predictor.METRIC_PROPERTY + "=" + metric.name()
                            + "))");
            return refs.isEmpty() ? null : refs.iterator().next();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** @return the lstm forecasts in the pool's audit records of this type */
    private List<ForecastRecord> lstmForecasts(AuditRecord.Type type) {
        return controller.history(Optional.of(SIM), 5000).stream().filter(r -> r.type() == type)
                .flatMap(r -> r.forecasts().stream()).filter(f -> f.predictor().equals("lstm")).toList();
    }

    /** A window of a daily-like curve in the metric's range, as long as the model asks for. */
    private static MetricWindow window(Metric metric, int samples) {
        double scale = metric == Metric.CPU_UTILISATION ? 1.0 : 20_000.0;
        double[] values = new double[samples];
        for (int i = 0; i < samples; i++) {
            values[i] = scale * (0.45 + 0.3 * Math.sin(i / 4.0));
        }
        return new MetricWindow("vm-000", metric, Instant.parse("2011-03-25T12:00:00Z"), Duration.ofMinutes(5),
                values);
    }

    private static void collectGarbage() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int liveThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).count();
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).sorted()
                .toList();
    }
}
