package dev.tarn.ask.nl.model;

import dev.tarn.ask.nl.sql.SqlDialect;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The metadata of one datasource that the question engine starts from, with the dialect its SQL must be in. */
public record DatabaseSchema(SqlDialect dialect, List<TableSchema> tables) {
    public DatabaseSchema {
        Objects.requireNonNull(dialect, "dialect");
        tables = List.copyOf(tables);
        long distinct = tables.stream().map(TableSchema::name).distinct().count();
        if (distinct != tables.size()) throw new IllegalArgumentException("two tables share a name");
    }

    public Optional<TableSchema> table(String name) {
        return tables.stream().filter(table -> table.name().equals(name)).findFirst();
    }
}
