package io.ferry.datacenter;

import io.ferry.api.MigrationAgent;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.SettingDescription;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link MigrationAgentFactory} under another name with some settings fixed: what lets one run hold the same agent
 * twice with different settings ({@code dqn} with three model files, labelled apart; {@code ./ferry datacenter
 * --agent-setting dqn@s43.modelFile=...}) while {@link Candidates} still sets the run's own settings (seed, memory
 * accounting) as it does for the factory itself. The fixed settings win over what the caller passes; everything
 * else (settings, validation, the agents built) is the delegate's. Immutable. Cost: a map copy per {@link #create}.
 */
public final class ConfiguredAgentFactory implements MigrationAgentFactory {

    private final String name;
    private final MigrationAgentFactory delegate;
    private final Map<String, String> fixed;

    /**
     * @param name     the name the candidate is known by
     * @param delegate the factory that builds the agent
     * @param fixed    settings every agent of this factory gets (copied)
     */
    public ConfiguredAgentFactory(String name, MigrationAgentFactory delegate, Map<String, String> fixed) {
        this.name = name;
        this.delegate = delegate;
        this.fixed = Map.copyOf(fixed);
    }

    @Override
    public String name() {
        return name;
    }

    /** @return the delegate's description, followed by the fixed settings when there are any */
    @Override
    public String description() {
        return fixed.isEmpty() ? delegate.description()
                : delegate.description() + " (" + delegate.name() + " with " + fixed + ")";
    }

    @Override
    public List<SettingDescription> settings() {
        return delegate.settings();
    }

    @Override
    public MigrationAgent create(Map<String, ?> settings) {
        Map<String, Object> all = new HashMap<>(settings);
        all.putAll(fixed);
        return delegate.create(all);
    }
}
