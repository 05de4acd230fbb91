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
import java.util.function.LongConsumer;

/**
 * Rows read one at a time through JDBC as they stream out of DuckDB: for statements that cannot
 * be wrapped in COPY (SHOW, DESCRIBE, INSERT … RETURNING), and where named pipes are not
 * available. Closing the cursor closes the result and statement; that is also how a half-read
 * result is abandoned, because DuckDB keeps streaming after a cancel until its result is closed.
 */
final class JdbcRowCursor implements RowCursor {
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
    private Optional<LongConsumer> changedRows = Optional.empty();

    JdbcRowCursor(Session session, Statement statement, Optional<ResultSet> resultSet, List<Column> columns,
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

    /**
     * Makes this the result of a data change with RETURNING, which has one row per changed row:
     * at close the rows the page left unread are counted rather than cancelled (DuckDB has made the
     * whole change before the first row, and keeps it), and the total goes to {@code receiver}.
     */
    JdbcRowCursor reportingChangedRows(LongConsumer receiver) {
        changedRows = Optional.of(receiver);
        return this;
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public long writeRows(RowSink sink) throws IOException {
        long rows = 0;
        while (next()) {
            byte[] line = line();
            sink.write(line, 0, line.length);
            rows++;
        }
        return rows;
    }

    /** The current row as one line in the cursor's encoding, newline included. */
    private byte[] line() {
        if (encoding == RowEncoding.TEXT) {
            java.util.List<String> values = new java.util.ArrayList<>(columns.size());
            for (int i = 0; i < columns.size(); i++) {
                values.add(text(i).orElse(null));
            }
            return (CsvLines.row(values) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        byte[] json = json();
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }

    /** Moves to the next row; false at the end. Throws a cancellation error once the query was cancelled. */
    private boolean next() {
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
    private byte[] json() {
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
    private Optional<String> text(int index) {
        try {
            return Optional.ofNullable(resultSet.orElseThrow().getString(index + 1));
        } catch (SQLException e) {
            throw session.translate(e);
        }
    }

    @Override
    public long rowsRead() {
        return Math.max(0, rowsRead - skipRows);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Optional<Long> changed = Optional.empty();
        try {
            if (changedRows.isPresent() && resultSet.isPresent()) {
                ResultSet rows = resultSet.get();
                while (!exhausted && rows.next()) {
                    rowsRead++;
                }
                exhausted = true;
                changed = Optional.of(rowsRead);
            }
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
        changed.ifPresent(count -> changedRows.get().accept(count));
    }
}
