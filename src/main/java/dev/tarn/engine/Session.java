package dev.tarn.engine;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBPreparedStatement;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * One request's connection to the engine. It is a fresh DuckDB connection (cheap: about 10 µs),
 * so session settings, temporary objects and open transactions of one caller never leak to the
 * next (settings DuckDB keeps database-wide, which only administrators may SET, do); the engine
 * bounds how many exist at once. Not thread-safe, except {@link #cancel()}.
 */
public final class Session implements AutoCloseable {
    private final DuckDBConnection connection;
    private final Runnable onClose;
    private final Optional<ResultPipes> pipes;
    private final java.util.concurrent.ExecutorService copies;
    private volatile Statement running;
    private volatile boolean cancelled;
    private boolean closed;

    Session(DuckDBConnection connection, Runnable onClose, Optional<ResultPipes> pipes, java.util.concurrent.ExecutorService copies) {
        this.connection = connection;
        this.onClose = onClose;
        this.pipes = pipes;
        this.copies = copies;
    }

    /** Sets the default catalog and schema for unqualified names, as the Lakehouse clients expect. */
    public void use(Optional<String> catalog, Optional<String> schema) {
        if (catalog.isEmpty() && schema.isEmpty()) {
            return;
        }
        String target = catalog.map(c -> SqlQuoting.identifier(c) + schema.map(s -> "." + SqlQuoting.identifier(s)).orElse(""))
                .orElseGet(() -> SqlQuoting.identifier(schema.orElseThrow()));
        execute("USE " + target);
    }

    /** The session time zone for TIMESTAMPTZ arithmetic and display. */
    public void timeZone(String zone) {
        execute("SET TimeZone = " + SqlQuoting.literal(zone));
    }

    /** Runs a statement and discards whatever it returns. */
    public void execute(String sql) {
        try (PreparedStatement statement = start(sql)) {
            statement.execute();
            ResultSet rows = statement.getResultSet();
            if (rows != null) {
                rows.close();
            }
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            running = null;
        }
    }

    /**
     * Runs one statement with positional parameters ($1, $2 … or ?) and returns its whole result,
     * at most {@code maximumRows} rows (more is an error: this is for answers that fit in memory).
     */
    public StatementResult run(String sql, List<Object> parameters, int maximumRows) {
        return run(sql, parameters, maximumRows, Overflow.FAIL);
    }

    /**
     * The same, but rows beyond {@code maximumRows} are counted and dropped instead of failing the
     * statement; {@link StatementResult#changedRows()} counts them all. For captures that must not
     * fail the write they observe.
     */
    public StatementResult runKeepingAtMost(String sql, List<Object> parameters, int maximumRows) {
        return run(sql, parameters, maximumRows, Overflow.COUNT);
    }

    /**
     * Runs a query and keeps its first {@code maximumRows} rows, reading one row more only to know
     * that more exist ({@link StatementResult#changedRows()} is then {@code maximumRows + 1}); the rest
     * is never read. For answers that show a sample of a result (AskTable datasources).
     */
    public StatementResult runFirstRows(String sql, List<Object> parameters, int maximumRows) {
        return run(sql, parameters, maximumRows, Overflow.STOP);
    }

    /** What happens to rows beyond the maximum. */
    private enum Overflow { FAIL, COUNT, STOP }

    private StatementResult run(String sql, List<Object> parameters, int maximumRows, Overflow overflow) {
        try (PreparedStatement statement = start(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            if (!statement.execute()) {
                return new StatementResult(false, List.of(), List.of(), Math.max(0, statement.getLargeUpdateCount()));
            }
            try (ResultSet resultSet = statement.getResultSet()) {
                List<Column> columns = columns(resultSet.getMetaData());
                List<Object[]> rows = new ArrayList<>();
                long seen = 0;
                while (resultSet.next()) {
                    seen++;
                    if (rows.size() >= maximumRows) {
                        if (overflow == Overflow.STOP) {
                            break;
                        }
                        if (overflow == Overflow.FAIL) {
                            throw new TarnException(ErrorCode.SQL_ERROR, "The result has more than " + maximumRows
                                    + " rows; add a LIMIT, or read large results with POST /query");
                        }
                        continue;
                    }
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = JavaValues.read(resultSet, i + 1, columns.get(i).type());
                    }
                    rows.add(row);
                }
                return new StatementResult(true, columns, rows, seen);
            }
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            running = null;
        }
    }

    /** Runs a data change and returns how many rows it changed. */
    public long update(String sql) {
        try (PreparedStatement statement = start(sql)) {
            if (statement.execute()) {
                try (ResultSet count = statement.getResultSet()) {
                    return count.next() ? count.getLong(1) : 0;
                }
            }
            return Math.max(0, statement.getLargeUpdateCount());
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            running = null;
        }
    }

    /** Runs a statement with bound parameters and returns its rows as maps; for small internal lookups only. */
    public List<Map<String, Object>> rows(String sql, Object... parameters) {
        try (PreparedStatement statement = start(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet resultSet = statement.executeQuery()) {
                ResultSetMetaData metaData = resultSet.getMetaData();
                while (resultSet.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= metaData.getColumnCount(); i++) {
                        row.put(metaData.getColumnName(i), resultSet.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            running = null;
        }
    }

    /** The columns a query would return, found by binding it without running it. */
    public List<Column> describe(String sql) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            return columns(statement.getMetaData());
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /**
     * Starts a statement and returns a cursor over its rows. Queries are bounded by {@code offset}
     * and {@code limit} in SQL and rendered to JSON by DuckDB; other statements are run as they are,
     * with limit and offset applied while reading.
     */
    public RowCursor open(String sql, StatementKind kind, RowEncoding encoding, long offset, long limit) {
        try {
            if (kind == StatementKind.QUERY) {
                String bounded = bounded(sql, offset, limit);
                if (!readsTables(sql)) {
                    Optional<RowCursor> small = openSmall(bounded, encoding);
                    if (small.isPresent()) {
                        return small.get();
                    }
                }
                List<Column> columns = describe(bounded);
                Optional<java.nio.file.Path> pipe = pipes.flatMap(ResultPipes::acquire);
                if (pipe.isPresent()) {
                    return encoding == RowEncoding.TEXT
                            ? PipedRowCursor.start(this, pipes.get(), pipe.get(), bounded, "(FORMAT csv, HEADER false)", columns, copies)
                            : PipedRowCursor.start(this, pipes.get(), pipe.get(), JsonRowProjection.lines(bounded, columns, encoding),
                                    "(FORMAT csv, HEADER false, QUOTE '', ESCAPE '')", columns, copies);
                }
                if (encoding == RowEncoding.TEXT) {
                    return openDirect(bounded, encoding, 0, Long.MAX_VALUE, Optional.empty());
                }
                PreparedStatement statement = start(JsonRowProjection.wrap(bounded, columns, encoding));
                return new JdbcRowCursor(this, statement, Optional.of(statement.executeQuery()), columns, encoding, true, 0, Long.MAX_VALUE);
            }
            return openDirect(sql, encoding, Math.max(0, offset), limit < 0 ? Long.MAX_VALUE : limit, Optional.empty());
        } catch (SQLException e) {
            running = null;
            throw translate(e);
        }
    }

    /**
     * Starts a data change and returns a cursor over its result: DuckDB's one-row Count, or with
     * RETURNING the returned rows, paged by {@code offset} and {@code limit} while reading.
     * {@code changedRows} learns how many rows changed once the statement is done: at once for a
     * count, at close for RETURNING, whose one row per changed row is counted to the end.
     */
    public RowCursor openDataChange(String sql, RowEncoding encoding, long offset, long limit, LongConsumer changedRows) {
        try {
            return openDirect(sql, encoding, Math.max(0, offset), limit < 0 ? Long.MAX_VALUE : limit, Optional.of(changedRows));
        } catch (SQLException e) {
            running = null;
            throw translate(e);
        }
    }

    /**
     * A query that reads no table (SELECT 1, SELECT now()) has a row or a few; it is run as it is and
     * its values rendered here, which saves the second statement the JSON wrapping needs (about
     * 0.4 ms of a 1 ms request). Only when every column has a type rendered here exactly as DuckDB
     * renders it in the wrapped form; otherwise empty, and nothing has run.
     */
    private Optional<RowCursor> openSmall(String sql, RowEncoding encoding) throws SQLException {
        PreparedStatement statement = start(sql);
        List<Column> columns = columns(statement.getMetaData());
        if (!columns.stream().allMatch(column -> JdbcValueWriter.rendersLikeTheEngine(column.type()))) {
            statement.close();
            running = null;
            return Optional.empty();
        }
        return Optional.of(new JdbcRowCursor(this, statement, Optional.of(statement.executeQuery()), columns, encoding, false, 0, Long.MAX_VALUE));
    }

    /** Whether a query names a table or table function, told from its FROM keyword. */
    private static boolean readsTables(String sql) {
        return SqlLexer.tokenize(sql).stream().anyMatch(token -> token.isKeyword("FROM"));
    }

    private RowCursor openDirect(String sql, RowEncoding encoding, long skip, long maximum, Optional<LongConsumer> changedRows)
            throws SQLException {
        PreparedStatement statement = start(sql);
        boolean hasRows = statement.execute();
        if (hasRows) {
            ResultSet resultSet = statement.getResultSet();
            JdbcRowCursor cursor = new JdbcRowCursor(this, statement, Optional.of(resultSet), columns(resultSet.getMetaData()), encoding, false, skip, maximum);
            return changedRows.isPresent() ? cursor.reportingChangedRows(changedRows.get()) : cursor;
        }
        long changed = statement.getLargeUpdateCount();
        statement.close();
        running = null;
        if (changed >= 0) {
            changedRows.ifPresent(receiver -> receiver.accept(changed));
            // DuckDB reports changed rows as a count, not a result; show it as the one-row result its CLI prints.
            PreparedStatement count = start("SELECT " + changed + "::BIGINT AS \"Count\"");
            ResultSet resultSet = count.executeQuery();
            return new JdbcRowCursor(this, count, Optional.of(resultSet), columns(resultSet.getMetaData()), encoding, false, 0, Long.MAX_VALUE);
        }
        PreparedStatement nothing = start("SELECT 1 WHERE false");
        return new JdbcRowCursor(this, nothing, Optional.empty(), List.of(), encoding, false, 0, 0);
    }

    /** The columns and comment of a table, or empty when it does not exist. */
    public Optional<TableSchema> tableSchema(TableName table) {
        List<Map<String, Object>> tables = rows("SELECT comment FROM duckdb_tables() WHERE database_name ILIKE ? AND schema_name ILIKE ? AND table_name ILIKE ?",
                table.catalog(), table.schema(), table.table());
        if (tables.isEmpty()) {
            return Optional.empty();
        }
        List<Column> columns = new ArrayList<>();
        for (Map<String, Object> row : rows("SELECT column_name, data_type FROM duckdb_columns() WHERE database_name ILIKE ? AND schema_name ILIKE ? AND table_name ILIKE ? ORDER BY column_index",
                table.catalog(), table.schema(), table.table())) {
            columns.add(new Column((String) row.get("column_name"), (String) row.get("data_type")));
        }
        return Optional.of(new TableSchema(table, columns, Optional.ofNullable((String) tables.get(0).get("comment"))));
    }

    /** An appender for a table; it writes within this session's current transaction. */
    public TableAppender appender(TableName table) {
        try {
            return new TableAppender(connection.createAppender(table.catalog(), table.schema(), table.table()), table);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Writes the rows of a query to a Parquet file, for callers that asked for Parquet. */
    public void exportParquet(String sql, Path target) {
        execute("COPY (\n" + sql + "\n) TO " + SqlQuoting.literal(target.toString()) + " (FORMAT parquet, COMPRESSION zstd)");
    }

    /** Plans a statement without running it; throws the engine's error if it cannot be planned. */
    public void plan(String sql) {
        execute("EXPLAIN " + sql);
    }

    /** DuckDB's physical plan of a statement as its JSON text. */
    public String planJson(String sql) {
        List<Map<String, Object>> rows = rows("EXPLAIN (FORMAT json) " + sql);
        return rows.isEmpty() ? "[]" : String.valueOf(rows.get(0).values().stream().skip(1).findFirst().orElse("[]"));
    }

    /** Stops the running statement. Safe to call from another thread; the reader sees the cancellation. */
    public void cancel() {
        cancelled = true;
        Statement statement = running;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException ignored) {
                // the statement finished between the check and the cancel; the flag still stops the reader
            }
        }
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** DuckDB's progress estimate for the running statement, when it has one. */
    public Optional<QueryProgress> progress() {
        Statement statement = running;
        if (statement instanceof DuckDBPreparedStatement prepared) {
            try {
                org.duckdb.QueryProgress progress = prepared.getQueryProgress();
                if (progress.getPercentage() >= 0) {
                    return Optional.of(new QueryProgress(progress.getPercentage(), progress.getRowsProcessed(), progress.getTotalRowsToProcess()));
                }
            } catch (SQLException | RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    void throwIfCancelled() {
        if (cancelled) {
            throw new TarnException(ErrorCode.QUERY_CANCELLED, "INTERRUPT Error: Interrupted! (the query was cancelled)");
        }
    }

    TarnException translate(SQLException e) {
        if (cancelled) {
            return new TarnException(ErrorCode.QUERY_CANCELLED, "INTERRUPT Error: Interrupted! (the query was cancelled)", e);
        }
        return new TarnException(ErrorCode.SQL_ERROR, e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }

    void statementFinished(Statement statement) {
        if (running == statement) {
            running = null;
        }
    }

    private PreparedStatement start(String sql) throws SQLException {
        throwIfCancelled();
        PreparedStatement statement = connection.prepareStatement(sql);
        running = statement;
        return statement;
    }

    private static String bounded(String sql, long offset, long limit) {
        if (offset <= 0 && limit < 0) {
            return sql;
        }
        return "SELECT * FROM (\n" + sql + "\n) AS tarn_page" + (limit >= 0 ? " LIMIT " + limit : "") + (offset > 0 ? " OFFSET " + offset : "");
    }

    private static List<Column> columns(ResultSetMetaData metaData) throws SQLException {
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            columns.add(new Column(metaData.getColumnName(i), metaData.getColumnTypeName(i)));
        }
        return columns;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing rolls back an open transaction; a failure here leaves nothing to recover
        } finally {
            onClose.run();
        }
    }
}
