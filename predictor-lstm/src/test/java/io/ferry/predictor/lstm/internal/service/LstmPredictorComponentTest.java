package io.ferry.predictor.lstm.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.Predictor;
import io.ferry.api.model.Metric;
import io.ferry.forecast.Series;
import io.ferry.predictor.lstm.LstmHyperParameters;
import io.ferry.predictor.lstm.LstmModel;
import io.ferry.predictor.lstm.LstmTrainer;
import io.ferry.predictor.lstm.ModelFileException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

class LstmPredictorComponentTest {

    @TempDir
    Path dir;

    /** Model files of each metric, trained in seconds on sines (window 8, one layer of 8 units). */
    private static Path cpuModel;
    private static Path dirtyModel;

    @BeforeAll
    static void trainTinyModels(@TempDir Path models) {
        cpuModel = models.resolve("cpu.zip");
        dirtyModel = models.resolve("dirty.zip");
        train(Metric.CPU_UTILISATION).write(cpuModel);
        train(Metric.DIRTY_PAGES_PER_SECOND).write(dirtyModel);
    }

    private static LstmModel train(Metric metric) {
        List<Series> sines = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            double[] v = new double[120];
            for (int i = 0; i < v.length; i++) {
                v[i] = 0.5 + 0.4 * Math.sin(2 * Math.PI * i / 16.0 + s);
            }
            sines.add(new Series("sines/s" + s, metric, Duration.ofSeconds(300), v));
        }
        LstmHyperParameters tiny = LstmHyperParameters.defaults().withWindow(8).withArchitecture(1, 8)
                .withMaxEpochs(3).withPatience(2).withMaxTrainingWindows(300).withBatchSize(32);
        return new LstmTrainer().train(sines, tiny, 42, r -> { });
    }

    /** Both metrics from model files, as an operator configures them. */
    private static Map<String, Object> files() {
        return Map.of("cpuModel", cpuModel.toString(), "dirtyRateModel", dirtyModel.toString());
    }

    /** A bundle context that records what is registered, by which thread, and what is unregistered. */
    private static final class Registry {
        final List<Predictor> registered = new ArrayList<>();
        final List<String> threads = new ArrayList<>();
        final List<Dictionary<?, ?>> properties = new ArrayList<>();
        int unregistered;

        BundleContext context() {
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                        if (!method.getName().equals("registerService")) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        Dictionary<?, ?> props = new Hashtable<>((Hashtable<?, ?>) args[2]);
                        synchronized (this) {
                            registered.add((Predictor) args[1]);
                            threads.add(Thread.currentThread().getName());
                            properties.add(props);
                        }
                        ServiceReference<?> ref = (ServiceReference<?>) Proxy.newProxyInstance(
                                getClass().getClassLoader(), new Class<?>[] {ServiceReference.class},
                                (p, m, a) -> m.getName().equals("getProperty") ? props.get(a[0]) : null);
                        return Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                    switch (m.getName()) {
                                        case "unregister" -> {
                                            synchronized (this) {
                                                unregistered++;
                                            }
                                            return null;
                                        }
                                        case "getReference" -> {
                                            return ref;
                                        }
                                        default -> throw new UnsupportedOperationException(m.getName());
                                    }
                                });
                    });
        }
    }

    private static LstmPredictorComponent start(Registry r, Map<String, ?> properties) {
        return new LstmPredictorComponent(r.context(), LstmPredictorComponent.configuration(properties));
    }

    /** Waits for the loader thread to end (it ends once both models are read). */
    private static void awaitLoaded() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (loaderAlive()) {
            assertThat(System.nanoTime()).as("the model loader ends within 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static boolean loaderAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("ferry-lstm-model-loader") && t.isAlive());
    }

    @Test
    void bothConfiguredModelsAreRegisteredFromTheLoaderThreadNotTheActivatingOne() throws Exception {
        Registry r = new Registry();
        LstmPredictorComponent c = start(r, files());
        awaitLoaded();
        assertThat(r.registered).extracting(p -> p.name() + "/" + p.metric())
                .containsExactly("lstm/CPU_UTILISATION", "lstm/DIRTY_PAGES_PER_SECOND");
        assertThat(r.threads).allMatch(t -> t.startsWith("ferry-lstm-model-loader"));
        assertThat(r.properties.get(1).get(Predictor.NAME_PROPERTY)).isEqualTo("lstm");
        assertThat(r.properties.get(1).get(Predictor.METRIC_PROPERTY)).isEqualTo("DIRTY_PAGES_PER_SECOND");
        assertThat(r.registered.get(0).model()).isPresent();
        assertThat(c.served()).containsExactly("CPU_UTILISATION", "DIRTY_PAGES_PER_SECOND");
    }

    @Test
    void aMissingModelFileLeavesItsMetricUnservedAndTheOtherServed() throws Exception {
        Registry r = new Registry();
        String missing = dir.resolve("no-such-model.zip").toString();
        start(r, Map.of("cpuModel", missing, "dirtyRateModel", dirtyModel.toString()));
        awaitLoaded();
        assertThat(r.registered).extracting(Predictor::metric).containsExactly(Metric.DIRTY_PAGES_PER_SECOND);
        assertThatThrownBy(() -> LstmPredictorComponent.load(Metric.CPU_UTILISATION, missing))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("no-such-model.zip");
    }

    @Test
    void aTruncatedModelFileLeavesItsMetricUnserved() throws Exception {
        byte[] whole = Files.readAllBytes(dirtyModel);
        Path truncated = Files.write(dir.resolve("truncated.zip"), Arrays.copyOf(whole, whole.length / 2));
        Registry r = new Registry();
        start(r, Map.of("cpuModel", cpuModel.toString(), "dirtyRateModel", truncated.toString()));
        awaitLoaded();
        assertThat(r.registered).extracting(Predictor::metric).containsExactly(Metric.CPU_UTILISATION);
        assertThatThrownBy(() -> LstmPredictorComponent.load(Metric.DIRTY_PAGES_PER_SECOND, truncated.toString()))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("truncated.zip");
    }

    @Test
    void aModelOfTheOtherMetricIsRefusedForThisOne() throws Exception {
        Registry r = new Registry();
        start(r, Map.of("cpuModel", dirtyModel.toString(), "dirtyRateModel", dirtyModel.toString()));
        awaitLoaded();
        assertThat(r.registered).extracting(Predictor::metric).containsExactly(Metric.DIRTY_PAGES_PER_SECOND);
        assertThatThrownBy(() -> LstmPredictorComponent.load(Metric.CPU_UTILISATION, dirtyModel.toString()))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("DIRTY_PAGES_PER_SECOND");
    }

    @Test
    void aFailedShippedModelIsReportedByItsCauseInOneLine() {
        ExceptionInInitializerError failed = new ExceptionInInitializerError(
                new IllegalArgumentException("models/lstm-cpu.zip: missing\n(inside the jar)"));
        assertThat(LstmPredictorComponent.oneLine(failed)).isEqualTo("models/lstm-cpu.zip: missing");
    }

    @Test
    void deactivationUnregistersEveryServiceAndLeavesNoThread() throws Exception {
        Registry r = new Registry();
        LstmPredictorComponent c = start(r, files());
        c.deactivate();
        assertThat(loaderAlive()).as("loader thread after deactivate").isFalse();
        assertThat(r.unregistered).isEqualTo(r.registered.size());
        assertThat(c.served()).isEmpty();
    }
}
