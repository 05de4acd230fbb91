package dev.tarn.ask.nl.model;

/** What a phrase of a question can stand for in the semantic model. */
public sealed interface Meaning {
    /** The phrase names a table ("cities", "state"). */
    record TableMeaning(String table) implements Meaning {
    }

    /** The phrase names a column ("population", "capital", "revenue"). */
    record ColumnMeaning(ColumnReference column) implements Meaning {
    }

    /**
     * The phrase is a stored value of a column ("texas"), or an administrator's filter phrasing; or, with
     * {@code rows}, the keys a nested question answers ("the state with the smallest area"), which the
     * column must be one of. {@code storedValue} then says that question in words.
     */
    record ValueMeaning(ColumnReference column, String storedValue, java.util.Optional<dev.tarn.ask.nl.sql.SqlQuery> rows)
            implements Meaning {
        public ValueMeaning(ColumnReference column, String storedValue) {
            this(column, storedValue, java.util.Optional.empty());
        }
    }

    /** An administrator's phrasing for a comparison: "major" cities are those with population over 150000. */
    record ConditionMeaning(ColumnReference column, dev.tarn.ask.nl.sql.ComparisonOperator operator, java.math.BigDecimal number)
            implements Meaning {
    }
}
