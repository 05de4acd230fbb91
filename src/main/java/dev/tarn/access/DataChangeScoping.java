package dev.tarn.access;

import dev.tarn.engine.SqlQuoting;
import dev.tarn.engine.SyntaxTrees;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
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
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.analyze.Analyze;
import net.sf.jsqlparser.statement.comment.Comment;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.ConflictActionType;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Row scoping for the statements DuckDB does not serialise (INSERT, UPDATE, DELETE, CREATE TABLE AS,
 * DDL), through JSqlParser: a per-user target gets the owner column set to the user on insert and
 * {@code AND owner = 'user'} on update and delete, and every table read anywhere in the statement is
 * replaced by the scoped subquery. A statement that names a per-user table but that JSqlParser cannot
 * parse is refused, never run as it was.
 */
final class DataChangeScoping {
    /** The alias of the subquery an INSERT … SELECT is wrapped in to add the owner column. */
    static final String INSERTED_ROWS = "tarn_inserted_rows";

    private final SyntaxTrees syntaxTrees;

    DataChangeScoping(SyntaxTrees syntaxTrees) {
        this.syntaxTrees = syntaxTrees;
    }

    String rewrite(String statement, String userId, PerUserTableLookup lookup) {
        StatementTokens tokens = StatementTokens.of(statement);
        refuseWhatCannotBeChecked(tokens);
        Set<PerUserTable> touched = new LinkedHashSet<>(tokens.perUserTables(lookup));
        Optional<Statement> parsed = parse(statement);
        if (parsed.isEmpty()) {
            if (!touched.isEmpty()) {
                throw Refusals.invalid("The statement names the per-user table " + touched.iterator().next().table()
                        + " but is not in a form that can be limited to your rows; use plain SELECT, INSERT, UPDATE or DELETE");
            }
            return statement;
        }
        touched.addAll(perUserTables(parsed.get(), lookup));
        if (touched.isEmpty()) {
            return statement;
        }
        for (PerUserTable table : touched) {
            if (tokens.mentions(table.ownerColumn())) {
                throw Refusals.denied("the column " + table.ownerColumn() + " of " + table.table()
                        + " is kept by the server; it cannot be read, set or named");
            }
        }
        return switch (parsed.get()) {
            case Insert insert -> checked(scopeInsert(insert, userId, lookup), userId, lookup);
            case Update update -> checked(scopeUpdate(update, userId, lookup), userId, lookup);
            case Delete delete -> checked(scopeDelete(delete, userId, lookup), userId, lookup);
            case CreateTable create when create.getSelect() != null -> checked(scopeCreateTable(create, userId, lookup), userId, lookup);
            // Changing or dropping a per-user table itself reads no rows; who may do it is the caller's decision by role.
            case Alter alter -> statement;
            case Drop drop -> statement;
            case CreateIndex index -> statement;
            case Analyze analyze -> statement;
            case Comment comment -> statement;
            case Truncate truncate -> throw Refusals.denied("TRUNCATE would delete every user's rows of " + touched.iterator().next().table()
                    + "; use DELETE FROM, which deletes only yours");
            case CreateView view -> throw viewRefusal(touched);
            case AlterView view -> throw viewRefusal(touched);
            default -> throw Refusals.invalid("This kind of statement cannot be limited to your rows, and it names the per-user table "
                    + touched.iterator().next().table() + "; use plain SELECT, INSERT, UPDATE or DELETE");
        };
    }

    /** Statements whose reach no parser can tell: SQL in strings, whole-database copies, a changed name search path. */
    private static void refuseWhatCannotBeChecked(StatementTokens tokens) {
        if (tokens.hasSymbol("`") || tokens.hasBackquotedName()) {
            // DuckDB reads `name` as a quoted name; JSqlParser keeps the backquotes in the name, so it would not match a table.
            throw Refusals.invalid("Names in backquotes (`name`) are not supported in this statement; use double quotes (\"name\")");
        }
        tokens.calledFunction(RowReadingFunctions::alwaysRefused).ifPresent(name -> {
            throw Refusals.denied("the function " + name + "() runs SQL given as text, reads a database file or copies a database, "
                    + "so it cannot be limited to your own rows");
        });
        tokens.calledFunction(RowReadingFunctions::countsEveryonesRows).ifPresent(name -> {
            throw Refusals.denied("the function " + name + "() reports how many rows every table holds, every user's rows of "
                    + "per-user tables included");
        });
        tokens.calledFunction(RowReadingFunctions::readsTableNamedByString).ifPresent(name -> {
            throw Refusals.denied("the function " + name + "() reads a table named in a string; outside a query it cannot be checked");
        });
        if (tokens.startsWith("EXPORT") || tokens.startsWith("IMPORT") || tokens.startsWith("COPY", "FROM", "DATABASE")) {
            throw Refusals.denied("copying a whole database would copy every user's rows of per-user tables");
        }
        if ((tokens.startsWith("SET") || tokens.startsWith("PRAGMA")) && (tokens.containsName("search_path") || tokens.containsName("schema"))) {
            throw Refusals.denied("the schema search path decides which table a name means, so it cannot be changed here; use USE or qualified names");
        }
    }

    private static RuntimeException viewRefusal(Set<PerUserTable> touched) {
        return Refusals.denied("a view over the per-user table " + touched.iterator().next().table()
                + " would show its rows to whoever reads the view; query the table directly instead");
    }

    private static Set<PerUserTable> perUserTables(Statement statement, PerUserTableLookup lookup) {
        try {
            return TableReferences.perUserTables(statement, lookup);
        } catch (UnsupportedOperationException e) {
            throw Refusals.invalid("The statement cannot be checked for per-user tables: " + e.getMessage());
        }
    }

    private Statement scopeInsert(Insert insert, String userId, PerUserTableLookup lookup) {
        if (insert.getOutputClause() != null || insert.isUseSet() || insert.isUseDuplicate() || insert.isOracleMultiInsert()) {
            throw Refusals.invalid("This form of INSERT cannot be limited to your rows; use INSERT INTO t (columns) VALUES … or SELECT …");
        }
        Optional<PerUserTable> target = lookup.find(ParsedTables.nameParts(insert.getTable()));
        if (target.isPresent()) {
            PerUserTable table = target.get();
            if (insert.isOnlyDefaultValues() || insert.getSelect() == null) {
                throw Refusals.invalid("INSERT … DEFAULT VALUES into a per-user table is not supported; name at least one column");
            }
            ExpressionList<Column> columns = insertColumns(insert, table);
            int width = columns.size();
            columns.add(ScopedSubselects.ownerColumn(table));
            insert.setColumns(columns);
            if (insert.getSelect() instanceof Values values && values.getAlias() == null && values.getWithItemsList() == null) {
                addOwnerToRows(values, width, userId);
            } else {
                insert.setSelect(withOwner(insert.getSelect(), userId));
            }
            if (insert.getConflictAction() != null && insert.getConflictAction().getConflictActionType() == ConflictActionType.DO_UPDATE) {
                // Without this a conflict with another user's row (a key that leaves out the owner) would update that row.
                Expression where = insert.getConflictAction().getWhereExpression();
                insert.getConflictAction().setWhereExpression(and(where, ScopedSubselects.ownerCondition(table, userId, Optional.empty())));
            }
            hideOwner(insert.getReturningClause(), table);
        }
        scopeReads(new ScopedFromItems(lookup, userId), insert);
        return insert;
    }

    private ExpressionList<Column> insertColumns(Insert insert, PerUserTable table) {
        ExpressionList<Column> columns = new ExpressionList<>();
        if (insert.getColumns() != null && !insert.getColumns().isEmpty()) {
            columns.addAll(insert.getColumns());
            return columns;
        }
        // Users do not see the owner column, so a positional INSERT lists the other columns in table order.
        List<String> names = syntaxTrees.columnNames(table.table())
                .orElseThrow(() -> Refusals.invalid("The table " + table.table() + " does not exist"));
        for (String name : names) {
            if (!name.equalsIgnoreCase(table.ownerColumn())) {
                columns.add(new Column(SqlQuoting.identifier(name)));
            }
        }
        return columns;
    }

    /**
     * JSqlParser keeps {@code VALUES (1, 2)} as one list of values and {@code VALUES (1), (2)} as a list
     * of rows; the number of columns tells the two apart. Each row gets the user id as its last value.
     */
    @SuppressWarnings("unchecked")
    private static void addOwnerToRows(Values values, int width, String userId) {
        ExpressionList<Expression> elements = (ExpressionList<Expression>) values.getExpressions();
        boolean rows = !elements.isEmpty() && elements.stream()
                .allMatch(element -> element instanceof ParenthesedExpressionList<?> row && row.size() == width);
        if (rows) {
            for (Expression element : elements) {
                ((ExpressionList<Expression>) element).add(ScopedSubselects.userLiteral(userId));
            }
        } else if (elements.size() == width) {
            elements.add(ScopedSubselects.userLiteral(userId));
        } else {
            throw Refusals.invalid("Each VALUES row must give one value per column");
        }
    }

    /** {@code SELECT *, 'user' FROM (query) AS tarn_inserted_rows}: the query's rows with the owner appended. */
    private static Select withOwner(Select query, String userId) {
        ParenthesedSelect rows = new ParenthesedSelect();
        rows.setSelect(query);
        rows.setAlias(new Alias(INSERTED_ROWS, true));
        PlainSelect wrapper = new PlainSelect();
        wrapper.addSelectItems(new AllColumns(), ScopedSubselects.userLiteral(userId));
        wrapper.setFromItem(rows);
        return wrapper;
    }

    private static Statement scopeUpdate(Update update, String userId, PerUserTableLookup lookup) {
        if (update.getOutputClause() != null || (update.getStartJoins() != null && !update.getStartJoins().isEmpty())
                || update.getOrderByElements() != null || update.getLimit() != null) {
            throw Refusals.invalid("This form of UPDATE cannot be limited to your rows; use UPDATE t SET … [FROM …] WHERE …");
        }
        Optional<PerUserTable> target = lookup.find(ParsedTables.nameParts(update.getTable()));
        if (target.isPresent()) {
            update.setWhere(and(update.getWhere(), ScopedSubselects.ownerCondition(target.get(), userId, Optional.of(qualifier(update.getTable())))));
            hideOwner(update.getReturningClause(), target.get());
        }
        ScopedFromItems reads = new ScopedFromItems(lookup, userId);
        update.setFromItem(reads.scoped(update.getFromItem()));
        reads.scopeJoins(update.getJoins());
        scopeReads(reads, update);
        return update;
    }

    private static Statement scopeDelete(Delete delete, String userId, PerUserTableLookup lookup) {
        if (delete.getOutputClause() != null || (delete.getTables() != null && !delete.getTables().isEmpty())
                || delete.getOrderByElements() != null || delete.getLimit() != null) {
            throw Refusals.invalid("This form of DELETE cannot be limited to your rows; use DELETE FROM t [USING …] WHERE …");
        }
        Optional<PerUserTable> target = lookup.find(ParsedTables.nameParts(delete.getTable()));
        if (target.isPresent()) {
            delete.setWhere(and(delete.getWhere(), ScopedSubselects.ownerCondition(target.get(), userId, Optional.of(qualifier(delete.getTable())))));
            hideOwner(delete.getReturningClause(), target.get());
        }
        ScopedFromItems reads = new ScopedFromItems(lookup, userId);
        if (delete.getUsingFromItemList() != null) {
            List<FromItem> using = new ArrayList<>();
            for (FromItem item : delete.getUsingFromItemList()) {
                using.add(reads.scoped(item));
            }
            delete.setUsingFromItemList(using);
        }
        reads.scopeJoins(delete.getJoins());
        scopeReads(reads, delete);
        return delete;
    }

    private static Statement scopeCreateTable(CreateTable create, String userId, PerUserTableLookup lookup) {
        lookup.find(ParsedTables.nameParts(create.getTable())).ifPresent(table -> {
            throw Refusals.denied("the per-user table " + table.table() + " cannot be created or replaced from a query");
        });
        // The new table holds a copy of the creator's own rows, as an INSERT … SELECT into it would.
        scopeReads(new ScopedFromItems(lookup, userId), create);
        return create;
    }

    /** Lets {@code reads} walk the whole statement; one walker per statement, so it knows the subqueries it made. */
    private static void scopeReads(ScopedFromItems reads, Statement statement) {
        try {
            reads.scope(statement);
        } catch (UnsupportedOperationException e) {
            throw Refusals.invalid("The statement cannot be limited to your rows: " + e.getMessage());
        }
    }

    /** {@code (condition) AND owner}, or just {@code owner} when there is no condition. */
    private static Expression and(Expression condition, Expression owner) {
        return condition == null ? owner : new AndExpression(new ParenthesedExpressionList<>(condition), owner);
    }

    /** How the target is named in its own statement: its alias if it has one, else its table name as written. */
    static String qualifier(Table target) {
        return target.getAlias() != null ? target.getAlias().getName() : target.getName();
    }

    /** {@code RETURNING *} of a per-user table would return the owner column; it becomes {@code * EXCLUDE (owner)}. */
    private static void hideOwner(ReturningClause returning, PerUserTable table) {
        if (returning == null) {
            return;
        }
        for (SelectItem<?> item : returning) {
            Expression expression = item.getExpression();
            if (expression instanceof AllTableColumns) {
                throw Refusals.invalid("RETURNING table.* is not supported on a per-user table; use RETURNING * or name the columns");
            }
            if (expression instanceof Function function && function.getName().equalsIgnoreCase("columns")) {
                throw Refusals.invalid("RETURNING COLUMNS(…) is not supported on a per-user table; name the columns");
            }
            if (expression instanceof AllColumns all) {
                ExpressionList<Column> except = all.getExceptColumns() == null ? new ExpressionList<>() : all.getExceptColumns();
                except.add(ScopedSubselects.ownerColumn(table));
                all.setExceptColumns(except);
                if (all.getExceptKeyword() == null) {
                    all.setExceptKeyword("EXCLUDE");
                }
            }
        }
    }

    /**
     * JSqlParser's tree of the statement, or empty when it cannot parse it. Several statements where
     * the lexer saw one means the two read the text differently (comments, quotes), so that is refused.
     */
    private static Optional<Statement> parse(String statement) {
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(statement);
        } catch (JSQLParserException | RuntimeException e) {
            return Optional.empty();
        }
        if (statements.size() != 1) {
            throw Refusals.invalid("Send exactly one statement at a time here");
        }
        return Optional.of(statements.get(0));
    }

    private String checked(Statement rewritten, String userId, PerUserTableLookup lookup) {
        String text = rewritten.toString();
        DataChangeVerification.verify(text, userId, lookup);
        return text;
    }
}
