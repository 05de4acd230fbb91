package dev.tarn.engine;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** The columns of an existing table, in table order, and the table's comment. */
public record TableSchema(TableName table, List<Column> columns, Optional<String> comment) {
    public TableSchema {
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        Objects.requireNonNull(comment, "comment");
    }

    /** The column with this name, compared without regard to case as DuckDB does. */
    public Optional<Column> column(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return columns.stream().filter(c -> c.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }
}
