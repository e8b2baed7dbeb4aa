package io.ferry.controller.internal;

import io.ferry.api.MigrationAgent;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.Predictor;
import io.ferry.controller.PluginKind;

/** The three registries of installed strategies, shared by every pool. */
public record Plugins(PluginRegistry<MigrationPolicy> policies, PluginRegistry<MigrationAgent> agents,
        PluginRegistry<Predictor> predictors) {

    public Plugins() {
        this(new PluginRegistry<>(PluginKind.POLICY), new PluginRegistry<>(PluginKind.AGENT),
                new PluginRegistry<>(PluginKind.PREDICTOR));
    }

    PluginRegistry<?> of(PluginKind kind) {
        return switch (kind) {
            case POLICY -> policies;
            case AGENT -> agents;
            case PREDICTOR -> predictors;
        };
    }
}
