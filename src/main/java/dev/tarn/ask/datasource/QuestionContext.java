package dev.tarn.ask.datasource;

import dev.tarn.ask.nl.model.DatabaseSchema;
import dev.tarn.ask.nl.model.ValueIndex;
import dev.tarn.ask.nl.sql.SqlDialect;

/** PLACEHOLDER until branch ask-sources is merged. */
public record QuestionContext(String datasourceId, SqlDialect dialect, DatabaseSchema schema, ValueIndex values, long version) {
}
