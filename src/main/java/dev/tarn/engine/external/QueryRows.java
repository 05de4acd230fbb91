package dev.tarn.engine.external;

import dev.tarn.engine.Column;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows one read-only query answered with, at most the caller's limit; values are Java values
 * (String, Long, Double, BigDecimal, Boolean, LocalDate, LocalDateTime, OffsetDateTime or null).
 *
 * @param columns each column's name and the database's name for its type
 */
public record QueryRows(List<Column> columns, List<List<Object>> rows, boolean truncated) {
    public QueryRows {
        columns = List.copyOf(columns);
        rows = rows.stream().map(row -> Collections.unmodifiableList(new ArrayList<>(row))).toList();
    }
}
