package dev.tarn.engine.external;

import dev.tarn.engine.Column;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads rows of any driver into the plain Java values the ask features work with, so no java.sql type leaves the engine. */
final class JdbcValues {
    private JdbcValues() {
    }

    static List<Column> columns(ResultSetMetaData metaData) throws SQLException {
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            String type = metaData.getColumnTypeName(i);
            columns.add(new Column(metaData.getColumnLabel(i), type == null ? "" : type));
        }
        return columns;
    }

    /** Up to {@code maximumRows} rows; the answer says whether more existed. */
    static QueryRows read(ResultSet resultSet, int maximumRows) throws SQLException {
        List<Column> columns = columns(resultSet.getMetaData());
        List<List<Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (resultSet.next()) {
            if (rows.size() >= maximumRows) {
                truncated = true;
                break;
            }
            List<Object> row = new ArrayList<>(columns.size());
            for (int i = 1; i <= columns.size(); i++) {
                row.add(value(resultSet.getObject(i)));
            }
            rows.add(row);
        }
        return new QueryRows(columns, rows, truncated);
    }

    static Object value(Object value) throws SQLException {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case Boolean bool -> bool;
            case Long number -> number;
            case Integer number -> number.longValue();
            case Short number -> number.longValue();
            case Byte number -> number.longValue();
            case Double number -> number;
            case Float number -> number.doubleValue();
            case BigDecimal number -> number;
            case BigInteger number -> number.bitLength() < 64 ? (Object) number.longValue() : new BigDecimal(number);
            case java.sql.Timestamp timestamp -> timestamp.toLocalDateTime();
            case java.sql.Date date -> date.toLocalDate();
            case java.sql.Time time -> time.toLocalTime();
            case java.time.temporal.Temporal temporal -> temporal;
            case java.sql.Array array -> String.valueOf(List.of((Object[]) array.getArray()));
            case byte[] bytes -> bytes;
            default -> value.toString();
        };
    }
}
