package dev.tarn.query;

import dev.tarn.engine.Column;
import dev.tarn.engine.RowCursor;
import dev.tarn.engine.Session;
import dev.tarn.error.TarnException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A query that has been started: its identity for the metadata line, and either a cursor over the
 * rows of its last statement (or a Parquet file of them) or the error that stopped it. The caller
 * reads the rows, then calls {@link #finish}, which frees the engine connection and logs the outcome.
 */
public final class QueryExecution implements AutoCloseable {
    private final QueryLog.Entry entry;
    private final String statement;
    private final OptionalLong limit;
    private final OptionalLong offset;
    private final long initMillis;
    private final Session session;
    private final Optional<RowCursor> cursor;
    private final Optional<Path> parquetFile;
    private final Optional<TarnException> failure;
    private boolean finished;

    QueryExecution(QueryLog.Entry entry, String statement, OptionalLong limit, OptionalLong offset, Session session,
                   Optional<RowCursor> cursor, Optional<Path> parquetFile, Optional<TarnException> failure) {
        this.entry = entry;
        this.statement = statement;
        this.limit = limit;
        this.offset = offset;
        this.initMillis = entry.elapsedMillis();
        this.session = session;
        this.cursor = cursor;
        this.parquetFile = parquetFile;
        this.failure = failure;
    }

    public String statement() {
        return statement;
    }

    public String queryId() {
        return entry.id().toString();
    }

    public String sessionId() {
        return entry.sessionId();
    }

    public long initMillis() {
        return initMillis;
    }

    public OptionalLong limit() {
        return limit;
    }

    public OptionalLong offset() {
        return offset;
    }

    /** The error that stopped the query before any row, if one did. */
    public Optional<TarnException> failure() {
        return failure;
    }

    public List<Column> columns() {
        return cursor.map(RowCursor::columns).orElse(List.of());
    }

    public Optional<RowCursor> cursor() {
        return cursor;
    }

    /** For the Parquet format: the file holding the whole result. */
    public Optional<Path> parquetFile() {
        return parquetFile;
    }

    /** Ends the query: closes its cursor and connection and records the outcome in the query log. */
    public void finish(Optional<String> error) {
        if (finished) {
            return;
        }
        finished = true;
        long rows = cursor.map(RowCursor::rowsRead).orElse(0L);
        try {
            cursor.ifPresent(RowCursor::close);
        } catch (RuntimeException ignored) {
            // the result is abandoned either way; the connection close below releases it
        }
        session.close();
        parquetFile.ifPresent(QueryExecution::deleteQuietly);
        Optional<String> outcome = error.or(() -> failure.map(Throwable::getMessage));
        if (outcome.isEmpty() && entry.cancelRequested()) {
            outcome = Optional.of("Query cancelled");
        }
        entry.finish(outcome, rows);
    }

    @Override
    public void close() {
        finish(Optional.empty());
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // staging is emptied at every start
        }
    }
}
