package dev.tarn.engine;

/** How far a running statement has got, as DuckDB estimates it. */
public record QueryProgress(double percentage, long rowsProcessed, long totalRows) {
}
