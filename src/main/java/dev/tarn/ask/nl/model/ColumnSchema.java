package dev.tarn.ask.nl.model;

import java.util.Objects;

/** One column as the datasource's metadata describes it; the description may be empty. */
public record ColumnSchema(String name, DataType type, String description) {
    public ColumnSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        description = description == null ? "" : description;
        if (name.isBlank()) throw new IllegalArgumentException("a column needs a name");
    }

    public ColumnSchema(String name, DataType type) {
        this(name, type, "");
    }
}
