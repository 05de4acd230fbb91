package dev.tarn.ask.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** SQL to run on a datasource with its parameters, in the order of its {@code ?} markers (values may be null). */
public record ScopedSql(String sql, List<Object> parameters) {
    public ScopedSql {
        Objects.requireNonNull(sql, "sql");
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    }
}
