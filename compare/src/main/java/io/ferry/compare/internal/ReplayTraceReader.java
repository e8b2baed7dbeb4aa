package io.ferry.compare.internal;

import io.ferry.compare.ScenarioFileException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the CSV trace of a {@code replay} dirtying model: a header, then one sample per line. Columns:
 * {@code pages_per_second} (required, each &gt;= 0) and {@code seconds} (optional, the sample's time; when
 * present the samples must be evenly spaced and the spacing is the replay step). Blank lines and lines starting
 * with {@code #} are ignored. Errors name the scenario file, the {@code file} parameter and the CSV line. Cost:
 * one pass over the file.
 */
final class ReplayTraceReader {

    static final String SECONDS = "seconds";
    static final String RATE = "pages_per_second";
    private static final List<String> COLUMNS = List.of(SECONDS, RATE);
    /** Relative tolerance when checking that the {@code seconds} column is evenly spaced. */
    private static final double SPACING_TOLERANCE = 1e-6;

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(true)
            .setCommentMarker('#')
            .build();

    /**
     * A trace as read.
     *
     * @param file           the {@code file} parameter as written in the scenario
     * @param pagesPerSecond the samples
     * @param spacing        the spacing of the {@code seconds} column, or NaN when the CSV has none or one row
     */
    record Trace(String file, double[] pagesPerSecond, double spacing) {

        /**
         * @param stepSeconds the scenario's {@code stepSeconds}, or null when absent
         * @return the replay step: {@code stepSeconds}, or the spacing of the {@code seconds} column
         */
        double stepSeconds(JsonFields dirtying, Double stepSeconds) {
            if (stepSeconds == null) {
                if (Double.isNaN(spacing)) {
                    throw dirtying.error(dirtying.pathOf("stepSeconds") + " is missing: it is required when "
                            + "\"" + file + "\" has no " + SECONDS + " column or a single sample");
                }
                return spacing;
            }
            if (!Double.isNaN(spacing) && Math.abs(stepSeconds - spacing) > SPACING_TOLERANCE * spacing) {
                throw dirtying.invalid("stepSeconds", "disagrees with the " + spacing + " s spacing of the "
                        + SECONDS + " column of \"" + file + "\"; omit it or make them agree");
            }
            return stepSeconds;
        }
    }

    private ReplayTraceReader() {
    }

    /**
     * @param dirtying the {@code dirtying} object, for messages
     * @param file     the {@code file} parameter as written
     * @param csv      the CSV, resolved against the scenario's directory
     */
    static Trace read(JsonFields dirtying, String file, Path csv) {
        String prefix = dirtying.pathOf("file") + " = \"" + file + "\": ";
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CSVParser parser = FORMAT.parse(in)) {
            List<String> header = parser.getHeaderNames();
            if (!header.contains(RATE)) {
                // the first line is not echoed: the file may be anything (a binary, another JSON, a secret)
                throw dirtying.error(prefix + notATrace(header.isEmpty() ? "has no header line" : "its first line"
                        + " names no " + RATE + " column"));
            }
            for (String column : header) {
                if (!COLUMNS.contains(column)) {
                    throw dirtying.error(prefix + "unknown column \"" + column + "\" (known: "
                            + String.join(", ", COLUMNS) + ")");
                }
            }
            boolean timed = header.contains(SECONDS);
            List<Double> rates = new ArrayList<>();
            List<Double> times = new ArrayList<>();
            for (CSVRecord record : parser) {
                String line = "line " + parser.getCurrentLineNumber() + ": ";
                if (!record.isConsistent()) {
                    throw dirtying.error(prefix + line + "has " + record.size() + " values, the header "
                            + header.size());
                }
                double rate = number(dirtying, prefix + line, record, RATE);
                if (!(rate >= 0)) {
                    throw dirtying.error(prefix + line + RATE + " = " + record.get(RATE) + ": must be >= 0");
                }
                rates.add(rate);
                if (timed) {
                    times.add(number(dirtying, prefix + line, record, SECONDS));
                }
            }
            if (rates.isEmpty()) {
                throw dirtying.error(prefix + "has no samples: a replayed trace needs at least one line after "
                        + "the header");
            }
            double spacing = timed ? spacing(dirtying, prefix, times) : Double.NaN;
            return new Trace(file, rates.stream().mapToDouble(Double::doubleValue).toArray(), spacing);
        } catch (ScenarioFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // commons-csv: a bad header (a missing name); its message quotes the line, so it is not shown
            throw dirtying.error(prefix + notATrace("its first line is not a CSV header with a name for every "
                    + "column"));
        } catch (IOException | UncheckedIOException e) {
            // UncheckedIOException for a bad quote
            String reason = e instanceof IOException io ? ScenarioFileParser.describe(io)
                    : ScenarioFileParser.describe(((UncheckedIOException) e).getCause());
            throw dirtying.error(prefix + "cannot read " + csv + ": " + reason);
        }
    }

    private static String notATrace(String why) {
        return "not a trace CSV: " + why + " (the first line must be a header naming the columns: "
                + String.join(", ", COLUMNS) + "; " + RATE + " is required)";
    }

    private static double number(JsonFields dirtying, String at, CSVRecord record, String column) {
        String text = record.get(column);
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw dirtying.error(at + column + " = \"" + text + "\": must be a number");
    }

    private static double spacing(JsonFields dirtying, String prefix, List<Double> times) {
        if (times.size() < 2) {
            return Double.NaN;
        }
        double step = times.get(1) - times.get(0);
        for (int i = 1; i < times.size(); i++) {
            double gap = times.get(i) - times.get(i - 1);
            if (!(step > 0) || Math.abs(gap - step) > SPACING_TOLERANCE * step) {
                throw dirtying.error(prefix + SECONDS + " = " + times.get(i) + " (sample " + (i + 1) + "): the "
                        + SECONDS + " column must increase in equal steps (first step " + step + " s)");
            }
        }
        return step;
    }
}
