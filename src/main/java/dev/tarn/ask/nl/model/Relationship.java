package dev.tarn.ask.nl.model;

/** A join the model may use: a column of one table equal to a column of another, and whether it was inferred. */
public record Relationship(ColumnReference from, ColumnReference to, boolean inferred) {
}
