package dev.tarn.ask.nl.sql;

import java.util.Optional;

/** How one database engine spells the parts of SQL that differ between engines. */
public enum SqlDialect {
    DUCKDB('"'), POSTGRESQL('"'), MYSQL('`'), SQLITE('"');

    private final char identifierQuote;

    SqlDialect(char identifierQuote) {
        this.identifierQuote = identifierQuote;
    }

    /** An identifier in quotes, with the quote character doubled inside it. */
    public String quoteIdentifier(String identifier) {
        String quote = String.valueOf(identifierQuote);
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    /** The call of an aggregate, or empty when this engine has no such aggregate. */
    public Optional<String> aggregate(AggregateFunction function, String argument, boolean distinct) {
        String inner = (distinct ? "DISTINCT " : "") + argument;
        if (function != AggregateFunction.MEDIAN) return Optional.of(function.name() + "(" + inner + ")");
        return switch (this) {
            case DUCKDB -> Optional.of("MEDIAN(" + inner + ")");
            case POSTGRESQL -> Optional.of("PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY " + argument + ")");
            case MYSQL, SQLITE -> Optional.empty();
        };
    }

    /** The first day of the period the value falls in. */
    public String dateTruncation(DateGrain grain, String value) {
        String unit = grain.name().toLowerCase(java.util.Locale.ROOT);
        return switch (this) {
            case DUCKDB, POSTGRESQL -> "DATE_TRUNC('" + unit + "', " + value + ")";
            case MYSQL -> switch (grain) {
                case DAY -> "DATE(" + value + ")";
                case WEEK -> "DATE_SUB(DATE(" + value + "), INTERVAL WEEKDAY(" + value + ") DAY)";
                case MONTH -> "DATE_FORMAT(" + value + ", '%Y-%m-01')";
                // built from function calls only: JSqlParser, which row filters print through, cannot read "+ INTERVAL (…) QUARTER"
                case QUARTER -> "STR_TO_DATE(CONCAT(YEAR(" + value + "), '-', (QUARTER(" + value + ") - 1) * 3 + 1, '-01'), '%Y-%c-%d')";
                case YEAR -> "DATE_FORMAT(" + value + ", '%Y-01-01')";
            };
            case SQLITE -> switch (grain) {
                case DAY -> "DATE(" + value + ")";
                case WEEK -> "DATE(" + value + ", 'weekday 0', '-6 days')";
                case MONTH -> "STRFTIME('%Y-%m-01', " + value + ")";
                case QUARTER -> "PRINTF('%s-%02d-01', STRFTIME('%Y', " + value + "), ((CAST(STRFTIME('%m', " + value
                        + ") AS INTEGER) - 1) / 3) * 3 + 1)";
                case YEAR -> "STRFTIME('%Y-01-01', " + value + ")";
            };
        };
    }
}
