package io.ferry.api.model;

/**
 * The identity of one virtual machine inside a pool, as the hypervisor names it (a XAPI UUID, a QEMU
 * instance name, a simulator key). Equality is by value.
 *
 * @param value the hypervisor's identifier, never blank
 */
public record VmId(String value) implements Comparable<VmId> {

    public VmId {
        Require.nonBlank(value, "vm id");
    }

    @Override
    public int compareTo(VmId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
