package io.ferry.compare.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.compare.ScenarioFileException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Typed, path-aware access to one JSON object of a scenario file. Every failure is a
 * {@link ScenarioFileException} of the form {@code FILE: PATH = VALUE: WHAT IS ACCEPTED}, where PATH is the
 * dotted JSON path ({@code dirtying.phases[1].pagesPerSecond}). Cost: O(1) per access.
 */
final class JsonFields {

    private static final int MAX_SHOWN_VALUE = 60;

    private final String file;
    private final String path;
    private final JsonNode node;

    private JsonFields(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** @return the top-level object of {@code file}; fails when the document is not an object */
    static JsonFields root(String file, JsonNode document) {
        if (!document.isObject()) {
            throw new ScenarioFileException(file + ": the document = " + show(document)
                    + ": must be a JSON object (see the scenario file format)");
        }
        return new JsonFields(file, "", document);
    }

    /** @return the JSON path of {@code key} in this object */
    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** @return where this object is, for messages: its path or "the top level" */
    String where() {
        return path.isEmpty() ? "the top level" : path;
    }

    /** @return an error about {@code key}'s value in this object */
    ScenarioFileException invalid(String key, String accepted) {
        return new ScenarioFileException(file + ": " + pathOf(key) + " = " + show(node.get(key)) + ": " + accepted);
    }

    /** @return an error about this object as a whole */
    ScenarioFileException error(String message) {
        return new ScenarioFileException(file + ": " + message);
    }

    /** Fails on the first key that is not in {@code known}, listing the known ones. */
    void allowOnly(Collection<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw error("unknown key \"" + name + "\" in " + where() + " (known: " + String.join(", ", known)
                        + ")");
            }
        }
    }

    boolean has(String key) {
        return node.has(key);
    }

    /**
     * @return the one key of {@code alternatives} present here; fails when none or several are, naming them
     */
    String exactlyOne(List<String> alternatives, String what) {
        List<String> present = alternatives.stream().filter(node::has).toList();
        if (present.size() == 1) {
            return present.get(0);
        }
        String choices = "give exactly one of " + String.join(", ", alternatives.stream().map(this::pathOf).toList());
        if (present.isEmpty()) {
            throw error("missing " + what + ": " + choices);
        }
        throw error(String.join(" and ", present.stream().map(this::pathOf).toList())
                + (present.size() == 2 ? " are both given: " : " are all given: ") + choices);
    }

    /** @return a required number */
    double number(String key) {
        return numberNode(required(key), key).doubleValue();
    }

    /** @return a number, or {@code defaultValue} when the key is absent */
    double number(String key, double defaultValue) {
        return node.has(key) ? number(key) : defaultValue;
    }

    /** @return a required finite number &gt; 0 */
    double positive(String key) {
        double value = number(key);
        if (!(value > 0)) {
            throw invalid(key, "must be > 0");
        }
        return value;
    }

    /** @return a required whole number that fits in a long */
    long integer(String key) {
        JsonNode value = numberNode(required(key), key);
        if (!value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw invalid(key, "must be an integer");
        }
        return value.longValue();
    }

    /** @return a whole number that fits in a long, or {@code defaultValue} when the key is absent */
    long integer(String key, long defaultValue) {
        return node.has(key) ? integer(key) : defaultValue;
    }

    /** @return a whole number in [min, max], or {@code defaultValue} when the key is absent */
    int integer(String key, int defaultValue, int min, int max) {
        if (!node.has(key)) {
            return defaultValue;
        }
        long value = integer(key);
        if (value < min || value > max) {
            throw invalid(key, "must be an integer in [" + min + ", " + max + "]");
        }
        return (int) value;
    }

    /** @return a boolean, or {@code defaultValue} when the key is absent */
    boolean bool(String key, boolean defaultValue) {
        JsonNode value = node.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw invalid(key, "must be true or false");
        }
        return value.booleanValue();
    }

    /** @return a required string */
    String string(String key) {
        JsonNode value = required(key);
        if (!value.isTextual()) {
            throw invalid(key, "must be a string");
        }
        return value.textValue();
    }

    /** @return a string, if the key is present */
    Optional<String> optionalString(String key) {
        return node.has(key) ? Optional.of(string(key)) : Optional.empty();
    }

    /** @return the nested object under {@code key}; fails when absent or not an object */
    JsonFields object(String key, String expected) {
        if (!node.has(key)) {
            throw error(pathOf(key) + " is missing: " + expected);
        }
        JsonNode value = node.get(key);
        if (!value.isObject()) {
            throw invalid(key, "must be an object: " + expected);
        }
        return new JsonFields(file, pathOf(key), value);
    }

    /** @return the objects of the non-empty array under {@code key} */
    List<JsonFields> objects(String key, String expected) {
        JsonNode array = required(key);
        if (!array.isArray() || array.isEmpty()) {
            throw invalid(key, "must be a non-empty array: " + expected);
        }
        List<JsonFields> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String itemPath = pathOf(key) + "[" + i + "]";
            if (!array.get(i).isObject()) {
                throw error(itemPath + " = " + show(array.get(i)) + ": must be an object: " + expected);
            }
            out.add(new JsonFields(file, itemPath, array.get(i)));
        }
        return out;
    }

    /**
     * Runs an engine constructor, turning its range errors ({@code name = value: must be ...}) into this file's
     * errors prefixed with this object's path.
     */
    <T> T engine(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            String prefix = path.isEmpty() ? "" : path + ".";
            throw new ScenarioFileException(file + ": " + prefix + e.getMessage(), e);
        }
    }

    private JsonNode required(String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            throw error(pathOf(key) + " is missing in " + where());
        }
        return value;
    }

    private JsonNode numberNode(JsonNode value, String key) {
        if (!value.isNumber()) {
            throw invalid(key, "must be a number");
        }
        return value;
    }

    /** @return the value as JSON, shortened to one short line */
    static String show(JsonNode value) {
        String text = value == null ? "(missing)" : value.toString();
        return text.length() <= MAX_SHOWN_VALUE ? text : text.substring(0, MAX_SHOWN_VALUE - 3) + "...";
    }
}
