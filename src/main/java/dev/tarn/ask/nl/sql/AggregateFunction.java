package dev.tarn.ask.nl.sql;

/** Aggregates a question can ask for. */
public enum AggregateFunction {
    COUNT, SUM, AVG, MIN, MAX, MEDIAN
}
