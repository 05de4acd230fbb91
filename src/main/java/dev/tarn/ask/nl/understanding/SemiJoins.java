package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.model.ColumnReference;
import dev.tarn.ask.nl.model.SemanticModel;
import dev.tarn.ask.nl.sql.SqlExpression;
import dev.tarn.ask.nl.sql.SqlQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        Set<String> outputs = new HashSet<>();
        query.select().forEach(item -> outputs.addAll(qualifiers(item.expression())));
        query.orderBy().forEach(item -> outputs.addAll(qualifiers(item.expression())));
        // each join from the focus starts a branch; later joins belong to the branch of the table they start from
        List<List<SqlQuery.Join>> branches = new ArrayList<>();
        List<Set<String>> branchTables = new ArrayList<>();
        for (SqlQuery.Join join : query.joins()) {
            Set<String> used = qualifiers(join.condition());
            used.remove(join.table().qualifier());
            if (used.equals(Set.of(focus))) {
                branches.add(new ArrayList<>(List.of(join)));
                branchTables.add(new HashSet<>(Set.of(join.table().qualifier())));
                continue;
            }
            int owner = -1;
            for (int index = 0; index < branches.size(); index++) {
                if (branchTables.get(index).containsAll(used)) owner = index;
            }
            if (owner < 0) return rewritten;
            branches.get(owner).add(join);
            branchTables.get(owner).add(join.table().qualifier());
        }
        List<SqlQuery.Join> keptJoins = new ArrayList<>();
        List<SqlExpression> outer = new ArrayList<>(where);
        List<SqlExpression> semiJoins = new ArrayList<>();
        boolean changed = false;
        for (int index = 0; index < branches.size(); index++) {
            List<SqlQuery.Join> branch = branches.get(index);
            Set<String> tables = branchTables.get(index);
            Optional<SqlExpression> semiJoin = tables.stream().anyMatch(outputs::contains) ? Optional.empty()
                    : semiJoin(model, query, focus, branch, tables, outer, branches.size() > 1);
            if (semiJoin.isEmpty()) {
                keptJoins.addAll(branch);
                continue;
            }
            semiJoins.add(semiJoin.get());
            changed = true;
        }
        if (!changed) return rewritten;
        List<SqlExpression> conditions = new ArrayList<>(semiJoins);
        conditions.addAll(outer);
        return new SqlQuery(query.distinct(), query.select(), query.from(), keptJoins, conditions, List.of(), List.of(), query.orderBy(),
                query.limit());
    }

    /**
     * {@code focus.column IN (SELECT related.column FROM the branch's tables WHERE its conditions)} when the
     * branch's first table has many rows per focus row; its conditions are taken out of {@code outer}.
     */
    private static Optional<SqlExpression> semiJoin(SemanticModel model, SqlQuery query, String focus, List<SqlQuery.Join> branch,
                                                    Set<String> tables, List<SqlExpression> outer, boolean severalBranches) {
        SqlQuery.Join first = branch.getFirst();
        if (!(first.condition() instanceof SqlExpression.Comparison condition)
                || !(condition.left() instanceof SqlExpression.Column left) || !(condition.right() instanceof SqlExpression.Column right)) {
            return Optional.empty();
        }
        SqlExpression.Column focusSide = left.qualifier().equals(focus) ? left : right;
        SqlExpression.Column relatedSide = focusSide == left ? right : left;
        ColumnReference related = new ColumnReference(relatedSide.qualifier(), relatedSide.column());
        ColumnReference focused = new ColumnReference(focus, focusSide.column());
        boolean manyPerFocusRow = model.relationships().stream()
                .anyMatch(relationship -> relationship.from().equals(related) && relationship.to().equals(focused));
        // "which states does the mississippi run through" lists the related column's own values (river.traverse),
        // one per river row like the column itself; only other columns of the focus are asked once per focus row,
        // and so are the focus's keys when two relations would multiply each other's rows
        boolean onlyTheJoinedKey = !severalBranches && query.select().size() == 1 && query.select().getFirst().expression().equals(focusSide);
        if (!manyPerFocusRow || onlyTheJoinedKey) return Optional.empty();
        List<SqlExpression> inner = new ArrayList<>();
        for (SqlExpression expression : outer) {
            Set<String> used = qualifiers(expression);
            if (used.stream().anyMatch(tables::contains)) {
                if (!tables.containsAll(used)) return Optional.empty();
                inner.add(expression);
            }
        }
        outer.removeAll(inner);
        return Optional.of(new SqlExpression.InQuery(focusSide, new SqlQuery(false, List.of(SqlQuery.SelectItem.of(relatedSide)),
                first.table(), branch.subList(1, branch.size()), inner, List.of(), List.of(), java.util.OptionalInt.empty()), false));
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
            case SqlExpression.IsNotNull isNotNull -> collect(isNotNull.value(), found);
            case SqlExpression.In in -> {
                collect(in.value(), found);
                in.candidates().forEach(candidate -> collect(candidate, found));
            }
            case SqlExpression.ShareOfTotal share -> collect(share.aggregate(), found);
            case SqlExpression.ShareWhere share -> {
                collect(share.aggregate(), found);
                share.conditions().forEach(condition -> collect(condition, found));
            }
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
