package dev.tarn.access;

import java.util.Objects;
import java.util.Optional;

/** A table named in a query, its parts without quotes; a missing schema means the datasource's default one. */
public record TableReference(Optional<String> catalog, Optional<String> schema, String table) {
    public TableReference {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
    }

    @Override
    public String toString() {
        return catalog.map(name -> name + ".").orElse("") + schema.map(name -> name + ".").orElse("") + table;
    }
}
