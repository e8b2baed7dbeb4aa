package io.ferry.api.model;

import java.util.Optional;
import java.util.Set;

/**
 * One VM as the adapter last saw it.
 *
 * @param id             the VM
 * @param name           its human-readable name
 * @param power          its power state
 * @param residentOn     the host it runs on; empty when halted
 * @param memoryBytes    its memory
 * @param vcpus          its virtual CPUs, &gt; 0
 * @param cpuUtilisation average use of its own vCPUs over the last interval, in [0, 1]
 * @param tags           labels (XAPI tags, simulator groups) that guards map to anti-affinity groups
 */
public record VmState(VmId id, String name, PowerState power, Optional<HostId> residentOn, long memoryBytes,
        int vcpus, double cpuUtilisation, Set<String> tags) {

    public VmState {
        Require.nonNull(id, "id");
        Require.nonNull(name, "name");
        Require.nonNull(power, "power");
        Require.nonNull(residentOn, "residentOn");
        Require.nonNegative(memoryBytes, "memoryBytes");
        Require.positive(vcpus, "vcpus");
        Require.inRange(cpuUtilisation, 0, 1, "cpuUtilisation");
        tags = Set.copyOf(Require.nonNull(tags, "tags"));
        if (power == PowerState.RUNNING && residentOn.isEmpty()) {
            throw new IllegalArgumentException("residentOn is empty: a running VM " + id + " runs on some host");
        }
    }

    /** @return whether this VM can be live-migrated at all */
    public boolean migratable() {
        return power == PowerState.RUNNING;
    }
}
