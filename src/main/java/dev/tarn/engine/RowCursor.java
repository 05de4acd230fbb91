package dev.tarn.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * Rows of one running statement, read one at a time as they stream out of DuckDB. Closing the
 * cursor closes the result and statement; that is also how a half-read result is abandoned,
 * because DuckDB keeps streaming after a cancel until its result is closed.
 */
public final class RowCursor implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();

    private final Session session;
    private final Statement statement;
    private final Optional<ResultSet> resultSet;
    private final List<Column> columns;
    private final RowEncoding encoding;
    private final boolean renderedByEngine;
    private final long skipRows;
    private final long maximumRows;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private long rowsRead;
    private boolean exhausted;
    private boolean closed;

    RowCursor(Session session, Statement statement, Optional<ResultSet> resultSet, List<Column> columns,
              RowEncoding encoding, boolean renderedByEngine, long skipRows, long maximumRows) {
        this.session = session;
        this.statement = statement;
        this.resultSet = resultSet;
        this.columns = List.copyOf(columns);
        this.encoding = encoding;
        this.renderedByEngine = renderedByEngine;
        this.skipRows = skipRows;
        this.maximumRows = maximumRows;
    }

    public List<Column> columns() {
        return columns;
    }

    /** Moves to the next row; false at the end. Throws a cancellation error once the query was cancelled. */
    public boolean next() {
        if (resultSet.isEmpty() || closed) {
            return false;
        }
        try {
            while (true) {
                session.throwIfCancelled();
                if (rowsRead >= skipRows + maximumRows) {
                    return false;
                }
                if (!resultSet.get().next()) {
                    exhausted = true;
                    return false;
                }
                rowsRead++;
                if (rowsRead > skipRows) {
                    return true;
                }
            }
        } catch (SQLException e) {
            throw session.translate(e);
        }
    }

    /** The current row as one JSON text (array or object, as the cursor's encoding says), UTF-8 bytes. */
    public byte[] json() {
        try {
            if (renderedByEngine) {
                return resultSet.orElseThrow().getBytes(1);
            }
            buffer.reset();
            try (JsonGenerator generator = JSON.createGenerator(buffer)) {
                if (encoding == RowEncoding.JSON_OBJECT) {
                    JdbcValueWriter.writeObject(generator, resultSet.orElseThrow(), columns);
                } else {
                    JdbcValueWriter.writeArray(generator, resultSet.orElseThrow(), columns);
                }
            }
            return buffer.toByteArray();
        } catch (SQLException e) {
            throw session.translate(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value in column {@code index} (0-based) as DuckDB's text for it, empty for SQL NULL. */
    public Optional<String> text(int index) {
        try {
            return Optional.ofNullable(resultSet.orElseThrow().getString(index + 1));
        } catch (SQLException e) {
            throw session.translate(e);
        }
    }

    public long rowsRead() {
        return Math.max(0, rowsRead - skipRows);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!exhausted && resultSet.isPresent()) {
                // Closing a half-read streamed result alone leaves DuckDB's workers producing it for a
                // while (seconds to minutes on a large scan), holding cores other queries need; an
                // interrupt stops them at once.
                statement.cancel();
            }
            if (resultSet.isPresent()) {
                resultSet.get().close();
            }
            statement.close();
        } catch (SQLException e) {
            throw new TarnException(ErrorCode.INTERNAL_ERROR, "cannot close a result: " + e.getMessage(), e);
        } finally {
            session.statementFinished(statement);
        }
    }
}
