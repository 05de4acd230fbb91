package dev.tarn.ask.datasource;

import dev.tarn.ask.ResultTable;
import dev.tarn.ask.nl.model.DataType;
import dev.tarn.engine.external.QueryRows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** A datasource's rows as the ask features read them: each column's kind, values of the kinds {@link ResultTable} names. */
final class ResultTables {
    private ResultTables() {
    }

    static ResultTable of(QueryRows rows) {
        List<ResultTable.Column> columns = new ArrayList<>();
        for (int i = 0; i < rows.columns().size(); i++) {
            DataType type = DataType.fromSqlType(rows.columns().get(i).type());
            if (type == DataType.OTHER) {
                // expressions in SQLite, and some drivers' computed columns, name no type: the values tell
                type = fromValues(rows, i);
            }
            columns.add(new ResultTable.Column(rows.columns().get(i).name(), type));
        }
        List<List<Object>> values = new ArrayList<>();
        for (List<Object> row : rows.rows()) {
            List<Object> converted = new ArrayList<>(row.size());
            for (Object value : row) {
                converted.add(value(value));
            }
            values.add(converted);
        }
        return new ResultTable(columns, values, rows.truncated());
    }

    private static DataType fromValues(QueryRows rows, int column) {
        for (List<Object> row : rows.rows()) {
            Object value = row.get(column);
            if (value != null) {
                return switch (value) {
                    case Long ignored -> DataType.INTEGER;
                    case BigInteger ignored -> DataType.INTEGER;
                    case Double ignored -> DataType.DECIMAL;
                    case BigDecimal ignored -> DataType.DECIMAL;
                    case Boolean ignored -> DataType.BOOLEAN;
                    case LocalDate ignored -> DataType.DATE;
                    case LocalDateTime ignored -> DataType.TIMESTAMP;
                    case OffsetDateTime ignored -> DataType.TIMESTAMP;
                    case String ignored -> DataType.TEXT;
                    default -> DataType.OTHER;
                };
            }
        }
        return DataType.OTHER;
    }

    private static Object value(Object value) {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case Long number -> number;
            case Double number -> number;
            case BigDecimal number -> number;
            case Boolean bool -> bool;
            case LocalDate date -> date;
            case LocalDateTime timestamp -> timestamp;
            case OffsetDateTime timestamp -> timestamp;
            case java.time.ZonedDateTime timestamp -> timestamp.toOffsetDateTime();
            case java.time.Instant instant -> instant.atOffset(java.time.ZoneOffset.UTC);
            case byte[] bytes -> java.util.Base64.getEncoder().encodeToString(bytes);
            default -> value.toString();
        };
    }
}
