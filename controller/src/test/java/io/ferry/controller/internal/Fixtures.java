package io.ferry.controller.internal;

import io.ferry.api.AgentContext;
import io.ferry.api.HypervisorAdapter;
import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationAgent;
import io.ferry.api.MigrationHandle;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.MigrationSteering;
import io.ferry.api.PageView;
import io.ferry.api.model.Capability;
import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.Metric;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.MigrationCost;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.MigrationOutcome;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.MigrationProgress;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.RoundReport;
import io.ferry.api.model.Technique;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** Hand-written fakes for the controller's unit tests: no OSGi, no threads of their own. */
public final class Fixtures {

    public static final long GIB = 1L << 30;

    private Fixtures() {
    }

    public static HostState host(String id, double cpu) {
        return new HostState(new HostId(id), id, true, false, 16, cpu, 64 * GIB, 32 * GIB);
    }

    public static VmState vm(String id, String host, double cpu, String... tags) {
        return new VmState(new VmId(id), id, PowerState.RUNNING, Optional.of(new HostId(host)), 2 * GIB, 4, cpu,
                Set.of(tags));
    }

    /** A clock the test moves. */
    public static final class MutableClock extends Clock {
        public Instant now = Instant.parse("2026-11-22T12:00:00Z");

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A pool whose state the test sets and whose migrations the test finishes. */
    public static final class FakeAdapter implements HypervisorAdapter {
        public final PoolId pool;
        public Set<Capability> capabilities = EnumSet.allOf(Capability.class);
        public List<HostState> hosts = new ArrayList<>();
        public List<VmState> vms = new ArrayList<>();
        public final Map<MigrationId, FakeHandle> handles = new LinkedHashMap<>();
        public final List<MigrationSteering> steerings = new ArrayList<>();
        public HypervisorException refuse;
        public Map<String, double[]> series = new LinkedHashMap<>();
        /** The time of every series' newest sample (5 s apart). */
        public Instant seriesEnd = Instant.EPOCH;
        /** When set, every snapshot throws it (the hypervisor does not answer). */
        public HypervisorException unreachable;
        public int snapshotCalls;
        /** What {@link #bandwidthCaps()} says; empty: nothing, as the interface's default. */
        public Optional<String> bandwidthCaps = Optional.empty();

        public FakeAdapter(String pool) {
            this.pool = new PoolId(pool);
        }

        @Override
        public PoolId pool() {
            return pool;
        }

        @Override
        public String kind() {
            return "fake";
        }

        @Override
        public Set<Capability> capabilities() {
            return capabilities;
        }

        @Override
        public Optional<String> bandwidthCaps() {
            return bandwidthCaps;
        }

        @Override
        public ClusterSnapshot snapshot() throws HypervisorException {
            snapshotCalls++;
            if (unreachable != null) {
                throw unreachable;
            }
            return new ClusterSnapshot(pool, Instant.EPOCH, hosts, vms);
        }

        @Override
        public Optional<MetricWindow> metrics(String subject, Metric metric, int samples) {
            double[] v = series.get(subject + "|" + metric);
            return v == null ? Optional.empty()
                    : Optional.of(new MetricWindow(subject, metric, seriesEnd, Duration.ofSeconds(5), v));
        }

        @Override
        public MigrationHandle migrate(MigrationId id, MigrationRequest request, MigrationSteering steering)
                throws HypervisorException {
            if (refuse != null) {
                throw refuse;
            }
            FakeHandle h = new FakeHandle(id, request);
            handles.put(id, h);
            steerings.add(steering);
            return h;
        }

        /** Completes every migration in flight, moving each VM. */
        public void completeAll() {
            for (FakeHandle h : List.copyOf(handles.values())) {
                h.complete(MigrationOutcome.Status.COMPLETED);
            }
        }

        public final class FakeHandle implements MigrationHandle {
            public final MigrationId id;
            public final MigrationRequest request;
            public final CompletableFuture<MigrationOutcome> outcome = new CompletableFuture<>();
            public boolean cancelRequested;

            FakeHandle(MigrationId id, MigrationRequest request) {
                this.id = id;
                this.request = request;
            }

            @Override
            public MigrationId id() {
                return id;
            }

            @Override
            public MigrationProgress progress() {
                return new MigrationProgress(0.5, MigrationProgress.Phase.PRE_COPY, 1, Duration.ofSeconds(1), 10);
            }

            @Override
            public CompletionStage<MigrationOutcome> outcome() {
                return outcome;
            }

            @Override
            public void cancel() {
                cancelRequested = true;
                complete(MigrationOutcome.Status.CANCELLED);
            }

            public void complete(MigrationOutcome.Status status) {
                if (outcome.isDone()) {
                    return;
                }
                handles.remove(id);
                boolean moved = status == MigrationOutcome.Status.COMPLETED;
                HostId finalHost = moved ? request.target() : request.source();
                if (moved) {
                    vms.replaceAll(v -> v.id().equals(request.vm()) ? new VmState(v.id(), v.name(), v.power(),
                            Optional.of(finalHost), v.memoryBytes(), v.vcpus(), v.cpuUtilisation(), v.tags()) : v);
                }
                Optional<MigrationMetrics> metrics = moved ? Optional.of(new MigrationMetrics(Duration.ofSeconds(3),
                        Duration.ofMillis(40), 100, 10, 1, 2, 0, Duration.ZERO, Duration.ZERO, false))
                        : Optional.empty();
                outcome.complete(new MigrationOutcome(id, request.vm(), request.source(), request.target(), status,
                        finalHost, Technique.PRE_COPY, metrics, moved ? "" : "TASK_CANCELLED"));
            }
        }
    }

    /** An agent that returns what the test scripts, and remembers what it learned. */
    public static final class ScriptedAgent implements MigrationAgent {
        public final String name;
        public Function<AgentContext, List<MigrationDecision>> decide = c -> List.of();
        public final List<MigrationOutcome> learned = new ArrayList<>();
        public final List<AgentContext> contexts = new ArrayList<>();

        public ScriptedAgent(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<MigrationDecision> decide(AgentContext context) {
            contexts.add(context);
            return decide.apply(context);
        }

        @Override
        public void learn(MigrationDecision decision, MigrationOutcome outcome) {
            learned.add(outcome);
        }
    }

    /** A policy with a fixed prediction and a recognisable steering. */
    public static final class FixedPolicy implements MigrationPolicy {
        public final String name;
        public final Set<Capability> required;
        public RuntimeException planFailure;
        public int plans;
        public MigrationRequest lastPlanned;
        public MigrationRequest lastSteered;

        public FixedPolicy(String name, Capability... required) {
            this.name = name;
            this.required = Set.of(required);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<Capability> requiredCapabilities() {
            return required;
        }

        @Override
        public MigrationPlan plan(MigrationRequest request) {
            plans++;
            lastPlanned = request;
            if (planFailure != null) {
                throw planFailure;
            }
            return new MigrationPlan(name, Technique.PRE_COPY, new MigrationCost(Duration.ofSeconds(2),
                    Duration.ofMillis(30), request.memoryBytes()), Optional.empty(), name + " plan");
        }

        @Override
        public MigrationSteering steer(MigrationRequest request, Set<Capability> available) {
            lastSteered = request;
            return new NamedSteering(name);
        }
    }

    /** A steering that says which policy made it. */
    public record NamedSteering(String policy) implements MigrationSteering {
        @Override
        public RoundDecision begin(Optional<PageView> pages) {
            return new RoundDecision.StopAndCopy();
        }

        @Override
        public RoundDecision afterRound(RoundReport report, Optional<PageView> pages) {
            return new RoundDecision.StopAndCopy();
        }
    }

    public static <S> PluginRegistry.Entry<S> entry(String name, S service, long id) {
        return new PluginRegistry.Entry<>(name, service, "io.ferry.test." + name, "1.0." + id, id, 0);
    }
}
