package io.ferry.forecast.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The Chart.js library (UMD build, MIT licence) that bnd copies into this bundle from the
 * {@code org.webjars.npm:chart.js} webjar, for inlining into report.html, as the compare bundle does with its
 * own copy. Loaded once, about 200 KB.
 */
public final class ChartJs {

    private static final String VERSION_RESOURCE = "chartjs.version";
    private static final String SOURCE_MAP_COMMENT = "//# sourceMappingURL=";

    private static final class Holder {
        static final String VERSION = load(VERSION_RESOURCE).strip();
        static final String SCRIPT = withoutSourceMap(
                load("/META-INF/resources/webjars/chart.js/" + VERSION + "/dist/chart.umd.js"));
    }

    private ChartJs() {
    }

    /** @return the library's version, e.g. {@code 4.4.1} */
    public static String version() {
        return Holder.VERSION;
    }

    /** @return the library's source, without its source-map comment (the map is not shipped) */
    public static String script() {
        return Holder.SCRIPT;
    }

    private static String load(String resource) {
        try (InputStream in = ChartJs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the forecast bundle: it is copied "
                        + "from the chart.js webjar by bnd (-includeresource in bnd.bnd)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withoutSourceMap(String script) {
        if (script.toLowerCase(Locale.ROOT).contains("</script")) {
            throw new IllegalStateException("chart.umd.js contains \"</script\": it cannot be inlined as is");
        }
        int at = script.lastIndexOf(SOURCE_MAP_COMMENT);
        return at < 0 ? script : script.substring(0, at);
    }
}
