package io.ferry.forecast.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pieces of report.html: the template with {@code {{name}}} placeholders filled in one pass (so no inserted
 * text is expanded again), HTML escaping, and JSON for a {@code <script>} element with {@code <}, {@code >},
 * {@code &} and the JavaScript line separators escaped. Cost: linear in the page.
 */
public final class Html {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    private static final ObjectMapper FOR_SCRIPT = JsonMapper.builder()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).build();

    static {
        FOR_SCRIPT.getFactory().setCharacterEscapes(new ScriptSafeEscapes());
    }

    private Html() {
    }

    /** @return the template {@code report.html} of this package */
    public static String template() {
        try (InputStream in = Html.class.getResourceAsStream("report.html")) {
            if (in == null) {
                throw new IllegalStateException("report.html template is missing from the forecast bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fills every {@code {{name}}} of {@code template}; every placeholder needs a value. */
    public static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder page = new StringBuilder(template.length() + 300_000);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("report.html: no value for {{" + m.group(1) + "}}");
            }
            m.appendReplacement(page, Matcher.quoteReplacement(value));
        }
        m.appendTail(page);
        return page.toString();
    }

    /** @return {@code data} as one line of JSON, safe inside an HTML {@code <script>} element */
    public static String scriptJson(Object data) {
        try {
            return FOR_SCRIPT.writeValueAsString(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code text} safe as HTML element content or a quoted attribute value */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
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
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
