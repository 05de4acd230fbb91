package dev.tarn.access;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.ConflictActionType;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.util.List;
import java.util.Optional;

/**
 * Checks a rewritten data change as JSqlParser parses it again, independently of the rewrite: every
 * per-user table is either the target, with the owner condition or owner value in place, or alone in
 * a scoped SELECT for this user; and the lexer finds no per-user table name in a place the parser
 * did not take for a table. That last count guards against JSqlParser reading DuckDB text differently.
 */
final class DataChangeVerification {
    private DataChangeVerification() {
    }

    static void verify(String text, String userId, PerUserTableLookup lookup) {
        Statement statement = parse(text);
        TableReferences references;
        try {
            references = TableReferences.scopedFor(statement, lookup, userId);
        } catch (UnsupportedOperationException e) {
            throw unsafe("its tables cannot be listed: " + e.getMessage());
        }
        Optional<Table> target = switch (statement) {
            case Insert insert -> Optional.of(insert.getTable());
            case Update update -> Optional.of(update.getTable());
            case Delete delete -> Optional.of(delete.getTable());
            default -> Optional.empty();
        };
        Optional<PerUserTable> targetTable = target.flatMap(table -> lookup.find(ParsedTables.nameParts(table)));
        for (Table table : references.unscoped()) {
            if (!(targetTable.isPresent() && table == target.get())) {
                throw unsafe(String.join(".", ParsedTables.nameParts(table)) + " is read without the row scope");
            }
        }
        targetTable.ifPresent(table -> checkTarget(statement, table, userId));
        long named = StatementTokens.of(text).perUserNameCount(lookup);
        if (named > references.count()) {
            throw unsafe("a per-user table is named where the parser sees no table");
        }
    }

    private static void checkTarget(Statement statement, PerUserTable table, String userId) {
        switch (statement) {
            case Update update -> {
                requireOwnerCondition(update.getWhere(), table, userId, Optional.of(DataChangeScoping.qualifier(update.getTable())));
                requireNoOwnerAssignment(update.getUpdateSets(), table);
                requireOwnerHidden(update.getReturningClause(), table);
            }
            case Delete delete -> {
                requireOwnerCondition(delete.getWhere(), table, userId, Optional.of(DataChangeScoping.qualifier(delete.getTable())));
                requireOwnerHidden(delete.getReturningClause(), table);
            }
            case Insert insert -> checkInsert(insert, table, userId);
            default -> throw unsafe("it changes a per-user table in an unexpected way");
        }
    }

    private static void checkInsert(Insert insert, PerUserTable table, String userId) {
        List<Column> columns = insert.getColumns() == null ? List.of() : insert.getColumns();
        long ownerColumns = columns.stream().filter(column -> isOwner(column, table)).count();
        if (columns.isEmpty() || ownerColumns != 1 || !isOwner(columns.get(columns.size() - 1), table)) {
            throw unsafe("the owner column is not set exactly once, last");
        }
        if (insert.getSelect() instanceof Values values) {
            requireOwnerInRows(values, columns.size(), userId);
        } else if (!(insert.getSelect() instanceof PlainSelect wrapper) || !isOwnerWrapper(wrapper, userId)) {
            throw unsafe("the inserted rows do not carry the owner");
        }
        if (insert.getConflictAction() != null && insert.getConflictAction().getConflictActionType() == ConflictActionType.DO_UPDATE) {
            requireOwnerCondition(insert.getConflictAction().getWhereExpression(), table, userId, Optional.empty());
            requireNoOwnerAssignment(insert.getConflictAction().getUpdateSets(), table);
        }
        requireOwnerHidden(insert.getReturningClause(), table);
    }

    private static void requireOwnerInRows(Values values, int width, String userId) {
        ExpressionList<?> elements = values.getExpressions();
        boolean rows = !elements.isEmpty() && elements.stream().allMatch(element -> element instanceof ParenthesedExpressionList<?> row && row.size() == width);
        if (rows) {
            for (Object element : elements) {
                ExpressionList<?> row = (ExpressionList<?>) element;
                if (!ScopedSubselects.isUserLiteral(row.get(row.size() - 1), userId)) {
                    throw unsafe("a VALUES row does not end with the owner");
                }
            }
        } else if (elements.size() != width || !ScopedSubselects.isUserLiteral(elements.get(elements.size() - 1), userId)) {
            throw unsafe("the VALUES row does not end with the owner");
        }
    }

    private static boolean isOwnerWrapper(PlainSelect wrapper, String userId) {
        return wrapper.getFromItem() instanceof ParenthesedSelect rows && rows.getAlias() != null
                && DataChangeScoping.INSERTED_ROWS.equals(rows.getAlias().getName())
                && wrapper.toString().equals("SELECT *, " + ScopedSubselects.userLiteral(userId) + " FROM " + rows);
    }

    private static void requireOwnerCondition(Expression where, PerUserTable table, String userId, Optional<String> qualifier) {
        Expression condition = where instanceof AndExpression and ? and.getRightExpression() : where;
        String expected = ScopedSubselects.ownerCondition(table, userId, qualifier).toString();
        if (condition == null || !condition.toString().equals(expected)) {
            throw unsafe("the change is not limited by " + expected);
        }
    }

    private static void requireNoOwnerAssignment(List<UpdateSet> sets, PerUserTable table) {
        if (sets != null && sets.stream().flatMap(set -> set.getColumns().stream()).anyMatch(column -> isOwner(column, table))) {
            throw unsafe("the owner column is assigned");
        }
    }

    private static void requireOwnerHidden(ReturningClause returning, PerUserTable table) {
        if (returning == null) {
            return;
        }
        for (SelectItem<?> item : returning) {
            Expression expression = item.getExpression();
            boolean hidden = !(expression instanceof AllTableColumns)
                    && !(expression instanceof Function function && function.getName().equalsIgnoreCase("columns"))
                    && (!(expression instanceof AllColumns all)
                    || (all.getExceptColumns() != null && all.getExceptColumns().stream().anyMatch(column -> isOwner(column, table))));
            if (!hidden) {
                throw unsafe("RETURNING could return the owner column");
            }
        }
    }

    private static boolean isOwner(Column column, PerUserTable table) {
        return ParsedTables.unquote(column.getColumnName()).equalsIgnoreCase(table.ownerColumn());
    }

    private static Statement parse(String text) {
        try {
            Statements statements = CCJSqlParserUtil.parseStatements(text);
            if (statements.size() == 1) {
                return statements.get(0);
            }
        } catch (JSQLParserException | RuntimeException e) {
            throw unsafe("it cannot be parsed again: " + e.getMessage());
        }
        throw unsafe("it holds more than one statement");
    }

    private static RuntimeException unsafe(String detail) {
        return Refusals.invalid("The statement could not be limited to your rows safely (" + detail + "); simplify it");
    }
}
