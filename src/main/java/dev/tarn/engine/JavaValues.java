package dev.tarn.engine;

import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/** Reads a JDBC value as the plain Java type callers outside the engine work with (no java.sql types). */
final class JavaValues {
    private JavaValues() {
    }

    static Object read(ResultSet resultSet, int index, String type) throws SQLException {
        Object value = resultSet.getObject(index);
        if (value == null) {
            return null;
        }
        return switch (type) {
            case "TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S" -> resultSet.getObject(index, LocalDateTime.class);
            case "TIMESTAMP WITH TIME ZONE" -> resultSet.getObject(index, OffsetDateTime.class);
            case "DATE" -> resultSet.getObject(index, LocalDate.class);
            case "TIME" -> resultSet.getObject(index, LocalTime.class);
            case "JSON" -> value.toString();
            default -> value instanceof Blob blob ? blob.getBytes(1, (int) blob.length())
                    : value instanceof java.sql.Timestamp || value instanceof java.sql.Date || value instanceof java.sql.Time
                    ? resultSet.getString(index) : value;
        };
    }
}
