package dev.tarn.ask.chart;

import dev.tarn.ask.ResultTable;

import java.time.temporal.Temporal;
import java.util.List;

/**
 * What a result column is for when drawing or describing it. Numbers are measures, except keys
 * ({@code id}, {@code customer_id}) and years ({@code year}, {@code order_year}): those name rows,
 * so they label bars rather than become an axis of a scatter plot.
 */
enum ColumnRole {
    MEASURE, TIME, CATEGORY, UNDRAWABLE;

    static ColumnRole of(ResultTable table, int columnIndex) {
        ResultTable.Column column = table.columns().get(columnIndex);
        return switch (column.type()) {
            case INTEGER, DECIMAL -> ColumnWords.hasWord(column.name(), "id", "year", "code", "zip", "postcode")
                    && !ColumnWords.hasWord(column.name(), "count", "number", "total", "sum") ? CATEGORY : MEASURE;
            case DATE, TIMESTAMP -> TIME;
            case TEXT, BOOLEAN -> CATEGORY;
            case OTHER -> fromValues(table.rows(), columnIndex);
        };
    }

    /** A column of a type the engine did not name is judged by what it holds. */
    private static ColumnRole fromValues(List<List<Object>> rows, int columnIndex) {
        boolean anyValue = false;
        boolean allNumbers = true;
        boolean allTimes = true;
        boolean allText = true;
        for (List<Object> row : rows) {
            Object value = row.get(columnIndex);
            if (value == null) continue;
            anyValue = true;
            allNumbers &= value instanceof Number;
            allTimes &= value instanceof Temporal;
            allText &= value instanceof CharSequence || value instanceof Boolean;
        }
        if (!anyValue) return UNDRAWABLE;
        if (allNumbers) return MEASURE;
        if (allTimes) return TIME;
        return allText ? CATEGORY : UNDRAWABLE;
    }
}
