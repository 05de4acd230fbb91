package dev.tarn.ask.chart;

import dev.tarn.ask.ResultTable;
import dev.tarn.ask.nl.model.DataType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Result tables written the way they read: {@code table(columns("country", TEXT, "total", DECIMAL), row("France", 12000))}. */
final class Tables {
    private Tables() {
    }

    static List<ResultTable.Column> columns(Object... namesAndTypes) {
        List<ResultTable.Column> columns = new ArrayList<>();
        for (int index = 0; index < namesAndTypes.length; index += 2) {
            columns.add(new ResultTable.Column((String) namesAndTypes[index], (DataType) namesAndTypes[index + 1]));
        }
        return columns;
    }

    static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @SafeVarargs
    static ResultTable table(List<ResultTable.Column> columns, List<Object>... rows) {
        return new ResultTable(columns, List.of(rows), false);
    }

    static ResultTable table(List<ResultTable.Column> columns, List<List<Object>> rows, boolean truncated) {
        return new ResultTable(columns, rows, truncated);
    }
}
