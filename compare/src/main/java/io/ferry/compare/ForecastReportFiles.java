package io.ferry.compare;

import java.nio.file.Path;
import java.util.List;

/**
 * The files {@link ForecastReports#writeAll} wrote.
 *
 * @param json forecast.json
 * @param csv  forecast.csv
 * @param html report.html
 */
public record ForecastReportFiles(Path json, Path csv, Path html) {

    /** @return the three files, in the order above */
    public List<Path> all() {
        return List.of(json, csv, html);
    }
}
