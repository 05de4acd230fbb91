package dev.tarn.engine;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes values fetched through JDBC as JSON, for results DuckDB cannot render itself because the
 * statement cannot be wrapped (SHOW, DESCRIBE, INSERT … RETURNING). Numbers stay numbers, JSON
 * columns are embedded as JSON, everything else is DuckDB's own text for the value.
 */
final class JdbcValueWriter {
    private JdbcValueWriter() {
    }

    private static final java.time.format.DateTimeFormatter TIMESTAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS", java.util.Locale.ROOT);
    private static final java.util.Set<String> ENGINE_LIKE_TYPES = java.util.Set.of(
            "BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
            "FLOAT", "DOUBLE", "VARCHAR", "DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "UUID", "JSON");

    /** Whether values of this type are written here exactly as the engine's JSON rendering writes them. */
    static boolean rendersLikeTheEngine(String type) {
        return ENGINE_LIKE_TYPES.contains(type) || type.startsWith("DECIMAL");
    }

    static void writeValue(JsonGenerator json, ResultSet resultSet, int index, Column column) throws SQLException, IOException {
        Object value = resultSet.getObject(index);
        if (value == null) {
            json.writeNull();
            return;
        }
        switch (column.type()) {
            case "TIMESTAMP" -> {
                json.writeString(TIMESTAMP.format(resultSet.getObject(index, java.time.LocalDateTime.class)));
                return;
            }
            case "TIMESTAMP WITH TIME ZONE" -> {
                java.time.OffsetDateTime zoned = resultSet.getObject(index, java.time.OffsetDateTime.class);
                json.writeString(TIMESTAMP.format(zoned.withOffsetSameInstant(java.time.ZoneOffset.UTC)) + "Z");
                return;
            }
            default -> {
                // the rest by the Java type the driver returns
            }
        }
        switch (value) {
            case Boolean b -> json.writeBoolean(b);
            case Integer i -> json.writeNumber(i);
            case Long l -> json.writeNumber(l);
            case Short s -> json.writeNumber(s);
            case Byte b -> json.writeNumber(b);
            case BigInteger b -> json.writeNumber(b);
            case BigDecimal b -> json.writeNumber(b);
            case Double d when Double.isFinite(d) -> json.writeNumber(d);
            case Float f when Float.isFinite(f) -> json.writeNumber(f);
            case Double d -> json.writeString(nonFinite(d));
            case Float f -> json.writeString(nonFinite(f));
            default -> {
                if (column.type().equalsIgnoreCase("JSON")) {
                    json.writeRawValue(value.toString());
                } else {
                    json.writeString(resultSet.getString(index));
                }
            }
        }
    }

    /** JSON has no NaN or Infinity; they are written as strings, as the engine's rendering does. */
    private static String nonFinite(double value) {
        return Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
    }

    static void writeArray(JsonGenerator json, ResultSet resultSet, List<Column> columns) throws SQLException, IOException {
        json.writeStartArray();
        for (int i = 0; i < columns.size(); i++) {
            writeValue(json, resultSet, i + 1, columns.get(i));
        }
        json.writeEndArray();
    }

    static void writeObject(JsonGenerator json, ResultSet resultSet, List<Column> columns) throws SQLException, IOException {
        json.writeStartObject();
        for (int i = 0; i < columns.size(); i++) {
            json.writeFieldName(columns.get(i).name());
            writeValue(json, resultSet, i + 1, columns.get(i));
        }
        json.writeEndObject();
    }
}
