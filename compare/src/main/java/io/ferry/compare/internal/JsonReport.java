package io.ferry.compare.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ferry.compare.Comparison;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes results.json (a pretty-printed array of row objects, keys in {@link RowFields} order) and the data
 * block the HTML report's charts read (escaped so that no scenario name can close the script element). Cost:
 * O(rows).
 */
public final class JsonReport {

    private static final ObjectMapper PRETTY = JsonMapper.builder()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    /** Two-space indents, one array element per line, {@code "key": value}, {@code []} when empty. */
    private static final DefaultPrettyPrinter PRINTER;

    static {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withArrayEmptySeparator("")
                .withObjectEmptySeparator("");
        PRINTER = new DefaultPrettyPrinter(separators).withArrayIndenter(indenter).withObjectIndenter(indenter);
    }

    private static final ObjectMapper FOR_HTML = JsonMapper.builder()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    static {
        FOR_HTML.getFactory().setCharacterEscapes(new ScriptSafeEscapes());
    }

    private JsonReport() {
    }

    /** Writes the rows of {@code comparison} as a JSON array; does not close {@code out}. */
    public static void write(Comparison comparison, Writer out) throws IOException {
        List<Map<String, Object>> rows = comparison.rows().stream().map(RowFields::toMap).toList();
        PRETTY.writer(PRINTER).writeValue(out, rows);
        out.write('\n');
    }

    /** Writes {@code value} pretty-printed as results.json is, then a newline; does not close {@code out}. */
    static void writePretty(Object value, Writer out) throws IOException {
        PRETTY.writer(PRINTER).writeValue(out, value);
        out.write('\n');
    }

    /**
     * @return the comparison as one line of JSON ({@code seed}, {@code scenarios}, {@code policies},
     *         {@code rows}) with {@code <}, {@code >}, {@code &} and the JavaScript line separators escaped, safe
     *         inside an HTML {@code <script>} element
     */
    static String forScript(Comparison comparison) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("seed", comparison.seed());
        data.put("scenarios", comparison.scenarios());
        data.put("policies", comparison.policies());
        data.put("rows", comparison.rows().stream().map(RowFields::toMap).toList());
        return FOR_HTML.writeValueAsString(data);
    }

    /** @return {@code data} as one line of JSON, safe inside an HTML {@code <script>} element */
    static String scriptSafe(Object data) throws IOException {
        return FOR_HTML.writeValueAsString(data);
    }

    /** Escapes the characters that could end a script element or a JavaScript string. */
    private static final class ScriptSafeEscapes extends CharacterEscapes {

        private static final long serialVersionUID = 1L;
        private final int[] escapes;

        ScriptSafeEscapes() {
            escapes = CharacterEscapes.standardAsciiEscapesForJSON();
            escapes['<'] = CharacterEscapes.ESCAPE_STANDARD;
            escapes['>'] = CharacterEscapes.ESCAPE_STANDARD;
            escapes['&'] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == '\u2028' || ch == '\u2029') {
                return new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
