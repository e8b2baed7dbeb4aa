package io.ferry.cli;

import java.util.Locale;

/**
 * One configuration attribute of a policy, as its bundle's metatype describes it: the key {@code --set} takes,
 * its type, its default and what it means. Converts a command-line value to the attribute's type.
 *
 * @param policy       the policy's name
 * @param key          the attribute's id, e.g. {@code thetaLinkFraction}
 * @param type         the metatype type: {@code String}, {@code Integer}, {@code Long}, {@code Double},
 *                     {@code Float}, {@code Short}, {@code Byte}, {@code Boolean} or {@code Character}
 * @param defaultValue the default, as the metatype writes it
 * @param description  what the attribute decides, with its range
 */
public record PolicySetting(String policy, String key, String type, String defaultValue, String description) {

    /**
     * @param value the value as typed after {@code --set policy.key=}
     * @return the value converted to this attribute's type
     * @throws UsageException when it does not convert; the message names the setting, the value and the type
     */
    public Object convert(String value) {
        String text = value.strip();
        try {
            return switch (type) {
                case "Integer" -> Integer.valueOf(text);
                case "Long" -> Long.valueOf(text);
                case "Short" -> Short.valueOf(text);
                case "Byte" -> Byte.valueOf(text);
                case "Double", "Float" -> finite(Double.parseDouble(text), value);
                case "Boolean" -> bool(text, value);
                case "Character" -> single(text, value);
                default -> value;
            };
        } catch (NumberFormatException e) {
            throw invalid(value, "Double".equals(type) || "Float".equals(type) ? "must be a number"
                    : "must be an integer");
        }
    }

    private Object finite(double d, String value) {
        if (!Double.isFinite(d)) {
            throw invalid(value, "must be a finite number");
        }
        return "Float".equals(type) ? (Object) (float) d : (Object) d;
    }

    private Object bool(String text, String value) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw invalid(value, "must be true or false");
        };
    }

    private Object single(String text, String value) {
        if (text.length() != 1) {
            throw invalid(value, "must be one character");
        }
        return text.charAt(0);
    }

    private UsageException invalid(String value, String accepted) {
        return new UsageException("--set " + policy + "." + key + " = " + value + ": " + accepted);
    }
}
