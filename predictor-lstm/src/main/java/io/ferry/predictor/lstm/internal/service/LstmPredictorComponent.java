package io.ferry.predictor.lstm.internal.service;

import io.ferry.api.Predictor;
import io.ferry.api.model.Metric;
import io.ferry.policy.support.DaemonThreads;
import io.ferry.predictor.lstm.LstmModel;
import io.ferry.predictor.lstm.LstmPredictor;
import io.ferry.predictor.lstm.ShippedModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.converter.Converters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the LSTM {@link Predictor} services — one per metric ({@code predictor.name=lstm},
 * {@code predictor.metric=CPU_UTILISATION} / {@code DIRTY_PAGES_PER_SECOND}) — from the model files configured
 * under the PID {@value #PID} ({@code cpuModel}, {@code dirtyRateModel}; empty: the models shipped in the bundle).
 *
 * <p>The models are read on the component's own single thread, never on SCR's: activation returns at once and
 * each service appears when its model is ready (SCR holds a lock while it activates; a slow activation makes other
 * callers fail with "Could not obtain lock"). A model that is missing, truncated, corrupt or for another metric is
 * logged in one line naming the file and that metric gets no service; the other metric is still served, and pools
 * that selected {@code lstm} for it decide without a forecast. The thread ends once both models are read; a changed
 * configuration deactivates the component (its services go, a load still running is interrupted and waited for)
 * and activates a new one.
 *
 * <p>Cost: reading a model file (about 370 KB: weights, provenance, the DL4J network) per metric, once per activation;
 * forecasts cost what {@link LstmPredictor} says (a plain-Java forward pass, no ND4J call). Nothing else runs.
 */
@Component(service = {}, immediate = true, configurationPid = LstmPredictorComponent.PID)
@Designate(ocd = LstmPredictorConfiguration.class)
public final class LstmPredictorComponent {

    static final String PID = "io.ferry.predictor.lstm";

    /** How long deactivation waits for a load in progress to stop. */
    private static final long STOP_WAIT_SECONDS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(LstmPredictorComponent.class);

    private final BundleContext context;
    private final ExecutorService loader;
    private final List<ServiceRegistration<Predictor>> registrations = new ArrayList<>();
    private boolean closed;

    @Activate
    public LstmPredictorComponent(BundleContext context, LstmPredictorConfiguration config) {
        this.context = context;
        Map<Metric, String> sources = sources(config);
        this.loader = Executors.newSingleThreadExecutor(DaemonThreads.named("ferry-lstm-model-loader"));
        loader.execute(() -> sources.forEach(this::loadAndRegister));
        // the thread ends once the task is done: nothing idles after the models are in
        loader.shutdown();
    }

    /** For tests outside OSGi: the configuration from a property map, missing keys taking their defaults. */
    static LstmPredictorConfiguration configuration(Map<String, ?> properties) {
        return Converters.standardConverter().convert(properties).to(LstmPredictorConfiguration.class);
    }

    /** @return the model file configured for each metric, in the order they are loaded; blank = the shipped one */
    static Map<Metric, String> sources(LstmPredictorConfiguration config) {
        Map<Metric, String> sources = new LinkedHashMap<>();
        sources.put(Metric.CPU_UTILISATION, config.cpuModel().strip());
        sources.put(Metric.DIRTY_PAGES_PER_SECOND, config.dirtyRateModel().strip());
        return sources;
    }

    /**
     * @param metric the metric the model must forecast
     * @param file   the model file, blank for the shipped model
     * @return the predictor over that model
     * @throws IllegalArgumentException (a {@code ModelFileException}) when the file is missing, truncated,
     *                                  corrupt or for another metric
     */
    static LstmPredictor load(Metric metric, String file) {
        LstmModel model = file.isBlank() ? ShippedModels.forMetric(metric)
                : LstmModel.read(Path.of(file)).requireMetric(metric);
        return new LstmPredictor(model);
    }

    private void loadAndRegister(Metric metric, String file) {
        String source = file.isBlank() ? "the shipped model" : file;
        LstmPredictor predictor;
        try {
            predictor = load(metric, file);
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: a shipped model that cannot be read fails ShippedModels' holder class initialisation
            LOG.error("lstm: no {} predictor: {} ({})", metric, oneLine(e), source);
            return;
        }
        synchronized (registrations) {
            if (closed) {
                return;
            }
            registrations.add(context.registerService(Predictor.class, predictor, properties(predictor)));
        }
        LOG.info("lstm: {} predictor registered from {} ({})", metric, source, predictor.model()
                .map(m -> m.name() + " " + m.version() + " " + m.fingerprint()).orElse("no model information"));
    }

    /** @return the service properties a predictor is registered with */
    static Dictionary<String, Object> properties(Predictor p) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Predictor.NAME_PROPERTY, p.name());
        props.put(Predictor.METRIC_PROPERTY, p.metric().name());
        return props;
    }

    /** @return the first line of what went wrong, from the cause of a failed class initialisation */
    static String oneLine(Throwable e) {
        if (e instanceof ExceptionInInitializerError && e.getCause() != null) {
            e = e.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        synchronized (registrations) {
            closed = true;
        }
        loader.shutdownNow();
        if (!loader.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("lstm: the model loader did not stop within {} s", STOP_WAIT_SECONDS);
        }
        synchronized (registrations) {
            for (ServiceRegistration<Predictor> r : registrations) {
                try {
                    r.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the framework unregisters a stopping bundle's services itself
                }
            }
            registrations.clear();
        }
    }

    /** @return the metrics served now, for tests */
    List<String> served() {
        synchronized (registrations) {
            return registrations.stream().map(r -> (String) r.getReference().getProperty(Predictor.METRIC_PROPERTY))
                    .toList();
        }
    }
}
