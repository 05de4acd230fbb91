package dev.tarn.writes;

import dev.tarn.engine.Session;
import dev.tarn.engine.SqlNames;
import dev.tarn.engine.SqlToken;
import dev.tarn.engine.StatementResult;
import dev.tarn.engine.TableName;
import dev.tarn.error.TarnException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The changes of SQL statements that manage their own transactions (the SQL endpoints, where a
 * script may BEGIN and COMMIT), published through the write path once committed: a data change at
 * once when autocommitted, all of a transaction's at COMMIT, none after a ROLLBACK. One per request.
 */
public final class StatementChanges {
    private final WritePath writes;
    private final String userName;
    private final List<Change> uncommitted = new ArrayList<>();
    private boolean inTransaction;

    public StatementChanges(WritePath writes, String userName) {
        this.writes = writes;
        this.userName = userName;
    }

    /** A transaction statement ran (BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT). */
    public void transaction(List<SqlToken> tokens) {
        String verb = tokens.get(0).text().toUpperCase(Locale.ROOT);
        switch (verb) {
            case "BEGIN", "START" -> inTransaction = true;
            case "COMMIT", "END" -> {
                writes.committed(List.copyOf(uncommitted));
                uncommitted.clear();
                inTransaction = false;
            }
            default -> {
                uncommitted.clear();
                inTransaction = false;
            }
        }
    }

    public boolean inTransaction() {
        return inTransaction;
    }

    /** A data change ran and changed {@code rows} rows; unqualified names are in {@code catalog}.{@code schema}. */
    public void dataChanged(List<SqlToken> tokens, long rows, String catalog, String schema) {
        Optional<Change.Operation> operation = operation(tokens);
        Optional<TableName> table = writtenTable(tokens, catalog, schema);
        if (operation.isEmpty() || table.isEmpty() || rows <= 0) {
            return;
        }
        record(List.of(Change.counted(table.get(), operation.get(), rows, userName)));
    }

    /** Whether a listener needs the row images of this data change, so it must run through {@link #runWatched}. */
    public boolean watched(List<SqlToken> tokens, String catalog, String schema) {
        return operation(tokens).isPresent() && writtenTable(tokens, catalog, schema).filter(writes::wantsRows).isPresent();
    }

    /**
     * Runs a data change whose table a listener watches, capturing its row images, and records its
     * changes; {@code sql} is the statement as it will run (after the access rewrite), {@code tokens}
     * those of the statement as written. Outside a transaction it runs in one of its own, so the
     * read of an UPDATE's earlier rows and the UPDATE see the same data, and commits in commit order.
     */
    public StatementResult runWatched(Session session, List<SqlToken> tokens, String sql, List<Object> parameters, String catalog, String schema) {
        Change.Operation operation = operation(tokens).orElseThrow();
        TableName table = writtenTable(tokens, catalog, schema).orElseThrow();
        ChangeCapture capture = new ChangeCapture(session, table, userName);
        if (inTransaction) {
            ChangeCapture.Captured captured = capture.run(operation, sql, parameters);
            uncommitted.addAll(captured.changes());
            return captured.result();
        }
        session.execute("BEGIN TRANSACTION");
        ChangeCapture.Captured captured;
        try {
            captured = capture.run(operation, sql, parameters);
        } catch (RuntimeException e) {
            rollbackQuietly(session);
            throw e;
        }
        return writes.inCommitOrder(() -> {
            try {
                session.execute("COMMIT");
            } catch (RuntimeException e) {
                rollbackQuietly(session);
                throw e;
            }
            writes.committed(captured.changes());
            return captured.result();
        });
    }

    /** Whether a data change returns rows (its own RETURNING), so its answer is more than a count. */
    public static boolean returnsRows(List<SqlToken> tokens) {
        return ChangeCapture.returning(tokens).isPresent();
    }

    private void record(List<Change> changes) {
        if (inTransaction) {
            uncommitted.addAll(changes);
        } else {
            writes.committed(changes);
        }
    }

    private static Optional<Change.Operation> operation(List<SqlToken> tokens) {
        return switch (tokens.get(0).text().toUpperCase(Locale.ROOT)) {
            case "INSERT" -> Optional.of(Change.Operation.INSERT);
            case "UPDATE" -> Optional.of(Change.Operation.UPDATE);
            case "DELETE" -> Optional.of(Change.Operation.DELETE);
            default -> Optional.empty();
        };
    }

    private static void rollbackQuietly(Session session) {
        try {
            session.execute("ROLLBACK");
        } catch (RuntimeException ignored) {
            // DuckDB may already have aborted the transaction
        }
    }

    /** The table a data change writes: the name after INSERT INTO, UPDATE or DELETE FROM. */
    private static Optional<TableName> writtenTable(List<SqlToken> tokens, String catalog, String schema) {
        int start = 1;
        while (start < tokens.size() && (tokens.get(start).isKeyword("INTO") || tokens.get(start).isKeyword("FROM")
                || tokens.get(start).isKeyword("OR") || tokens.get(start).isKeyword("REPLACE") || tokens.get(start).isKeyword("IGNORE"))) {
            start++;
        }
        List<String> parts = SqlNames.partsAt(tokens, start);
        try {
            return switch (parts.size()) {
                case 1 -> Optional.of(TableName.of(catalog, schema, parts.get(0)));
                case 2 -> Optional.of(TableName.of(catalog, parts.get(0), parts.get(1)));
                case 3 -> Optional.of(TableName.of(parts.get(0), parts.get(1), parts.get(2)));
                default -> Optional.empty();
            };
        } catch (TarnException e) {
            // a name Tarn's tables cannot have (quotes, dots): nothing a subscriber could follow
            return Optional.empty();
        }
    }
}
