package dev.tarn.ingest;

import dev.tarn.engine.Column;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The columns of a file or a table, in order, looked up by name without regard to case (as DuckDB matches them). */
public record ColumnSet(List<Column> columns) {
    public ColumnSet {
        columns = List.copyOf(columns);
    }

    public Optional<Column> find(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return columns.stream().filter(column -> column.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    public boolean contains(String name) {
        return find(name).isPresent();
    }

    /** The names, comma-separated, for messages. */
    public String names() {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    /** These columns, each with the type of the same-named column of {@code table} where it has one. */
    public ColumnSet typedAs(ColumnSet table) {
        return new ColumnSet(columns.stream()
                .map(column -> table.find(column.name()).map(match -> new Column(column.name(), match.type())).orElse(column))
                .toList());
    }

    /** The columns that {@code other} lacks. */
    public List<Column> missingFrom(ColumnSet other) {
        return columns.stream().filter(column -> !other.contains(column.name())).toList();
    }
}
