package dev.tarn.ask.question;

import dev.tarn.ask.nl.sql.ComparisonOperator;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * A phrase an administrator taught a datasource: it names a table, a column ({@code column}
 * present), stands for a filter ({@code column} and {@code value}: "premium customers" =
 * customers.plan equal to 'premium'), or for a comparison ({@code column}, {@code comparison} and
 * {@code number}: "major cities" = city.population over 150000).
 */
public record SynonymRecord(String id, String datasourceId, String phrase, String table, Optional<String> column,
                            Optional<String> value, Optional<Comparison> comparison, Instant createdAt) {
    /** A column compared with a number. */
    public record Comparison(ComparisonOperator operator, BigDecimal number) {
    }
}
