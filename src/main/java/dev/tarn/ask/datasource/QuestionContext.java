package dev.tarn.ask.datasource;

import dev.tarn.ask.nl.model.DatabaseSchema;
import dev.tarn.ask.nl.model.ValueIndex;
import dev.tarn.ask.nl.sql.SqlDialect;

import java.util.Objects;

/**
 * What the question engine needs of one datasource: the visible part of its synced metadata with
 * unqualified table names, the stored values of its value indexes, and a version that changes
 * whenever any of these does.
 */
public record QuestionContext(String datasourceId, SqlDialect dialect, DatabaseSchema schema, ValueIndex values, long version) {
    public QuestionContext {
        Objects.requireNonNull(datasourceId, "datasourceId");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(values, "values");
    }
}
