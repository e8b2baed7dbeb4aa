package io.ferry.controller;

import io.ferry.api.model.Capability;
import io.ferry.api.model.PoolId;
import java.util.List;
import java.util.Set;

/**
 * One installed strategy, as the shell lists it.
 *
 * @param kind     policy, agent or predictor
 * @param name     its name
 * @param bundle   the symbolic name of the bundle that registered it
 * @param version  that bundle's version
 * @param required capabilities it needs (policies only)
 * @param optional capabilities it uses when offered (policies only)
 * @param detail   one line more: a predictor's metric, for instance
 * @param activeIn the pools where it is selected
 */
public record PluginInfo(PluginKind kind, String name, String bundle, String version, Set<Capability> required,
        Set<Capability> optional, String detail, List<PoolId> activeIn) {

    public PluginInfo {
        required = Set.copyOf(required);
        optional = Set.copyOf(optional);
        activeIn = List.copyOf(activeIn);
    }
}
