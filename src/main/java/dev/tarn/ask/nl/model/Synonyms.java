package dev.tarn.ask.nl.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Phrasings administrators add to a datasource, in the manner of Power BI's linguistic schema:
 * a phrase that names a table or a column ("clients" = customers, "revenue" = orders.amount),
 * a phrase that stands for a filter ("active users" = users.status equal to 'active'), or for a
 * comparison ("major cities" = city.population over 150000).
 */
public record Synonyms(List<TermSynonym> terms, List<FilterPhrasing> filters, List<ConditionPhrasing> conditions) {
    /** A phrase naming a table (column empty) or a column. */
    public record TermSynonym(String phrase, String table, Optional<String> column) {
        public TermSynonym {
            Objects.requireNonNull(phrase, "phrase");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(column, "column");
        }

        public static TermSynonym forTable(String phrase, String table) {
            return new TermSynonym(phrase, table, Optional.empty());
        }

        public static TermSynonym forColumn(String phrase, String table, String column) {
            return new TermSynonym(phrase, table, Optional.of(column));
        }
    }

    /** A phrase that means "this column equals this stored value". */
    public record FilterPhrasing(String phrase, ColumnReference column, String value) {
        public FilterPhrasing {
            Objects.requireNonNull(phrase, "phrase");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A phrase that means "this column compared with this number": "major" city = population over 150000. */
    public record ConditionPhrasing(String phrase, ColumnReference column, dev.tarn.ask.nl.sql.ComparisonOperator operator,
                                    java.math.BigDecimal number) {
        public ConditionPhrasing {
            Objects.requireNonNull(phrase, "phrase");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(number, "number");
        }
    }

    public Synonyms {
        terms = List.copyOf(terms);
        filters = List.copyOf(filters);
        conditions = List.copyOf(conditions);
    }

    public Synonyms(List<TermSynonym> terms, List<FilterPhrasing> filters) {
        this(terms, filters, List.of());
    }

    public static Synonyms none() {
        return new Synonyms(List.of(), List.of());
    }
}
