package io.ferry.compare.internal;

import io.ferry.compare.Comparison;
import io.ferry.compare.ResultRow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * Renders a comparison as an aligned plain-text table for terminals: text columns left-aligned, numbers
 * right-aligned, a dashed rule under the header. Cost: O(rows x columns).
 */
public final class TextTable {

    private record Column(String header, boolean numeric, Function<ResultRow, String> cell) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("scenario", false, ResultRow::scenario),
            new Column("policy", false, ResultRow::policy),
            new Column("technique", false, r -> Formats.technique(r.technique())),
            new Column("total s", true, r -> Formats.seconds(r.totalTimeMs())),
            new Column("downtime ms", true, r -> Formats.millis(r.downtimeMs())),
            new Column("GiB sent", true, r -> Formats.gib(r.bytesSent())),
            new Column("re-sent pages", true, r -> Formats.count(r.pagesResent())),
            new Column("rounds", true, r -> Integer.toString(r.rounds())),
            new Column("faults", true, r -> Formats.count(r.postcopyFaults())),
            new Column("degraded s", true, r -> Formats.seconds(r.degradedMs())),
            new Column("SLA", false, r -> Formats.sla(r.slaViolated())));

    private static final String GAP = "  ";

    private TextTable() {
    }

    /** @return the table, one line per row after the header and the rule, each line ending in a newline */
    public static String render(Comparison comparison) {
        List<String[]> lines = new ArrayList<>();
        lines.add(COLUMNS.stream().map(Column::header).toArray(String[]::new));
        for (ResultRow row : comparison.rows()) {
            lines.add(COLUMNS.stream().map(c -> c.cell().apply(row)).toArray(String[]::new));
        }
        return align(lines, i -> COLUMNS.get(i).numeric());
    }

    /**
     * Aligns rows of cells into columns two spaces apart, with a rule of dashes under the first row (the header).
     *
     * @param lines         the header, then the rows; every line has the same number of cells
     * @param rightAligned  which columns are right-aligned (numbers), by index
     * @return the table, every line ending in a newline, trailing blanks stripped
     */
    static String align(List<String[]> lines, IntPredicate rightAligned) {
        int[] widths = new int[lines.get(0).length];
        for (String[] line : lines) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int l = 0; l < lines.size(); l++) {
            append(out, lines.get(l), widths, rightAligned);
            if (l == 0) {
                String[] rule = new String[widths.length];
                for (int i = 0; i < widths.length; i++) {
                    rule[i] = "-".repeat(widths[i]);
                }
                append(out, rule, widths, rightAligned);
            }
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String[] cells, int[] widths, IntPredicate rightAligned) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(GAP);
            }
            String pad = " ".repeat(widths[i] - cells[i].length());
            line.append(rightAligned.test(i) ? pad + cells[i] : cells[i] + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
