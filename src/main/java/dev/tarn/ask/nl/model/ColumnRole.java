package dev.tarn.ask.nl.model;

/** What a column is for in a question: something to add up, something to group or filter by, a time, or a key. */
public enum ColumnRole {
    /** A numeric column that is not a key: totals, averages, comparisons, superlatives. */
    MEASURE,
    /** A text or boolean column: grouping and filtering by its values. */
    DIMENSION,
    /** A date or timestamp column: relative dates and grains. */
    TIME,
    /** A key (primary, foreign, or named like one): joins, never added up. */
    IDENTIFIER
}
