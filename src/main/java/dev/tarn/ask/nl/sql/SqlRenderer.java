package dev.tarn.ask.nl.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a {@link SqlQuery} tree as text in one dialect. Identifiers are always quoted and every
 * value is a {@code ?} marker with its value collected in order, so nothing from a question is ever
 * spliced into SQL text.
 */
public final class SqlRenderer {
    private final SqlDialect dialect;
    private final List<Object> parameters = new ArrayList<>();

    private SqlRenderer(SqlDialect dialect) {
        this.dialect = dialect;
    }

    public static RenderedSql render(SqlQuery query, SqlDialect dialect) {
        SqlRenderer renderer = new SqlRenderer(dialect);
        String sql = renderer.query(query);
        return new RenderedSql(sql, renderer.parameters);
    }

    private String query(SqlQuery query) {
        StringBuilder sql = new StringBuilder("SELECT ");
        if (query.distinct()) sql.append("DISTINCT ");
        sql.append(query.select().stream().map(this::selectItem).collect(Collectors.joining(", ")));
        sql.append(" FROM ").append(table(query.from()));
        for (SqlQuery.Join join : query.joins()) {
            sql.append(" JOIN ").append(table(join.table())).append(" ON ").append(expression(join.condition()));
        }
        if (!query.where().isEmpty()) {
            sql.append(" WHERE ").append(query.where().stream().map(this::expression).collect(Collectors.joining(" AND ")));
        }
        if (!query.groupBy().isEmpty()) {
            sql.append(" GROUP BY ").append(query.groupBy().stream().map(this::expression).collect(Collectors.joining(", ")));
        }
        if (!query.having().isEmpty()) {
            sql.append(" HAVING ").append(query.having().stream().map(this::expression).collect(Collectors.joining(" AND ")));
        }
        if (!query.orderBy().isEmpty()) {
            sql.append(" ORDER BY ").append(query.orderBy().stream()
                    .map(item -> expression(item.expression()) + (item.descending() ? " DESC" : ""))
                    .collect(Collectors.joining(", ")));
        }
        // the limit is a number the parser read as an int, never text from the question
        query.limit().ifPresent(limit -> sql.append(" LIMIT ").append(limit));
        return sql.toString();
    }

    private String selectItem(SqlQuery.SelectItem item) {
        String expression = expression(item.expression());
        return item.alias().map(alias -> expression + " AS " + dialect.quoteIdentifier(alias)).orElse(expression);
    }

    private String table(SqlQuery.TableReference table) {
        String name = dialect.quoteIdentifier(table.table());
        return table.alias().map(alias -> name + " AS " + dialect.quoteIdentifier(alias)).orElse(name);
    }

    private String expression(SqlExpression expression) {
        return switch (expression) {
            case SqlExpression.Column column ->
                    dialect.quoteIdentifier(column.qualifier()) + "." + dialect.quoteIdentifier(column.column());
            case SqlExpression.Parameter parameter -> {
                parameters.add(parameter.value());
                yield "?";
            }
            case SqlExpression.Star star -> "*";
            case SqlExpression.Aggregate aggregate -> dialect
                    .aggregate(aggregate.function(), expression(aggregate.argument()), aggregate.distinct())
                    .orElseThrow(() -> new UnsupportedSqlException(aggregate.function() + " is not available in " + dialect));
            case SqlExpression.Comparison comparison ->
                    expression(comparison.left()) + " " + comparison.operator().symbol() + " " + expression(comparison.right());
            case SqlExpression.Between between ->
                    expression(between.value()) + " BETWEEN " + expression(between.low()) + " AND " + expression(between.high());
            case SqlExpression.In in -> expression(in.value()) + " IN ("
                    + in.candidates().stream().map(this::expression).collect(Collectors.joining(", ")) + ")";
            case SqlExpression.And and -> "(" + and.operands().stream().map(this::expression).collect(Collectors.joining(" AND ")) + ")";
            case SqlExpression.Subquery subquery -> "(" + query(subquery.query()) + ")";
            case SqlExpression.IsNotNull isNotNull -> expression(isNotNull.value()) + " IS NOT NULL";
            case SqlExpression.InQuery in -> expression(in.value()) + (in.negated() ? " NOT IN (" : " IN (") + query(in.query()) + ")";
            case SqlExpression.ShareWhere share -> {
                // CASE works in every dialect, where FILTER (WHERE ...) does not
                String counted = share.aggregate().argument() instanceof SqlExpression.Star ? "1" : expression(share.aggregate().argument());
                String part = "SUM(CASE WHEN " + share.conditions().stream().map(this::expression).collect(Collectors.joining(" AND "))
                        + " THEN " + counted + " ELSE 0 END)";
                // the scale is a constant of the engine (1.0 or 100.0), never text from the question
                yield part + " * " + share.scale().toPlainString() + " / " + expression(share.aggregate());
            }
            case SqlExpression.ShareOfTotal share -> {
                String aggregate = expression(share.aggregate());
                // multiplying by 1.0 keeps integer counts from dividing to zero in every dialect
                yield aggregate + " * 1.0 / SUM(" + aggregate + ") OVER ()";
            }
            case SqlExpression.GrowthOverPrevious growth -> {
                String aggregate = expression(growth.aggregate());
                String previous = "LAG(" + aggregate + ") OVER (ORDER BY " + expression(growth.period()) + ")";
                yield "(" + aggregate + " - " + previous + ") * 1.0 / " + previous;
            }
            case SqlExpression.DateTruncation truncation -> dialect.dateTruncation(truncation.grain(), expression(truncation.value()));
        };
    }
}
