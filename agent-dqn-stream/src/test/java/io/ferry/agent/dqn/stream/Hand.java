package io.ferry.agent.dqn.stream;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.LinkSpec;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.PowerState;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.cluster.kafka.Decision;
import io.ferry.cluster.kafka.Outcome;
import io.ferry.stream.PoolSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hand-made pool records: pool {@code p} of three 4-CPU hosts {@code h1..h3}; each VM has 2 vCPUs, so a VM at CPU
 * share u adds u / 2 to its host's utilisation.
 */
final class Hand {

    static final PoolId POOL = new PoolId("p");
    static final HostId H1 = new HostId("h1");
    static final HostId H2 = new HostId("h2");
    static final HostId H3 = new HostId("h3");
    static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

    private Hand() {
    }

    static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    /** A VM placement: name, host, CPU share. */
    record Vm(String name, HostId host, double cpu) {
    }

    static Vm vm(String name, HostId host, double cpu) {
        return new Vm(name, host, cpu);
    }

    static PoolSample sample(long seq, int seconds, Vm... vms) {
        Map<HostId, Double> load = new LinkedHashMap<>();
        List<VmState> states = new ArrayList<>();
        for (Vm v : vms) {
            states.add(new VmState(new VmId(v.name()), v.name(), PowerState.RUNNING, Optional.of(v.host()), 1L << 30,
                    2, v.cpu(), Set.of()));
            load.merge(v.host(), v.cpu() * 2 / 4, Double::sum);
        }
        List<HostState> hosts = new ArrayList<>();
        for (HostId h : List.of(H1, H2, H3)) {
            hosts.add(new HostState(h, h.value(), true, false, 4, load.getOrDefault(h, 0.0), 16L << 30, 8L << 30));
        }
        return new PoolSample(POOL, "site", seq, at(seconds),
                new ClusterSnapshot(POOL, at(seconds), hosts, states), List.of());
    }

    static Decision decision(String id, String vm, HostId source, HostId target, int seconds, String agent) {
        MigrationRequest r = new MigrationRequest(new VmId(vm), source, target, 1L << 30, 4096, 1 << 20,
                new LinkSpec(1.25e9, Duration.ofNanos(500_000), 0.9),
                new DirtyBehaviour(100, 1000, DirtyBehaviour.Source.MEASURED), Duration.ofMillis(300));
        return new Decision(id, POOL, r, agent, "test", "precopy", "a", 1, at(seconds));
    }

    static Decision decision(String id, String vm, HostId source, HostId target, int seconds) {
        return decision(id, vm, source, target, seconds, "dqn");
    }

    static Outcome outcome(Decision d, Outcome.Status status, int seconds, String detail) {
        HostId fin = status == Outcome.Status.COMPLETED ? d.request().target() : d.request().source();
        return new Outcome(d.id(), POOL, d.request().vm(), d.request().source(), d.request().target(), status, fin,
                "PRE_COPY", detail, "site", at(seconds));
    }

    static Outcome completed(Decision d, int seconds) {
        return outcome(d, Outcome.Status.COMPLETED, seconds, "completed");
    }
}
