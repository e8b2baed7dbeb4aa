package io.ferry.xapisim.internal;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes XML-RPC exactly as xapi does, which is ocaml-rpc's non-strict printer ({@code Xmlrpc.to_string} and
 * {@code string_of_response}): no whitespace, an {@code <?xml version="1.0"?>} prologue, untyped strings and
 * int64s, {@code <boolean>0|1}, {@code <double>} in {@code %.16g}, {@code <dateTime.iso8601>}, empty structs as
 * {@code <struct></struct>}, never {@code <nil/>} (the 8.1 SDK cannot read it). Strings escape {@code < > & "}
 * and drop control characters other than tab, LF and CR.
 *
 * <p>Cost: linear in the output. Stateless.
 */
final class XmlRpcWriter {

    private static final String PROLOGUE = "<?xml version=\"1.0\"?>";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private XmlRpcWriter() {
    }

    /** @return xapi's success envelope: {@code {Status: Success, Value: value}} */
    static String success(Object value) {
        StringBuilder b = new StringBuilder(256);
        b.append(PROLOGUE).append("<methodResponse><params><param>");
        b.append("<value><struct><member><name>Status</name><value>Success</value></member>");
        b.append("<member><name>Value</name>");
        write(b, value);
        b.append("</member></struct></value>");
        return b.append("</param></params></methodResponse>").toString();
    }

    /** @return xapi's failure envelope: {@code {Status: Failure, ErrorDescription: [code, params...]}} */
    static String failure(List<String> description) {
        StringBuilder b = new StringBuilder(256);
        b.append(PROLOGUE).append("<methodResponse><params><param>");
        b.append("<value><struct><member><name>Status</name><value>Failure</value></member>");
        b.append("<member><name>ErrorDescription</name>");
        write(b, description);
        b.append("</member></struct></value>");
        return b.append("</param></params></methodResponse>").toString();
    }

    /** @return an XML-RPC fault, for protocol-level problems only (xapi answers API errors with a failure) */
    static String fault(int code, String message) {
        StringBuilder b = new StringBuilder(256);
        b.append(PROLOGUE).append("<methodResponse><fault><value><struct>");
        b.append("<member><name>faultCode</name><value><int>").append(code).append("</int></value></member>");
        b.append("<member><name>faultString</name>");
        write(b, message);
        b.append("</member></struct></value></fault></methodResponse>");
        return b.toString();
    }

    /** @return one {@code <value>…</value>}, as stored in a task's {@code result} */
    static String value(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value);
        return b.toString();
    }

    /** @return {@code instant} as xapi writes a datetime */
    static String date(Wire.DateTime date) {
        return DATE.format(date.instant());
    }

    private static void write(StringBuilder b, Object v) {
        if (v instanceof String s) {
            b.append("<value>");
            encode(b, s);
            b.append("</value>");
        } else if (v instanceof Long l) {
            b.append("<value>").append(l.longValue()).append("</value>");
        } else if (v instanceof Boolean bool) {
            b.append("<value><boolean>").append(bool ? '1' : '0').append("</boolean></value>");
        } else if (v instanceof Double d) {
            b.append("<value><double>").append(CNumbers.g16(d)).append("</double></value>");
        } else if (v instanceof Wire.DateTime d) {
            b.append("<value><dateTime.iso8601>").append(date(d)).append("</dateTime.iso8601></value>");
        } else if (v instanceof Wire.Int32 i) {
            b.append("<value><i4>").append(i.value()).append("</i4></value>");
        } else if (v instanceof Collection<?> c) {
            b.append("<value><array><data>");
            for (Object o : c) {
                write(b, o);
            }
            b.append("</data></array></value>");
        } else if (v instanceof Map<?, ?> m) {
            b.append("<value><struct>");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append("<member><name>").append((String) e.getKey()).append("</name>");
                write(b, e.getValue());
                b.append("</member>");
            }
            b.append("</struct></value>");
        } else {
            // int, null and anything else are bugs: xapi has no such wire type (and the SDK cannot read <nil/>)
            throw new IllegalArgumentException("no XML-RPC wire type for " + (v == null ? "null"
                    : v.getClass().getName() + " " + v));
        }
    }

    private static void encode(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '>' -> b.append("&gt;");
                case '<' -> b.append("&lt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        b.append(c);
                    }
                }
            }
        }
    }
}
