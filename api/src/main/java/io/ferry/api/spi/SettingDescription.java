package io.ferry.api.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * One configuration setting a {@link PluginFactory} accepts, as the plugin's metatype declares it.
 *
 * @param key          the setting's key, e.g. {@code maxRounds}; also the configuration attribute's name in Karaf
 * @param type         the metatype type: {@code String}, {@code Integer}, {@code Long}, {@code Double},
 *                     {@code Float}, {@code Short}, {@code Byte}, {@code Boolean} or {@code Character}
 * @param defaultValue the default, as text (empty when the default is the empty string)
 * @param description  what the setting decides, with its accepted range in words
 * @param min          the smallest accepted value, as text, when the metatype declares one
 * @param max          the largest accepted value, as text, when the metatype declares one
 */
public record SettingDescription(String key, String type, String defaultValue, String description,
        Optional<String> min, Optional<String> max) {

    /** @throws IllegalArgumentException when {@code key} or {@code type} is blank */
    public SettingDescription {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("key must not be blank");
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type of " + key + " must not be blank");
        }
        defaultValue = Objects.requireNonNullElse(defaultValue, "");
        description = Objects.requireNonNullElse(description, "");
        min = Objects.requireNonNullElse(min, Optional.empty());
        max = Objects.requireNonNullElse(max, Optional.empty());
    }
}
