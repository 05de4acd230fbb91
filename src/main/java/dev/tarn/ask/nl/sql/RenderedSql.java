package dev.tarn.ask.nl.sql;

import java.util.List;

/** SQL text with {@code ?} markers and the values to bind to them, in order. */
public record RenderedSql(String sql, List<Object> parameters) {
    public RenderedSql {
        parameters = List.copyOf(parameters);
    }
}
