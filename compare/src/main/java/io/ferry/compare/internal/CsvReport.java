package io.ferry.compare.internal;

import io.ferry.compare.Comparison;
import io.ferry.compare.ResultRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes results.csv: a header of the {@link RowFields} keys, then one line per row; a missing prediction is an
 * empty cell and the notes are joined with {@code " | "}. Cost: O(rows).
 */
public final class CsvReport {

    /** Joins a row's notes in one cell. */
    static final String NOTE_SEPARATOR = " | ";

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader(RowFields.keys().toArray(String[]::new))
            .setRecordSeparator('\n')
            .build();

    private CsvReport() {
    }

    /** Writes the comparison; flushes but does not close {@code out}. */
    public static void write(Comparison comparison, Appendable out) throws IOException {
        CSVPrinter printer = new CSVPrinter(out, FORMAT);
        for (ResultRow row : comparison.rows()) {
            List<Object> values = new ArrayList<>();
            for (RowFields.Field field : RowFields.FIELDS) {
                Object value = field.value().apply(row);
                values.add(value instanceof Collection<?> c ? String.join(NOTE_SEPARATOR, c.stream()
                        .map(String::valueOf).toList()) : value);
            }
            printer.printRecord(values);
        }
        printer.flush();
    }
}
