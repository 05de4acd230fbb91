package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.model.ColumnReference;
import dev.tarn.ask.nl.model.SemanticModel;
import dev.tarn.ask.nl.sql.SqlExpression;
import dev.tarn.ask.nl.sql.SqlQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.HashSet;

/**
 * Rows of one table filtered through a table that has many rows for each of them ("states the
 * mississippi runs through": a state once per river row, and rivers repeat rows) must not come out
 * once per related row. When the answer uses only the focus table's columns and the first join goes
 * to such a table, the join becomes {@code focus.key IN (SELECT ... )}, a semi-join: each focus row
 * counts once, as the question means. Counts of related rows (GROUP BY, HAVING) keep their join.
 */
final class SemiJoins {
    private SemiJoins() {
    }

    static SqlQuery apply(SemanticModel model, SqlQuery query) {
        List<SqlExpression> where = query.where().stream().map(expression -> inSubqueries(model, expression)).toList();
        SqlQuery rewritten = new SqlQuery(query.distinct(), query.select(), query.from(), query.joins(), where, query.groupBy(),
                query.having(), query.orderBy(), query.limit());
        if (query.joins().isEmpty() || !query.groupBy().isEmpty() || !query.having().isEmpty()) return rewritten;
        String focus = query.from().qualifier();
        SqlQuery.Join first = query.joins().getFirst();
        if (!(first.condition() instanceof SqlExpression.Comparison condition)
                || !(condition.left() instanceof SqlExpression.Column left) || !(condition.right() instanceof SqlExpression.Column right)) {
            return rewritten;
        }
        SqlExpression.Column focusSide = left.qualifier().equals(focus) ? left : right.qualifier().equals(focus) ? right : null;
        SqlExpression.Column relatedSide = focusSide == left ? right : left;
        if (focusSide == null || !relatedSide.qualifier().equals(first.table().qualifier())) return rewritten;
        for (SqlQuery.Join join : query.joins().subList(1, query.joins().size())) {
            if (qualifiers(join.condition()).contains(focus)) return rewritten;
        }
        ColumnReference related = new ColumnReference(relatedSide.qualifier(), relatedSide.column());
        ColumnReference focused = new ColumnReference(focus, focusSide.column());
        boolean manyPerFocusRow = model.relationships().stream()
                .anyMatch(relationship -> relationship.from().equals(related) && relationship.to().equals(focused));
        // "which states does the mississippi run through" lists the related column's own values (river.traverse),
        // one per river row like the column itself; only other columns of the focus are asked once per focus row
        boolean onlyTheJoinedKey = query.select().size() == 1 && query.select().getFirst().expression().equals(focusSide);
        if (!manyPerFocusRow || onlyTheJoinedKey) return rewritten;
        Set<String> outputs = new HashSet<>();
        query.select().forEach(item -> outputs.addAll(qualifiers(item.expression())));
        query.orderBy().forEach(item -> outputs.addAll(qualifiers(item.expression())));
        if (!Set.of(focus).containsAll(outputs)) return rewritten;
        List<SqlExpression> outer = new ArrayList<>();
        List<SqlExpression> inner = new ArrayList<>();
        for (SqlExpression condition2 : where) {
            Set<String> used = qualifiers(condition2);
            if (used.equals(Set.of(focus))) outer.add(condition2);
            else if (!used.contains(focus)) inner.add(condition2);
            else return rewritten;
        }
        SqlQuery semiJoin = new SqlQuery(false, List.of(SqlQuery.SelectItem.of(relatedSide)), first.table(),
                query.joins().subList(1, query.joins().size()), inner, List.of(), List.of(), java.util.OptionalInt.empty());
        outer.addFirst(new SqlExpression.InQuery(focusSide, semiJoin, false));
        return new SqlQuery(query.distinct(), query.select(), query.from(), List.of(), outer, List.of(), List.of(), query.orderBy(),
                query.limit());
    }

    /** The same condition with every subquery inside it rewritten too ("the largest of the states ... runs through"). */
    private static SqlExpression inSubqueries(SemanticModel model, SqlExpression expression) {
        if (expression instanceof SqlExpression.Comparison comparison && comparison.right() instanceof SqlExpression.Subquery subquery) {
            return new SqlExpression.Comparison(comparison.left(), comparison.operator(), new SqlExpression.Subquery(apply(model, subquery.query())));
        }
        return expression;
    }

    /** The tables an expression's columns belong to; a subquery is its own scope and adds none. */
    private static Set<String> qualifiers(SqlExpression expression) {
        Set<String> found = new HashSet<>();
        collect(expression, found);
        return found;
    }

    private static void collect(SqlExpression expression, Set<String> found) {
        switch (expression) {
            case SqlExpression.Column column -> found.add(column.qualifier());
            case SqlExpression.Aggregate aggregate -> collect(aggregate.argument(), found);
            case SqlExpression.Comparison comparison -> {
                collect(comparison.left(), found);
                collect(comparison.right(), found);
            }
            case SqlExpression.Between between -> {
                collect(between.value(), found);
                collect(between.low(), found);
                collect(between.high(), found);
            }
            case SqlExpression.And and -> and.operands().forEach(operand -> collect(operand, found));
            case SqlExpression.InQuery in -> collect(in.value(), found);
            case SqlExpression.In in -> {
                collect(in.value(), found);
                in.candidates().forEach(candidate -> collect(candidate, found));
            }
            case SqlExpression.ShareOfTotal share -> collect(share.aggregate(), found);
            case SqlExpression.GrowthOverPrevious growth -> {
                collect(growth.aggregate(), found);
                collect(growth.period(), found);
            }
            case SqlExpression.DateTruncation truncation -> collect(truncation.value(), found);
            case SqlExpression.Parameter parameter -> { }
            case SqlExpression.Star star -> { }
            case SqlExpression.Subquery subquery -> { }
        }
    }
}
