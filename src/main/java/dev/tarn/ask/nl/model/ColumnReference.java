package dev.tarn.ask.nl.model;

import java.util.Objects;

/** A column named by its table, the way the semantic model points at columns. */
public record ColumnReference(String table, String column) {
    public ColumnReference {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
    }

    @Override
    public String toString() {
        return table + "." + column;
    }
}
