package dev.tarn.ask.nl.sql;

import java.util.List;
import java.util.Objects;

/** An expression of the SQL syntax tree; the renderer turns it into text for one dialect. */
public sealed interface SqlExpression {
    /** A column of a table in the FROM clause, qualified by that table's name or alias. */
    record Column(String qualifier, String column) implements SqlExpression {
    }

    /** A value from the question, always sent as a bound parameter so that it can never become SQL. */
    record Parameter(Object value) implements SqlExpression {
        public Parameter {
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code *}, only inside {@code COUNT(*)}. */
    record Star() implements SqlExpression {
    }

    record Aggregate(AggregateFunction function, SqlExpression argument, boolean distinct) implements SqlExpression {
    }

    record Comparison(SqlExpression left, ComparisonOperator operator, SqlExpression right) implements SqlExpression {
    }

    record Between(SqlExpression value, SqlExpression low, SqlExpression high) implements SqlExpression {
    }

    /** {@code value IN (candidates)}: one of a list of values ("france or germany"). */
    record In(SqlExpression value, List<SqlExpression> candidates) implements SqlExpression {
        public In {
            candidates = List.copyOf(candidates);
            if (candidates.isEmpty()) throw new IllegalArgumentException("IN needs at least one candidate");
        }
    }

    record And(List<SqlExpression> operands) implements SqlExpression {
        public And {
            operands = List.copyOf(operands);
        }
    }

    /** A query in parentheses that yields one value. */
    record Subquery(SqlQuery query) implements SqlExpression {
    }

    /** {@code value IS NOT NULL}: keeps a NOT IN list free of NULL, which would make it exclude every row. */
    record IsNotNull(SqlExpression value) implements SqlExpression {
    }

    /** {@code value IN (query)}, or {@code NOT IN} when negated: the query selects one column. */
    record InQuery(SqlExpression value, SqlQuery query, boolean negated) implements SqlExpression {
    }

    /**
     * The part of an aggregate over the rows that meet some conditions, as a fraction of the whole (or a
     * percentage, with a scale of 100): {@code SUM(CASE WHEN conditions THEN x ELSE 0 END) * scale / AGG(x)}.
     */
    record ShareWhere(Aggregate aggregate, List<SqlExpression> conditions, java.math.BigDecimal scale) implements SqlExpression {
        public ShareWhere {
            conditions = List.copyOf(conditions);
            if (conditions.isEmpty()) throw new IllegalArgumentException("a share of some rows needs a condition");
        }
    }

    /** An aggregate as a fraction of its total over all groups: {@code x * 1.0 / SUM(x) OVER ()}. */
    record ShareOfTotal(Aggregate aggregate) implements SqlExpression {
    }

    /**
     * An aggregate's change over the previous period, as a fraction:
     * {@code (x - LAG(x) OVER (ORDER BY period)) * 1.0 / LAG(x) OVER (ORDER BY period)}.
     */
    record GrowthOverPrevious(Aggregate aggregate, SqlExpression period) implements SqlExpression {
    }

    /** The start of the day, week, month, quarter or year a date falls in; each dialect spells it differently. */
    record DateTruncation(DateGrain grain, SqlExpression value) implements SqlExpression {
    }
}
