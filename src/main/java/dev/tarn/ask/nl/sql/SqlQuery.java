package dev.tarn.ask.nl.sql;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/** A SELECT statement as a tree: the only form in which the question engine produces SQL. */
public record SqlQuery(boolean distinct, List<SelectItem> select, TableReference from, List<Join> joins,
                       List<SqlExpression> where, List<SqlExpression> groupBy, List<SqlExpression> having, List<OrderItem> orderBy,
                       OptionalInt limit) {
    /** An output column with an optional alias. */
    public record SelectItem(SqlExpression expression, java.util.Optional<String> alias) {
        public static SelectItem of(SqlExpression expression) {
            return new SelectItem(expression, java.util.Optional.empty());
        }
    }

    /** A table in FROM or JOIN; the alias is empty when the table's own name qualifies its columns. */
    public record TableReference(String table, java.util.Optional<String> alias) {
        public static TableReference of(String table) {
            return new TableReference(table, java.util.Optional.empty());
        }

        public String qualifier() {
            return alias.orElse(table);
        }
    }

    /** An inner join on one condition. */
    public record Join(TableReference table, SqlExpression condition) {
    }

    public record OrderItem(SqlExpression expression, boolean descending) {
    }

    public SqlQuery {
        Objects.requireNonNull(from, "from");
        select = List.copyOf(select);
        joins = List.copyOf(joins);
        where = List.copyOf(where);
        groupBy = List.copyOf(groupBy);
        having = List.copyOf(having);
        orderBy = List.copyOf(orderBy);
        if (select.isEmpty()) throw new IllegalArgumentException("a query selects at least one expression");
        if (limit.isPresent() && limit.getAsInt() < 0) throw new IllegalArgumentException("a limit is not negative");
        if (!having.isEmpty() && groupBy.isEmpty()) throw new IllegalArgumentException("HAVING needs GROUP BY");
    }

    /** A query without HAVING, the usual case. */
    public SqlQuery(boolean distinct, List<SelectItem> select, TableReference from, List<Join> joins, List<SqlExpression> where,
                    List<SqlExpression> groupBy, List<OrderItem> orderBy, OptionalInt limit) {
        this(distinct, select, from, joins, where, groupBy, List.of(), orderBy, limit);
    }
}
