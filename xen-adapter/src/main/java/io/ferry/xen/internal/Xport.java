package io.ferry.xen.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * One {@code /rrd_updates} answer: rrdtool's {@code xport} XML as xcp-rrdd writes it,
 * {@code <xport><meta><start/><step/><end/><rows/><columns/><legend><entry>CF:kind:uuid:ds</entry>…</legend></meta>
 * <data><row><t/><v/>…</row>…</data></xport>}, rows newest first, one value per legend entry in legend order.
 *
 * <p>Parsed with the JDK's own StAX implementation ({@link XMLInputFactory#newDefaultFactory()}, so not whatever
 * an OSGi framework registers), with DTD support and external entities off, and a document that declares a DTD or
 * references an entity refused: a hostile reply cannot make the parser read files or the network. Values that are not numbers ({@code NaN}, as rrdtool writes for unknown) are NaN.
 *
 * <p>Cost: O(rows × columns) time and memory.
 *
 * @param start  the first step after the requested start, epoch seconds
 * @param step   the archive's step, seconds
 * @param end    the last complete step, epoch seconds (the server's "now")
 * @param legend the columns, as {@code CF:host|vm|sr:UUID:ds_name}
 * @param rows   the rows, <b>oldest first</b> (reversed from the wire)
 */
record Xport(long start, long step, long end, List<Column> legend, List<Row> rows) {

    /**
     * One legend entry.
     *
     * @param cf         the consolidation function, such as {@code AVERAGE}
     * @param kind       {@code host}, {@code vm} or {@code sr}
     * @param uuid       the object's UUID
     * @param dataSource the data source, such as {@code cpu0} or {@code memory_internal_free}
     */
    record Column(String cf, String kind, String uuid, String dataSource) {

        /** @return the column of a legend entry, or null when it is not {@code CF:kind:uuid:ds} */
        static Column parse(String entry) {
            String[] parts = entry.trim().split(":", 4);
            if (parts.length != 4 || parts[2].isEmpty() || parts[3].isEmpty()) {
                return null;
            }
            return new Column(parts[0], parts[1], parts[2], parts[3]);
        }
    }

    /**
     * One row.
     *
     * @param time   epoch seconds
     * @param values one per legend entry
     */
    record Row(long time, double[] values) {
    }

    private static final XMLInputFactory FACTORY = secureFactory();

    private static XMLInputFactory secureFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        return f;
    }

    /**
     * @throws IOException when the document is not an {@code xport} (one line: what was wrong)
     */
    static Xport parse(InputStream in) throws IOException {
        XMLStreamReader r;
        synchronized (FACTORY) {
            try {
                r = FACTORY.createXMLStreamReader(in);
            } catch (XMLStreamException e) {
                throw new IOException("/rrd_updates: not XML: " + e.getMessage(), e);
            }
        }
        long start = -1;
        long step = -1;
        long end = -1;
        List<Column> legend = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        boolean sawXport = false;
        try {
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new IOException("/rrd_updates: a DTD or entity reference is not allowed in an xport");
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                switch (r.getLocalName()) {
                    case "xport" -> sawXport = true;
                    case "start" -> start = number(r.getElementText(), "start");
                    case "step" -> step = number(r.getElementText(), "step");
                    case "end" -> end = number(r.getElementText(), "end");
                    case "entry" -> legend.add(Column.parse(r.getElementText()));
                    case "row" -> rows.add(row(r, legend.size()));
                    default -> {
                        // rows, columns, meta, legend, data: structure only
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw new IOException("/rrd_updates: malformed xport: " + e.getMessage(), e);
        } finally {
            try {
                r.close();
            } catch (XMLStreamException e) {
                // nothing to release beyond the stream, which the caller closes
            }
        }
        if (!sawXport || step <= 0 || end < 0) {
            throw new IOException("/rrd_updates: not an rrdtool xport (no <xport>, <step> or <end>)");
        }
        List<Row> oldestFirst = new ArrayList<>(rows);
        oldestFirst.sort(java.util.Comparator.comparingLong(Row::time)); // the wire has them newest first
        return new Xport(start, step, end, java.util.Collections.unmodifiableList(legend), List.copyOf(oldestFirst));
    }

    private static Row row(XMLStreamReader r, int columns) throws XMLStreamException, IOException {
        long t = -1;
        double[] values = new double[columns];
        java.util.Arrays.fill(values, Double.NaN);
        int v = 0;
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.END_ELEMENT && r.getLocalName().equals("row")) {
                break;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            if (r.getLocalName().equals("t")) {
                t = number(r.getElementText(), "t");
            } else if (r.getLocalName().equals("v")) {
                String text = r.getElementText();
                if (v < columns) {
                    values[v] = value(text);
                }
                v++;
            }
        }
        if (t < 0) {
            throw new IOException("/rrd_updates: a row without <t>");
        }
        if (v != columns) {
            throw new IOException("/rrd_updates: a row has " + v + " values for " + columns + " legend entries");
        }
        return new Row(t, values);
    }

    private static long number(String text, String what) throws IOException {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IOException("/rrd_updates: <" + what + "> is not an integer: " + XapiErrors.oneLine(text));
        }
    }

    private static double value(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
