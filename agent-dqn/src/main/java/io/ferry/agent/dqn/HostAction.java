package io.ferry.agent.dqn;

import java.util.List;

/**
 * What the agent may do with one active host in one interval; the order is the network's output order (the
 * ordinal is the output index), so it never changes once a model is trained. {@link ActionExecutor} turns actions
 * into moves. The caps are the utilisation a host may have after it receives a VM (targets) or, for
 * {@link #OFFLOAD}, the utilisation the source is brought down to.
 */
public enum HostAction {

    /** Do nothing with this host. Index 0: the action every tie and every untrained network falls back to. */
    KEEP(Double.NaN),
    /**
     * Move VMs off in minimum-migration-time order (least memory first) until the host's demand is at most
     * {@value #OFFLOAD_CAP} of its capacity; each to the active host with the least power increase that stays at or
     * under {@value #OFFLOAD_CAP}, waking an empty host only when no active one fits. The overload remedy; on a host
     * already at or under the cap it moves nothing (the same as {@link #KEEP}).
     */
    OFFLOAD(HostAction.OFFLOAD_CAP),
    /**
     * Empty the host onto active hosts that stay at or under 0.7 afterwards; all or nothing (when one VM finds no
     * place, nothing moves), never waking a host. The consolidation move with a safety margin.
     */
    EVACUATE(0.7),
    /** As {@link #EVACUATE}, with targets allowed up to 0.9: packs tighter, saves more power, risks more overload. */
    EVACUATE_TIGHT(0.9);

    /** The utilisation an offloaded host is brought down to and its targets may reach. */
    public static final double OFFLOAD_CAP = 0.8;

    /** How many actions there are: the network's output count. */
    public static final int COUNT = values().length;

    /** The names in output order, as a model's provenance records them. */
    public static final List<String> NAMES = List.of(java.util.Arrays.stream(values()).map(Enum::name)
            .toArray(String[]::new));

    private final double targetCap;

    HostAction(double targetCap) {
        this.targetCap = targetCap;
    }

    /** @return the highest utilisation a target of this action may reach with the moved VM; NaN for KEEP */
    public double targetCap() {
        return targetCap;
    }

    /** @return whether it empties the host */
    public boolean evacuates() {
        return this == EVACUATE || this == EVACUATE_TIGHT;
    }

    /**
     * @param index a network output index
     * @return the action
     * @throws IllegalArgumentException outside [0, {@link #COUNT})
     */
    public static HostAction of(int index) {
        if (index < 0 || index >= COUNT) {
            throw new IllegalArgumentException("action index " + index + ": must be in [0, " + COUNT + ")");
        }
        return values()[index];
    }
}
