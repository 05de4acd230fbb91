package dev.tarn.access;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** A query with its row filters in place and its parameters in the order of its {@code ?} markers (values may be null). */
public record FilteredQuery(String sql, List<Object> parameters) {
    public FilteredQuery {
        Objects.requireNonNull(sql, "sql");
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    }
}
