package dev.tarn.ask.nl.training;

import java.util.Objects;

/** A question and the SQL an administrator vouches for, written in the datasource's dialect with literal values. */
public record TrainingPair(String question, String sql) {
    public TrainingPair {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(sql, "sql");
        if (question.isBlank() || sql.isBlank()) throw new IllegalArgumentException("a training pair needs a question and its SQL");
    }
}
