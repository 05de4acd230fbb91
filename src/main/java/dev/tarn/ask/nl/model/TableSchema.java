package dev.tarn.ask.nl.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One table of a datasource: its columns, its primary key (possibly none) and its declared foreign keys. */
public record TableSchema(String name, String description, List<ColumnSchema> columns, List<String> primaryKey,
                          List<ForeignKey> foreignKeys) {
    public TableSchema {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        foreignKeys = List.copyOf(foreignKeys);
        if (columns.isEmpty()) throw new IllegalArgumentException("table " + name + " has no columns");
        for (String key : primaryKey) {
            if (columns.stream().noneMatch(column -> column.name().equals(key))) {
                throw new IllegalArgumentException("primary key column " + key + " is not a column of " + name);
            }
        }
    }

    public TableSchema(String name, List<ColumnSchema> columns) {
        this(name, "", columns, List.of(), List.of());
    }

    public Optional<ColumnSchema> column(String columnName) {
        return columns.stream().filter(column -> column.name().equals(columnName)).findFirst();
    }
}
