package dev.tarn.ask.nl.model;

/**
 * A join the model may use: a column of one table equal to a column of another, whether it was
 * inferred rather than declared, and whether the only evidence for it is the values (every stored
 * value of {@code from} is a value of the key {@code to}), which is weaker evidence than a name.
 */
public record Relationship(ColumnReference from, ColumnReference to, boolean inferred, boolean fromValues) {
    public Relationship(ColumnReference from, ColumnReference to, boolean inferred) {
        this(from, to, inferred, false);
    }
}
