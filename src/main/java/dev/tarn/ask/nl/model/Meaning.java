package dev.tarn.ask.nl.model;

/** What a phrase of a question can stand for in the semantic model. */
public sealed interface Meaning {
    /** The phrase names a table ("cities", "state"). */
    record TableMeaning(String table) implements Meaning {
    }

    /** The phrase names a column ("population", "capital", "revenue"). */
    record ColumnMeaning(ColumnReference column) implements Meaning {
    }

    /** The phrase is a stored value of a column ("texas"), or an administrator's filter phrasing. */
    record ValueMeaning(ColumnReference column, String storedValue) implements Meaning {
    }

    /** An administrator's phrasing for a comparison: "major" cities are those with population over 150000. */
    record ConditionMeaning(ColumnReference column, dev.tarn.ask.nl.sql.ComparisonOperator operator, java.math.BigDecimal number)
            implements Meaning {
    }
}
