package dev.tarn.access;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One row filter applied to one column of one table, its variables replaced by values: the
 * predicate {@link SelectRowFilter} puts into the subquery that stands in for the table.
 */
public record BoundCondition(String column, FilterOperator operator, List<Value> values) {
    public BoundCondition {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(operator, "operator");
        values = List.copyOf(values);
    }

    /** A value of a condition: a parameter to bind, or NOW() shifted by intervals, which the dialect spells. */
    public sealed interface Value {
    }

    /** Bound as a parameter, never written into the SQL text; may be a String, Long or BigDecimal. */
    public record Parameter(Object value) implements Value {
        public Parameter {
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code NOW()} with its intervals. */
    public record Now(List<IntervalShift> shifts) implements Value {
        public Now {
            shifts = Collections.unmodifiableList(List.copyOf(shifts));
        }
    }
}
