package dev.tarn.ask;

import dev.tarn.ask.nl.model.DataType;

import java.util.List;
import java.util.Objects;

/**
 * The rows a datasource answered a question's SQL with, as every ask feature reads them: the answer
 * sentence, the chart, the dataframe. Values are Java values (String, Long, Double, BigDecimal,
 * LocalDate, LocalDateTime/OffsetDateTime, Boolean, or null).
 *
 * @param truncated more rows existed than the caller's limit allowed
 */
public record ResultTable(List<Column> columns, List<List<Object>> rows, boolean truncated) {
    /** One column of the answer: its name and the kind of value it holds. */
    public record Column(String name, DataType type) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    public ResultTable {
        columns = List.copyOf(columns);
        // rows may hold nulls, which List.copyOf refuses
        rows = rows.stream().map(row -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(row))).toList();
    }
}
