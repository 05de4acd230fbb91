package dev.tarn.engine;

import java.io.IOException;
import java.util.List;

/**
 * The rows of one running statement, rendered as lines in the requested encoding and handed to a
 * sink as they are produced. Closing the cursor stops the statement if it is still running.
 */
public interface RowCursor extends AutoCloseable {
    List<Column> columns();

    /**
     * Writes every row to the sink and returns how many there were. An engine error or a
     * cancellation after some rows throws a TarnException; a failing sink (the client went away)
     * throws its IOException. Either way the caller closes the cursor.
     */
    long writeRows(RowSink sink) throws IOException;

    /** Rows handed out so far. */
    long rowsRead();

    @Override
    void close();
}
