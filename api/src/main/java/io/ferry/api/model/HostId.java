package io.ferry.api.model;

/**
 * The identity of one physical host inside a pool. Equality is by value.
 *
 * @param value the hypervisor's identifier, never blank
 */
public record HostId(String value) implements Comparable<HostId> {

    public HostId {
        Require.nonBlank(value, "host id");
    }

    @Override
    public int compareTo(HostId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
