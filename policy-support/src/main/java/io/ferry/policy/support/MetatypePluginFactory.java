package io.ferry.policy.support;

import io.ferry.api.spi.PluginFactory;
import io.ferry.api.spi.SettingDescription;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A plugin factory whose settings are those of the plugin's {@code @ObjectClassDefinition}, read from the metatype
 * bnd generates from it (so the Karaf configuration and {@code ./ferry compare --list-settings} come from one
 * source), and which builds the plugin with its map constructor. A shipped factory is a final subclass with a
 * public no-argument constructor (for {@link java.util.ServiceLoader} and Declarative Services) that names the
 * plugin, its configuration interface and its constructor.
 *
 * <p>Cost: the metatype is parsed once per factory instance, on first use of {@link #description()} or
 * {@link #settings()}, not when the service is registered; {@link #create} costs the plugin's own construction.
 *
 * @param <T> the plugin kind
 */
public abstract class MetatypePluginFactory<T> implements PluginFactory<T> {

    private final String name;
    private final Class<?> owner;
    private final String ocdId;
    private final Function<Map<String, ?>, ? extends T> constructor;
    private volatile MetatypeSettings metatype;

    /**
     * @param name          the plugin's name, as operators type it
     * @param configuration the plugin's {@code @ObjectClassDefinition} interface (its name is the metatype id)
     * @param constructor   builds the plugin from a map of settings, missing keys taking their defaults
     */
    protected MetatypePluginFactory(String name, Class<?> configuration,
            Function<Map<String, ?>, ? extends T> constructor) {
        this.name = Objects.requireNonNull(name, "name");
        this.owner = getClass();
        this.ocdId = configuration.getName();
        this.constructor = Objects.requireNonNull(constructor, "constructor");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return metatype().description();
    }

    @Override
    public final List<SettingDescription> settings() {
        return metatype().settings();
    }

    @Override
    public final T create(Map<String, ?> settings) {
        return constructor.apply(settings);
    }

    private MetatypeSettings metatype() {
        MetatypeSettings m = metatype;
        if (m == null) {
            m = MetatypeSettings.read(owner, ocdId);
            metatype = m;
        }
        return m;
    }
}
