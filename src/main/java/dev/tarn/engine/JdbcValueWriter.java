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

    static void writeValue(JsonGenerator json, ResultSet resultSet, int index, Column column) throws SQLException, IOException {
        Object value = resultSet.getObject(index);
        if (value == null) {
            json.writeNull();
            return;
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
            default -> {
                if (column.type().equalsIgnoreCase("JSON")) {
                    json.writeRawValue(value.toString());
                } else {
                    json.writeString(resultSet.getString(index));
                }
            }
        }
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
