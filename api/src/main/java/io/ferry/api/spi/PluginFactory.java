package io.ferry.api.spi;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Builds one kind of plugin by name from a map of settings: the shape shared by
 * {@link MigrationPolicyFactory}, {@link MigrationAgentFactory}, {@link PredictorFactory} and
 * {@link HypervisorAdapterFactory}, which are the types Ferry looks up (in the OSGi service registry, or with
 * {@link java.util.ServiceLoader} outside OSGi).
 *
 * <p>Implementations are stateless and cheap to construct (a public no-argument constructor, as
 * {@code ServiceLoader} requires); the cost is in {@link #create}, which costs what the plugin's own
 * construction costs. A factory builds instances for callers that manage them themselves (the command line,
 * benchmarks, tests); inside Karaf the plugin's own configured component is what the controller binds.
 *
 * @param <T> the plugin type built
 */
@ConsumerType
public interface PluginFactory<T> {

    /** The service property that names the plugin a factory service builds: equal to {@link #name()}. */
    String NAME_PROPERTY = "plugin.name";

    /** @return the plugin's name, as operators type it and as the plugin's {@code name()} returns it */
    String name();

    /** @return one sentence on what the plugin decides, for listings */
    String description();

    /** @return the settings {@link #create} accepts, in declaration order; every one has a default */
    List<SettingDescription> settings();

    /**
     * Builds a new instance.
     *
     * @param settings values by {@link SettingDescription#key()}; missing keys take their defaults; values are of
     *                 the setting's type or a string that converts to it
     * @return a new instance; the caller owns it (and closes it, when it is {@link AutoCloseable})
     * @throws IllegalArgumentException when a value is out of range or does not convert; the message is one line
     *                                  starting {@code key = value: }
     */
    T create(Map<String, ?> settings);
}
