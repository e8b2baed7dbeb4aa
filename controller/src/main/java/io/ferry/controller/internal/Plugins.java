package io.ferry.controller.internal;

import io.ferry.api.MigrationAgent;
import io.ferry.api.MigrationPolicy;
import io.ferry.controller.PluginKind;

/** The three registries of installed strategies, shared by every pool. */
public record Plugins(PluginRegistry<MigrationPolicy> policies, PluginRegistry<MigrationAgent> agents,
        PredictorRegistry predictors) {

    public Plugins() {
        this(new PluginRegistry<>(PluginKind.POLICY), new PluginRegistry<>(PluginKind.AGENT),
                new PredictorRegistry());
    }

    /** @return whether a plugin of that kind and name is installed (a predictor: for any metric) */
    boolean has(PluginKind kind, String name) {
        return switch (kind) {
            case POLICY -> policies.get(name).isPresent();
            case AGENT -> agents.get(name).isPresent();
            case PREDICTOR -> predictors.has(name);
        };
    }

    /** @return the installed names of that kind, sorted, comma-separated, or "none" */
    String names(PluginKind kind) {
        return switch (kind) {
            case POLICY -> policies.names();
            case AGENT -> agents.names();
            case PREDICTOR -> predictors.names();
        };
    }
}
