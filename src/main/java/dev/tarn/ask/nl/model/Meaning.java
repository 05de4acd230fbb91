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
}
