package dev.tarn.engine;

import java.util.Objects;

/** A result column: its name and DuckDB's name for its type (e.g. {@code BIGINT}, {@code STRUCT(a INTEGER)}). */
public record Column(String name, String type) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
