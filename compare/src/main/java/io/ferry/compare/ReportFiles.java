package io.ferry.compare;

import java.nio.file.Path;
import java.util.List;

/**
 * The files {@link ComparisonReports#writeAll} wrote.
 *
 * @param json results.json
 * @param csv  results.csv
 * @param html report.html
 */
public record ReportFiles(Path json, Path csv, Path html) {

    /** @return the three files, in the order above */
    public List<Path> all() {
        return List.of(json, csv, html);
    }
}
