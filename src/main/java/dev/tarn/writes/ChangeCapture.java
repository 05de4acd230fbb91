package dev.tarn.writes;

import dev.tarn.engine.Column;
import dev.tarn.engine.Session;
import dev.tarn.engine.SqlLexer;
import dev.tarn.engine.SqlQuoting;
import dev.tarn.engine.SqlToken;
import dev.tarn.engine.StatementResult;
import dev.tarn.engine.TableName;
import dev.tarn.engine.TableSchema;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.update.Update;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one SQL data change so that its row images are captured: the statement gets
 * {@code RETURNING *} (before the caller's own RETURNING items, which are split off again), and an
 * UPDATE is preceded by a read of the rows it will change. DuckDB returns no rowid from an UPDATE
 * and moves a row whose key changes, so before and after images are paired by primary key; rows
 * that cannot be paired (no key, or the key itself changed) are reported as a delete and an insert,
 * which is what they are to a subscriber. The caller holds the transaction both reads run in.
 */
final class ChangeCapture {
    /** Above this many rows a statement's images are dropped and its change says so. */
    static final int MAXIMUM_CAPTURED_ROWS = 100_000;

    private final Session session;
    private final TableName table;
    private final String userName;

    ChangeCapture(Session session, TableName table, String userName) {
        this.session = session;
        this.table = table;
        this.userName = userName;
    }

    /** The caller's result of the statement (its own RETURNING rows, or the count) and the changes it made. */
    record Captured(StatementResult result, List<Change> changes) {
    }

    Captured run(Change.Operation operation, String sql, List<Object> parameters) {
        Optional<TableSchema> schema = session.tableSchema(table);
        String statement = withoutTrailingSemicolons(sql);
        if (schema.isEmpty()) {
            StatementResult result = session.run(statement, parameters, MAXIMUM_CAPTURED_ROWS);
            return new Captured(result, List.of(Change.counted(table, operation, result.changedRows(), userName)));
        }
        List<String> columns = schema.get().columns().stream().map(Column::name).toList();
        Optional<List<Map<String, Object>>> before = operation == Change.Operation.UPDATE
                ? rowsBeforeUpdate(statement, parameters, columns) : Optional.of(List.of());
        OptionalReturning returning = OptionalReturning.of(statement);
        StatementResult result = session.runKeepingAtMost(returning.returningEverything(), parameters, MAXIMUM_CAPTURED_ROWS);
        long changed = result.changedRows();
        if (returning.present() && changed > MAXIMUM_CAPTURED_ROWS) {
            // the caller's transaction is rolled back on this error, so the change does not stay unanswered
            throw new TarnException(ErrorCode.SQL_ERROR, "RETURNING would answer more than " + MAXIMUM_CAPTURED_ROWS
                    + " rows, so nothing was changed; change fewer rows at a time or drop RETURNING");
        }
        List<Map<String, Object>> after = RowImages.of(result.rows(), columns);
        StatementResult callerResult = returning.present()
                ? new StatementResult(true, result.columns().subList(columns.size(), result.columns().size()),
                        result.rows().stream().map(row -> java.util.Arrays.copyOfRange(row, columns.size(), row.length)).toList(), changed)
                : new StatementResult(false, List.of(), List.of(), changed);
        boolean complete = changed <= MAXIMUM_CAPTURED_ROWS && before.isPresent();
        if (changed == 0) {
            return new Captured(callerResult, List.of());
        }
        if (!complete) {
            return new Captured(callerResult, List.of(Change.counted(table, operation, changed, userName)));
        }
        return new Captured(callerResult, switch (operation) {
            case DELETE -> List.of(RowImages.change(table, Change.Operation.DELETE, List.of(), after, userName));
            case UPDATE -> RowImages.updated(table, primaryKey(), before.get(), after, userName);
            default -> List.of(RowImages.change(table, operation, after, List.of(), userName));
        });
    }

    /**
     * The rows an UPDATE will change, read in the same transaction just before it: the rows of the
     * target whose rowid the UPDATE's own FROM and WHERE select. Every parameter is bound, so the
     * read mentions each one (DuckDB cannot prepare a statement that skips a $n).
     */
    private Optional<List<Map<String, Object>>> rowsBeforeUpdate(String sql, List<Object> parameters, List<String> columns) {
        if (!parameters.isEmpty() && SqlLexer.tokenize(sql).stream().anyMatch(token -> token.text().equals("?"))) {
            return Optional.empty();
        }
        Update update;
        try {
            Statement parsed = CCJSqlParserUtil.parse(sql);
            if (!(parsed instanceof Update found) || found.getStartJoins() != null && !found.getStartJoins().isEmpty()) {
                return Optional.empty();
            }
            update = found;
        } catch (JSQLParserException e) {
            return Optional.empty();
        }
        String target = update.getTable().getAlias() != null ? update.getTable().getAlias().getName() : update.getTable().getName();
        StringBuilder read = new StringBuilder("SELECT ");
        read.append(String.join(", ", columns.stream().map(SqlQuoting::identifier).toList()));
        read.append(" FROM ").append(table.sql()).append(" WHERE rowid IN (SELECT ").append(target).append(".rowid FROM ").append(update.getTable());
        if (update.getFromItem() != null) {
            read.append(", ").append(update.getFromItem());
        }
        if (update.getJoins() != null) {
            for (Join join : update.getJoins()) {
                read.append(join.isSimple() ? ", " : " ").append(join);
            }
        }
        if (update.getWhere() != null) {
            read.append(" WHERE ").append(update.getWhere());
        }
        read.append(')');
        for (int i = 1; i <= parameters.size(); i++) {
            read.append(" AND ($").append(i).append(" IS NULL OR true)");
        }
        StatementResult rows = session.runKeepingAtMost(read.toString(), parameters, MAXIMUM_CAPTURED_ROWS);
        return rows.changedRows() > MAXIMUM_CAPTURED_ROWS ? Optional.empty() : Optional.of(RowImages.of(rows.rows(), columns));
    }

    private List<String> primaryKey() {
        return session.rows("SELECT unnest(constraint_column_names) AS name FROM duckdb_constraints() "
                + "WHERE constraint_type = 'PRIMARY KEY' AND database_name = ? AND schema_name = ? AND table_name = ?",
                table.catalog(), table.schema(), table.table()).stream().map(row -> String.valueOf(row.get("name"))).toList();
    }

    private static String withoutTrailingSemicolons(String sql) {
        String trimmed = sql.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return trimmed;
    }

    /** The RETURNING keyword of a statement, if it has one at its top level (not inside a subquery). */
    static Optional<SqlToken> returning(List<SqlToken> tokens) {
        int depth = 0;
        for (SqlToken token : tokens) {
            if (token.text().equals("(")) {
                depth++;
            } else if (token.text().equals(")")) {
                depth--;
            } else if (depth == 0 && token.isKeyword("RETURNING")) {
                return Optional.of(token);
            }
        }
        return Optional.empty();
    }

    /** Where a statement's own RETURNING is, if it has one at its top level. */
    private record OptionalReturning(String statement, int itemsStart) {
        static OptionalReturning of(String statement) {
            return new OptionalReturning(statement, returning(SqlLexer.tokenize(statement)).map(SqlToken::end).orElse(-1));
        }

        boolean present() {
            return itemsStart >= 0;
        }

        /** The statement returning every column first, then the caller's items; the newline ends a trailing comment. */
        String returningEverything() {
            return present()
                    ? statement.substring(0, itemsStart) + " *, " + statement.substring(itemsStart)
                    : statement + "\nRETURNING *";
        }
    }
}
