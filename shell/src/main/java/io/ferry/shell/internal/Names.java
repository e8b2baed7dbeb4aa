package io.ferry.shell.internal;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostId;
import io.ferry.api.model.HostState;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.controller.PoolStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The name labels of the hosts and VMs the controller knows, from each pool's last snapshot: shown beside their
 * ids, because on a XenServer pool the ids are XAPI UUIDs and operators know their machines by name
 * ({@code 3f2a… (web-01)}), and accepted in place of an id ({@link #vm}, {@link #host}). An id whose name is
 * blank or the id itself is shown alone; an object no longer in the snapshot (a VM deleted since a history record)
 * by its id only.
 *
 * <p>Decides what a typed word means: the id when an object has that id, else the one object with that name; a
 * name several objects share is refused with one line listing them. Cost: O(hosts + VMs) to build, O(1) a
 * lookup; built once per command from one {@code pools()} call, so it never calls a hypervisor.
 */
final class Names {

    private final Map<PoolId, Map<String, String>> vmNames = new HashMap<>();
    private final Map<PoolId, Map<String, String>> hostNames = new HashMap<>();

    private Names(List<PoolStatus> pools) {
        for (PoolStatus p : pools) {
            p.snapshot().ifPresent(s -> {
                Map<String, String> vms = vmNames.computeIfAbsent(p.pool(), k -> new HashMap<>());
                s.vms().forEach(v -> vms.put(v.id().value(), v.name()));
                Map<String, String> hosts = hostNames.computeIfAbsent(p.pool(), k -> new HashMap<>());
                s.hosts().forEach(h -> hosts.put(h.id().value(), h.name()));
            });
        }
    }

    /** @return the names in these pools' last snapshots */
    static Names of(List<PoolStatus> pools) {
        return new Names(pools);
    }

    /** @return {@code id (name)}, or the id alone when the VM has no other name or is unknown */
    String vm(PoolId pool, Object id) {
        return label(vmNames, pool, String.valueOf(id));
    }

    /** @return {@code id (name)}, or the id alone when the host has no other name or is unknown */
    String host(PoolId pool, Object id) {
        return label(hostNames, pool, String.valueOf(id));
    }

    /** @return e.g. {@code a → b (rack1-a → rack1-b)}: the ids as {@link Formats#route}, then the names if any */
    String route(PoolId pool, Optional<?> source, Optional<?> target) {
        String ids = Formats.route(source, target);
        Optional<String> s = source.map(String::valueOf).flatMap(id -> name(hostNames, pool, id));
        Optional<String> t = target.map(String::valueOf).flatMap(id -> name(hostNames, pool, id));
        if (s.isEmpty() && t.isEmpty()) {
            return ids;
        }
        return ids + " (" + s.or(() -> source.map(String::valueOf)).orElse(Formats.NONE) + Formats.ARROW
                + t.or(() -> target.map(String::valueOf)).orElse(Formats.NONE) + ")";
    }

    private static String label(Map<PoolId, Map<String, String>> names, PoolId pool, String id) {
        return name(names, pool, id).map(n -> id + " (" + n + ")").orElse(id);
    }

    private static Optional<String> name(Map<PoolId, Map<String, String>> names, PoolId pool, String id) {
        String n = names.getOrDefault(pool, Map.of()).get(id);
        return n == null || n.isBlank() || n.equals(id) ? Optional.empty() : Optional.of(n);
    }

    /**
     * The VM {@code word} means in {@code pool}: the VM with that id, else the one VM with that name label, else
     * {@code word} as an id (the controller then says whether it knows it).
     *
     * @throws IllegalArgumentException when several VMs have that name, listing them
     */
    static VmId vm(PoolStatus pool, String word) {
        return new VmId(resolve(pool, word, "VM", ClusterSnapshot::vms, v -> v.id().value(), VmState::name));
    }

    /**
     * The host {@code word} means in {@code pool}, as {@link #vm(PoolStatus, String)} decides for VMs.
     *
     * @throws IllegalArgumentException when several hosts have that name, listing them
     */
    static HostId host(PoolStatus pool, String word) {
        return new HostId(resolve(pool, word, "host", ClusterSnapshot::hosts, h -> h.id().value(), HostState::name));
    }

    private static <T> String resolve(PoolStatus pool, String word, String what,
            Function<ClusterSnapshot, List<T>> all, Function<T, String> id, Function<T, String> name) {
        Optional<ClusterSnapshot> s = pool.snapshot();
        if (s.isEmpty()) {
            return word;
        }
        List<T> objects = all.apply(s.get());
        if (objects.stream().anyMatch(o -> id.apply(o).equals(word))) {
            return word;
        }
        List<T> named = objects.stream().filter(o -> word.equals(name.apply(o))).toList();
        if (named.size() > 1) {
            throw new IllegalArgumentException(what + " name '" + word + "' is ambiguous in pool " + pool.pool()
                    + ": " + named.size() + " " + what + "s have it (" + Formats.join(named.stream()
                            .map(id).sorted().toList()) + "); give the UUID");
        }
        return named.isEmpty() ? word : id.apply(named.get(0));
    }
}
