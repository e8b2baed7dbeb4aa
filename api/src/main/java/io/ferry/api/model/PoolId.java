package io.ferry.api.model;

/**
 * The identity of one pool: the set of hosts reached through one {@code HypervisorAdapter}, and the
 * unit for which an operator selects the active policy, agent and predictor.
 *
 * @param value the pool name, never blank
 */
public record PoolId(String value) implements Comparable<PoolId> {

    public PoolId {
        Require.nonBlank(value, "pool id");
    }

    @Override
    public int compareTo(PoolId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
