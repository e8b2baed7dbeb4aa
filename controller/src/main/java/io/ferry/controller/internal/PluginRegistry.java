package io.ferry.controller.internal;

import io.ferry.controller.PluginKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The installed strategies of one kind, by name, with the bundle that registered each. Bound and unbound by
 * the service registry at any moment; lookups see a consistent entry. When two services claim one name, the
 * higher service ranking wins, then the older service (lower id), as OSGi would choose.
 *
 * <p>Cost: O(1) lookups, O(n) listings. Thread-safe.
 *
 * @param <S> the service type
 */
public final class PluginRegistry<S> {

    /**
     * One registered strategy.
     *
     * @param name      its name
     * @param service   the service object
     * @param bundle    the registering bundle's symbolic name
     * @param version   its version
     * @param serviceId the service id
     * @param ranking   the service ranking
     */
    public record Entry<S>(String name, S service, String bundle, String version, long serviceId, int ranking) {

        /** @return {@code symbolic-name/version}, as the audit log records it */
        public String bundleVersion() {
            return bundle + "/" + version;
        }
    }

    private static final Comparator<Entry<?>> PREFERENCE = Comparator.<Entry<?>>comparingInt(Entry::ranking)
            .reversed().thenComparingLong(Entry::serviceId);

    private final PluginKind kind;
    private final Map<String, List<Entry<S>>> byName = new ConcurrentHashMap<>();

    PluginRegistry(PluginKind kind) {
        this.kind = kind;
    }

    PluginKind kind() {
        return kind;
    }

    public void add(Entry<S> entry) {
        byName.compute(entry.name(), (k, list) -> {
            List<Entry<S>> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
            next.add(entry);
            next.sort(PREFERENCE);
            return List.copyOf(next);
        });
    }

    public void remove(long serviceId) {
        for (String name : List.copyOf(byName.keySet())) {
            byName.computeIfPresent(name, (k, list) -> {
                List<Entry<S>> next = list.stream().filter(e -> e.serviceId() != serviceId).toList();
                return next.isEmpty() ? null : next;
            });
        }
    }

    /** @return the preferred entry with this name */
    public Optional<Entry<S>> get(String name) {
        List<Entry<S>> list = byName.get(name);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    /** @return the preferred entry of every name, sorted by name */
    List<Entry<S>> all() {
        return byName.values().stream().filter(l -> !l.isEmpty()).map(l -> l.get(0))
                .sorted(Comparator.comparing(Entry::name)).toList();
    }

    /** @return the installed names, sorted, comma-separated, or "none" */
    String names() {
        List<String> names = all().stream().map(Entry::name).toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
