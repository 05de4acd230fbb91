package dev.tarn.query;

import dev.tarn.engine.Column;
import dev.tarn.engine.RowCursor;
import dev.tarn.engine.Session;
import dev.tarn.error.ErrorKind;
import dev.tarn.error.TarnException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A registered query: its identity for the metadata line first, then, once {@link #open()} has run
 * its statements, either a cursor over the rows of the last one (or a Parquet file of them) or the
 * error that stopped it. The caller reads the rows, then calls {@link #finish}, which frees the
 * engine connection and records the outcome in the query log.
 */
public final class QueryExecution implements AutoCloseable {
    private final QueryLog.Entry entry;
    private final QueryRequest request;
    private final Session session;
    private final Opener opener;
    private Result result = Result.NOT_OPENED;
    private Optional<TarnException> failure = Optional.empty();
    private boolean finished;

    /** What opening produced: rows to read, or a Parquet file to send. */
    public record Result(Optional<RowCursor> cursor, Optional<Path> parquetFile) {
        static final Result NOT_OPENED = new Result(Optional.empty(), Optional.empty());

        public Result {
            Objects.requireNonNull(cursor, "cursor");
            Objects.requireNonNull(parquetFile, "parquetFile");
        }

        static Result rows(RowCursor cursor) {
            return new Result(Optional.of(cursor), Optional.empty());
        }

        static Result parquet(Path file) {
            return new Result(Optional.empty(), Optional.of(file));
        }
    }

    /** Runs the statements of the query; supplied by the query service. */
    @FunctionalInterface
    interface Opener {
        Result open();
    }

    QueryExecution(QueryLog.Entry entry, QueryRequest request, Session session, Opener opener) {
        this.entry = entry;
        this.request = request;
        this.session = session;
        this.opener = opener;
    }

    /** The submitted statement, trimmed: what the metadata line echoes. */
    public String statement() {
        return request.statement().trim();
    }

    public String queryId() {
        return entry.id().toString();
    }

    public String sessionId() {
        return entry.sessionId();
    }

    /** Milliseconds from the request's arrival until now, at least 1. */
    public long initMillis() {
        return entry.elapsedMillis();
    }

    public OptionalLong limit() {
        return request.limit();
    }

    public OptionalLong offset() {
        return request.offset();
    }

    /**
     * Runs the statements. Errors of the SQL or of permissions are kept as {@link #failure()};
     * faults of the server itself are thrown.
     */
    public void open() {
        try {
            result = opener.open();
        } catch (TarnException e) {
            if (e.kind() == ErrorKind.INTERNAL || e.kind() == ErrorKind.UNAVAILABLE) {
                finish(Optional.of(e.getMessage()));
                throw e;
            }
            failure = Optional.of(e);
        }
    }

    /** The error that stopped the query before any row, if one did. */
    public Optional<TarnException> failure() {
        return failure;
    }

    public List<Column> columns() {
        return cursor().map(RowCursor::columns).orElse(List.of());
    }

    public Optional<RowCursor> cursor() {
        return result.cursor();
    }

    /** For the Parquet format: the file holding the whole result. */
    public Optional<Path> parquetFile() {
        return result.parquetFile();
    }

    /** Ends the query: closes its cursor and connection and records the outcome in the query log. */
    public void finish(Optional<String> error) {
        if (finished) {
            return;
        }
        finished = true;
        long rows = cursor().map(RowCursor::rowsRead).orElse(0L);
        try {
            cursor().ifPresent(RowCursor::close);
        } catch (RuntimeException ignored) {
            // the result is abandoned either way; closing the connection below releases it
        }
        session.close();
        parquetFile().ifPresent(QueryExecution::deleteQuietly);
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
