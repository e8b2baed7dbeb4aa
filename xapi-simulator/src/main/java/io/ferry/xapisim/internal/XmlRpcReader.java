package io.ferry.xapisim.internal;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses an XML-RPC {@code <methodCall>} with the JDK's StAX parser, accepting what the Apache XML-RPC client
 * under the XenAPI SDK sends (and what ocaml-rpc's parser accepts): untyped strings, {@code <string>},
 * {@code <i4>}/{@code <int>}/{@code <i8>}, {@code <boolean>}, {@code <double>}, {@code <dateTime.iso8601>},
 * {@code <base64>}, {@code <struct>} (also empty as {@code <struct/>}), {@code <array><data>}, {@code <nil/>}.
 *
 * <p>Secure: DTDs and external entities are refused outright (a request with a {@code <!DOCTYPE>} is
 * malformed), so no entity expansion can happen. Cost: linear in the request.
 *
 * <p>Values come back as {@link String}, {@link Integer} ({@code i4}/{@code int}), {@link Long} ({@code i8}),
 * {@link Boolean}, {@link Double}, {@link RawDate} (the date text, unparsed),
 * {@code byte[]}, {@link List}, {@link Map} (insertion-ordered) and {@link Wire.Nil}.
 */
final class XmlRpcReader {

    /** A {@code <dateTime.iso8601>} as received, unparsed. */
    record RawDate(String text) {
    }

    /** A parsed request. */
    record MethodCall(String methodName, List<Object> params) {
    }

    /** The request is not well-formed XML-RPC. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }

        MalformedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final XMLInputFactory FACTORY = newFactory();

    private XmlRpcReader() {
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        return f;
    }

    /** Parses a method call. */
    static MethodCall read(InputStream in) throws MalformedException {
        XMLStreamReader r = null;
        try {
            synchronized (FACTORY) {
                r = FACTORY.createXMLStreamReader(in);
            }
            expectStart(r, "methodCall");
            expectStart(r, "methodName");
            String name = text(r).trim();
            List<Object> params = new ArrayList<>();
            int event = nextTag(r);
            if (event == XMLStreamConstants.START_ELEMENT) {
                requireName(r, "params");
                while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                    requireName(r, "param");
                    expectStart(r, "value");
                    params.add(value(r));
                    expectEnd(r, "param");
                }
                // at </params>
                expectEnd(r, "methodCall");
            } else {
                requireEndName(r, "methodCall");
            }
            return new MethodCall(name, params);
        } catch (XMLStreamException | RuntimeException e) {
            throw new MalformedException("malformed XML-RPC request: " + e.getMessage(), e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release beyond the stream, which the caller owns
                }
            }
        }
    }

    /** Reads the content of a {@code <value>} whose start tag was just read, through its end tag. */
    private static Object value(XMLStreamReader r) throws XMLStreamException, MalformedException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int e = r.next();
            switch (e) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(r.getText());
                case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> {
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    return text.toString(); // untyped string (possibly empty)
                }
                case XMLStreamConstants.START_ELEMENT -> {
                    if (!text.toString().isBlank()) {
                        throw new MalformedException("text before <" + r.getLocalName() + "> in a value");
                    }
                    Object v = typed(r);
                    expectEnd(r, "value");
                    return v;
                }
                case XMLStreamConstants.DTD -> throw new MalformedException("DTDs are not accepted");
                default -> throw new MalformedException("unexpected XML event " + e + " in a value");
            }
        }
    }

    private static Object typed(XMLStreamReader r) throws XMLStreamException, MalformedException {
        String tag = r.getLocalName();
        switch (tag) {
            case "string":
                return text(r);
            case "i4":
            case "int":
                return Integer.valueOf(text(r).trim());
            case "i8":
                return Long.valueOf(text(r).trim());
            case "boolean": {
                String t = text(r).trim();
                if (t.equals("1") || t.equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                }
                if (t.equals("0") || t.equalsIgnoreCase("false")) {
                    return Boolean.FALSE;
                }
                throw new MalformedException("not a boolean: '" + t + "'");
            }
            case "double":
                return Double.valueOf(text(r).trim());
            case "dateTime.iso8601":
                return new RawDate(text(r).trim());
            case "base64":
                return Base64.getMimeDecoder().decode(text(r).trim());
            case "nil":
                skipToEnd(r, "nil");
                return Wire.Nil.NIL;
            case "struct": {
                Map<String, Object> map = new LinkedHashMap<>();
                while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                    requireName(r, "member");
                    expectStart(r, "name");
                    String name = text(r);
                    expectStart(r, "value");
                    map.put(name, value(r));
                    expectEnd(r, "member");
                }
                requireEndName(r, "struct");
                return map;
            }
            case "array": {
                List<Object> list = new ArrayList<>();
                if (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                    requireName(r, "data");
                    while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
                        requireName(r, "value");
                        list.add(value(r));
                    }
                    requireEndName(r, "data");
                    expectEnd(r, "array");
                } else {
                    requireEndName(r, "array");
                }
                return list;
            }
            default:
                throw new MalformedException("unknown XML-RPC type <" + tag + ">");
        }
    }

    /** @return the text content of the element whose start tag was just read; consumes its end tag */
    private static String text(XMLStreamReader r) throws XMLStreamException, MalformedException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int e = r.next();
            switch (e) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        b.append(r.getText());
                case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> {
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    return b.toString();
                }
                default -> throw new MalformedException("expected text in <" + r.getLocalName() + ">");
            }
        }
    }

    private static void skipToEnd(XMLStreamReader r, String name) throws XMLStreamException, MalformedException {
        int e = nextTag(r);
        if (e != XMLStreamConstants.END_ELEMENT) {
            throw new MalformedException("<" + name + "> must be empty");
        }
    }

    /** @return the next START_ELEMENT or END_ELEMENT, skipping whitespace, comments and the prologue */
    private static int nextTag(XMLStreamReader r) throws XMLStreamException, MalformedException {
        while (true) {
            int e = r.next();
            switch (e) {
                case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT -> {
                    return e;
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE -> {
                    if (!r.isWhiteSpace()) {
                        throw new MalformedException("unexpected text '" + abbreviate(r.getText()) + "'");
                    }
                }
                case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION,
                        XMLStreamConstants.START_DOCUMENT -> {
                }
                case XMLStreamConstants.DTD -> throw new MalformedException("DTDs are not accepted");
                case XMLStreamConstants.END_DOCUMENT -> throw new MalformedException("unexpected end of document");
                default -> throw new MalformedException("unexpected XML event " + e);
            }
        }
    }

    private static void expectStart(XMLStreamReader r, String name) throws XMLStreamException, MalformedException {
        if (nextTag(r) != XMLStreamConstants.START_ELEMENT) {
            throw new MalformedException("expected <" + name + "> but found </" + r.getLocalName() + ">");
        }
        requireName(r, name);
    }

    private static void expectEnd(XMLStreamReader r, String name) throws XMLStreamException, MalformedException {
        if (nextTag(r) != XMLStreamConstants.END_ELEMENT) {
            throw new MalformedException("expected </" + name + "> but found <" + r.getLocalName() + ">");
        }
        requireEndName(r, name);
    }

    private static void requireName(XMLStreamReader r, String name) throws MalformedException {
        if (!name.equals(r.getLocalName())) {
            throw new MalformedException("expected <" + name + "> but found <" + r.getLocalName() + ">");
        }
    }

    private static void requireEndName(XMLStreamReader r, String name) throws MalformedException {
        if (!name.equals(r.getLocalName())) {
            throw new MalformedException("expected </" + name + "> but found </" + r.getLocalName() + ">");
        }
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() <= 40 ? t : t.substring(0, 40) + "...";
    }
}
