package io.ferry.compare.internal;

import io.ferry.compare.ResultRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The fields of a {@link ResultRow} as results.json and results.csv name and order them: one list, so the two
 * files always agree. Values are JSON-ready: numbers, booleans, strings, null for a missing prediction, and a
 * list of strings for the notes. Cost: O(fields) per row.
 */
final class RowFields {

    /** One named field. */
    record Field(String key, Function<ResultRow, Object> value) {
    }

    static final List<Field> FIELDS = List.of(
            new Field("scenario", ResultRow::scenario),
            new Field("policy", ResultRow::policy),
            new Field("technique", ResultRow::technique),
            new Field("memoryBytes", ResultRow::memoryBytes),
            new Field("bandwidthBytesPerSec", ResultRow::bandwidthBytesPerSec),
            new Field("concurrentMigrations", ResultRow::concurrentMigrations),
            new Field("downtimeBudgetMs", ResultRow::downtimeBudgetMs),
            new Field("seed", ResultRow::seed),
            new Field("totalTimeMs", ResultRow::totalTimeMs),
            new Field("downtimeMs", ResultRow::downtimeMs),
            new Field("bytesSent", ResultRow::bytesSent),
            new Field("pagesSent", ResultRow::pagesSent),
            new Field("pagesResent", ResultRow::pagesResent),
            new Field("rounds", ResultRow::rounds),
            new Field("postcopyFaults", ResultRow::postcopyFaults),
            new Field("degradedMs", ResultRow::degradedMs),
            new Field("faultStallMs", ResultRow::faultStallMs),
            new Field("slaViolated", ResultRow::slaViolated),
            new Field("predictedTotalTimeMs", r -> r.predicted().map(ResultRow.Prediction::totalTimeMs).orElse(null)),
            new Field("predictedDowntimeMs", r -> r.predicted().map(ResultRow.Prediction::downtimeMs).orElse(null)),
            new Field("predictedBytes", r -> r.predicted().map(ResultRow.Prediction::bytesSent).orElse(null)),
            new Field("notes", ResultRow::notes));

    private RowFields() {
    }

    /** @return the field names, in file order */
    static List<String> keys() {
        return FIELDS.stream().map(Field::key).toList();
    }

    /** @return the row as an insertion-ordered map, in file order */
    static Map<String, Object> toMap(ResultRow row) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Field field : FIELDS) {
            map.put(field.key(), field.value().apply(row));
        }
        return map;
    }
}
