package io.ferry.agent.dqn.internal.service;

import io.ferry.agent.dqn.DqnAgent;
import io.ferry.agent.dqn.DqnModel;
import io.ferry.agent.dqn.ExperienceSink;
import io.ferry.agent.dqn.ModelFileException;
import io.ferry.agent.dqn.RewardWeights;
import io.ferry.agent.dqn.ShippedModel;
import io.ferry.api.MigrationAgent;
import io.ferry.policy.support.DaemonThreads;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
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
 * Registers the DQN {@link MigrationAgent} service ({@code agent.name=dqn}) from the model file configured under
 * the PID {@value #PID} ({@code modelFile}; empty: the model shipped in the bundle), so that
 * {@code migration:use --agent dqn} finds it. Beside it, while the agent has a replay buffer (the configuration is
 * valid), an {@link ExperienceSink} service with the same property: experience from elsewhere (the Kafka stream,
 * module agent-dqn-stream) enters that buffer through it and counts towards fine-tuning as the agent's own does.
 * Both services go together.
 *
 * <p>The model is read on the component's own single thread ({@value #THREAD}), never on SCR's: activation returns
 * at once and the service appears when the model is read (SCR holds a lock while it activates; a slow activation
 * makes other callers fail with "Could not obtain lock"). A model file that is missing, truncated, corrupt or does
 * not fit this agent (another feature or action count or layout) is logged in one line, and the agent is
 * registered all the same, refusing every decision with that line (e.g. {@code model file /x/dqn.zip expects 14
 * features, this agent builds 16}): a pool that selected {@code dqn} then makes no decision, never a blind one,
 * and its status says why. An invalid configuration value (a weight below 0, a fine-tuning count below 1) is
 * refused the same way, with {@code key = value: must be ...}.
 *
 * <p>Online fine-tuning ({@code onlineLearning}, off by default) runs on the same thread, as {@link FineTuning}
 * says; the thread ends after {@value #IDLE_SECONDS} s without work, so nothing idles once the model is in and
 * learning is off. A changed configuration deactivates the component (the service goes, a load or a run in
 * progress is interrupted and waited for, up to {@value #STOP_WAIT_SECONDS} s) and activates a new one, which reads
 * the model again: fine-tuned weights are not kept across a reconfiguration or a restart of the bundle.
 *
 * <p>Cost: reading a model file (about 50 KB: weights, provenance, the DL4J network's bytes, no DL4J call) once per
 * activation; decisions cost what {@link DqnAgent} says; fine-tuning what {@link FineTuning} says.
 */
@Component(service = {}, immediate = true, configurationPid = DqnAgentComponent.PID)
@Designate(ocd = DqnAgentConfiguration.class)
public final class DqnAgentComponent {

    static final String PID = "io.ferry.agent.dqn";

    /** The name of the component's thread (model loading and fine-tuning). */
    static final String THREAD = "ferry-dqn-agent";

    /** How long deactivation waits for a load or a fine-tuning run in progress to stop. */
    static final long STOP_WAIT_SECONDS = 10;

    /** How long the component's thread waits for work before it ends (a new one starts with the next task). */
    static final long IDLE_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(DqnAgentComponent.class);

    private final BundleContext context;
    private final ThreadPoolExecutor worker;
    private final FineTuning.Trainer trainer;
    private final Object lock = new Object();
    /** The threads the worker started (at most one alive): deactivation waits until they have ended. */
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private ServiceRegistration<MigrationAgent> registration;
    private ServiceRegistration<ExperienceSink> sinkRegistration;
    private RegisteredDqnAgent registered;
    private BufferSink sink;
    private boolean closed;

    @Activate
    public DqnAgentComponent(BundleContext context, DqnAgentConfiguration config) {
        this(context, config, FineTuning.LEARNER);
    }

    /** With another trainer for fine-tuning runs (tests). */
    DqnAgentComponent(BundleContext context, DqnAgentConfiguration config, FineTuning.Trainer trainer) {
        this.context = context;
        this.trainer = trainer;
        ThreadFactory named = DaemonThreads.named(THREAD);
        this.worker = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = named.newThread(r);
            threads.removeIf(old -> !old.isAlive());
            threads.add(t);
            return t;
        });
        worker.allowCoreThreadTimeOut(true);
        worker.execute(() -> loadAndRegister(config));
    }

    /** For tests outside OSGi: the configuration from a property map, missing keys taking their defaults. */
    static DqnAgentConfiguration configuration(Map<String, ?> properties) {
        return Converters.standardConverter().convert(properties).to(DqnAgentConfiguration.class);
    }

    /**
     * @return the agent's settings
     * @throws IllegalArgumentException {@code key = value: must be ...} for the first invalid value
     */
    static DqnAgent.Settings agentSettings(DqnAgentConfiguration c) {
        if (c.replayCapacity() < 1) {
            throw new IllegalArgumentException("replayCapacity = " + c.replayCapacity() + ": must be >= 1");
        }
        return new DqnAgent.Settings(c.checkMemory(), c.replayCapacity(), c.forecasts(), reward(c));
    }

    /**
     * @return the fine-tuning settings
     * @throws IllegalArgumentException {@code key = value: must be ...} for the first invalid value
     */
    static FineTuning.Settings tuningSettings(DqnAgentConfiguration c) {
        return new FineTuning.Settings(c.onlineLearning(), c.fineTuneEvery(), c.fineTuneBatch(), c.fineTuneUpdates(),
                c.fineTuneSeed(), reward(c));
    }

    private static RewardWeights reward(DqnAgentConfiguration c) {
        try {
            return new RewardWeights(c.rewardEnergy(), c.rewardSlatah(), c.rewardPdm(), c.rewardDowntime(),
                    c.rewardMigration());
        } catch (IllegalArgumentException e) {
            // "energy = -1.0: must be ..." names the record's field; say the configuration key
            String m = e.getMessage();
            throw new IllegalArgumentException("reward" + Character.toUpperCase(m.charAt(0)) + m.substring(1), e);
        }
    }

    /**
     * @param file the model file, blank for the shipped model
     * @return the model, checked against this agent
     * @throws ModelFileException when the file is missing, truncated, corrupt or does not fit this agent
     */
    static DqnModel load(String file) {
        if (file.isBlank()) {
            return ShippedModel.get();
        }
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw ModelFileException.mismatch(file, "not a path (" + e.getReason() + ")");
        }
        return DqnModel.load(path);
    }

    /** Builds the agent from the configuration and registers it, whatever the model's state; on the worker. */
    private void loadAndRegister(DqnAgentConfiguration config) {
        String file = config.modelFile().strip();
        String source = file.isBlank() ? "the shipped model" : file;
        RegisteredDqnAgent agent;
        try {
            DqnAgent.Settings settings = agentSettings(config);
            FineTuning.Settings tuning = tuningSettings(config);
            DqnAgent dqn;
            try {
                dqn = new DqnAgent(load(file), settings);
            } catch (ModelFileException e) {
                dqn = DqnAgent.withoutModel(e, settings);
            } catch (RuntimeException | LinkageError e) {
                dqn = DqnAgent.withoutModel(ModelFileException.corrupt(source, oneLine(e), e), settings);
            }
            agent = new RegisteredDqnAgent(dqn, new FineTuning(dqn, worker, tuning, trainer));
        } catch (IllegalArgumentException e) {
            agent = RegisteredDqnAgent.refusing(new IllegalArgumentException("configuration " + PID + ": "
                    + e.getMessage(), e));
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            registered = agent;
            registration = context.registerService(MigrationAgent.class, agent, properties());
            if (agent.agent().isPresent()) {
                sink = new BufferSink(agent.agent().get(), agent.tuning().orElseThrow());
                sinkRegistration = context.registerService(ExperienceSink.class, sink, properties());
            }
        }
        Optional<String> problem = agent.refusal();
        if (problem.isPresent()) {
            LOG.error("dqn: registered, refusing every decision: {}", problem.get());
        } else {
            DqnAgent dqn = agent.agent().orElseThrow();
            LOG.info("dqn: agent registered from {} ({}); online learning {}", source,
                    dqn.model().orElseThrow().info(), config.onlineLearning() ? "on, every "
                            + config.fineTuneEvery() + " transitions" : "off");
        }
    }

    /** @return the service properties the agent is registered with */
    static Dictionary<String, Object> properties() {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(MigrationAgent.NAME_PROPERTY, DqnAgent.NAME);
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
        RegisteredDqnAgent agent;
        ServiceRegistration<MigrationAgent> r;
        ServiceRegistration<ExperienceSink> sink;
        synchronized (lock) {
            closed = true;
            agent = registered;
            r = registration;
            registration = null;
            sink = sinkRegistration;
            sinkRegistration = null;
        }
        for (ServiceRegistration<?> each : Arrays.asList(sink, r)) { // the sink first: its users go before the agent
            if (each != null) {
                try {
                    each.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // the framework unregisters a stopping bundle's services itself
                }
            }
        }
        if (agent != null) {
            agent.tuning().ifPresent(FineTuning::close);
        }
        worker.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
        boolean stopped = worker.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        // a terminated pool's last thread may still be on its way out: wait until it has ended
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left > 0) {
                t.join(left);
            }
            stopped &= !t.isAlive();
        }
        if (!stopped) {
            LOG.warn("dqn: the agent's thread did not stop within {} s", STOP_WAIT_SECONDS);
        }
    }

    /** @return the experience sink registered now, for tests */
    Optional<ExperienceSink> sink() {
        synchronized (lock) {
            return sinkRegistration == null ? Optional.empty() : Optional.of(sink);
        }
    }

    /** @return the agent registered now, for tests */
    Optional<RegisteredDqnAgent> registered() {
        synchronized (lock) {
            return registration == null ? Optional.empty() : Optional.of(registered);
        }
    }
}
