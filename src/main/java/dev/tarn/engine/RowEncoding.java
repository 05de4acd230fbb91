package dev.tarn.engine;

/** How a cursor hands out its rows. */
public enum RowEncoding {
    /** Each row as one JSON array of its values, positional to the columns. */
    JSON_ARRAY,
    /** Each row as one JSON object keyed by column name. */
    JSON_OBJECT,
    /** Each value as text, for CSV. */
    TEXT
}
