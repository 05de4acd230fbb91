package dev.tarn.ask.nl.model;

import java.util.Objects;

/** A column of one table that refers to a column of another, declared by the datasource or inferred from names. */
public record ForeignKey(String column, String referencedTable, String referencedColumn) {
    public ForeignKey {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(referencedTable, "referencedTable");
        Objects.requireNonNull(referencedColumn, "referencedColumn");
    }
}
