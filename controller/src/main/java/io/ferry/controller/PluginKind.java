package io.ferry.controller;

/** The kinds of strategy a pool selects. */
public enum PluginKind {
    /** How a VM moves: {@code io.ferry.api.MigrationPolicy}, named by {@code policy.name}. */
    POLICY("policy.name"),
    /** When, which and where: {@code io.ferry.api.MigrationAgent}, named by {@code agent.name}. */
    AGENT("agent.name"),
    /** Forecasts: {@code io.ferry.api.Predictor}, named by {@code predictor.name}. */
    PREDICTOR("predictor.name");

    private final String nameProperty;

    PluginKind(String nameProperty) {
        this.nameProperty = nameProperty;
    }

    /** @return the service property that names plugins of this kind */
    public String nameProperty() {
        return nameProperty;
    }

    /** @return the lower-case word operators type ({@code policy}, {@code agent}, {@code predictor}) */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
