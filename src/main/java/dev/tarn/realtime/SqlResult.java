package dev.tarn.realtime;

import dev.tarn.engine.Column;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One entry of the realtime SQL answer: rows with their schema, or a count and a message. */
public record SqlResult(List<Column> columns, List<Object[]> rows, long rowCount, Optional<String> message, String asUser) {
    public SqlResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(asUser, "asUser");
    }

    static SqlResult message(String message, long rowCount, String asUser) {
        return new SqlResult(List.of(), List.of(), rowCount, Optional.of(message), asUser);
    }
}
