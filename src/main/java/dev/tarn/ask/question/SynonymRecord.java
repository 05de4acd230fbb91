package dev.tarn.ask.question;

import java.time.Instant;
import java.util.Optional;

/**
 * A phrase an administrator taught a datasource: it names a table, a column ({@code column}
 * present), or stands for a filter ({@code column} and {@code value} present: "premium customers"
 * = customers.plan equal to 'premium').
 */
public record SynonymRecord(String id, String datasourceId, String phrase, String table, Optional<String> column,
                            Optional<String> value, Instant createdAt) {
}
