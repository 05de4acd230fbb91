package dev.tarn.engine;

import java.util.List;
import java.util.Objects;

/**
 * The whole result of one statement, held in memory: for APIs that answer in one JSON document
 * (the realtime SQL endpoint), never for /query, which streams. Values are Java types: Long,
 * Integer, Double, BigDecimal, BigInteger, Boolean, String, LocalDate, LocalDateTime, OffsetDateTime,
 * LocalTime, UUID, byte[]; JSON as its text.
 */
public record StatementResult(boolean returnsRows, List<Column> columns, List<Object[]> rows, long changedRows) {
    public StatementResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        Objects.requireNonNull(columns);
    }
}
