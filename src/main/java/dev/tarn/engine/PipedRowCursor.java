package dev.tarn.engine;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Rows that DuckDB's COPY writes, one line each, into a named pipe while this cursor reads them.
 * <p>
 * The COPY runs on a platform thread of its own (a native call blocked on a full pipe would pin a
 * virtual thread's carrier, and with it perhaps the reader). Opening a pipe blocks until both ends
 * are open, so when COPY fails before it opens its end, the COPY thread opens and closes it once
 * itself, which lets the reader see the end. The reader keeps its end open until the COPY thread
 * is done, so that this can never block. To stop early, the cursor interrupts the statement and
 * reads on, discarding, until DuckDB closes its end.
 */
final class PipedRowCursor implements RowCursor {
    private static final int BUFFER_BYTES = 256 * 1024;

    private final Session session;
    private final ResultPipes pipes;
    private final Path pipe;
    private final List<Column> columns;
    private final CompletableFuture<Long> copy;
    private InputStream reader;
    private long rows;
    private boolean finished;
    private boolean closed;

    private PipedRowCursor(Session session, ResultPipes pipes, Path pipe, List<Column> columns, CompletableFuture<Long> copy) {
        this.session = session;
        this.pipes = pipes;
        this.pipe = pipe;
        this.columns = List.copyOf(columns);
        this.copy = copy;
    }

    /** Starts {@code COPY (lineQuery) TO pipe} with the given options on the executor. */
    static PipedRowCursor start(Session session, ResultPipes pipes, Path pipe, String lineQuery, String copyOptions,
                                List<Column> columns, ExecutorService executor) {
        String copySql = "COPY (\n" + lineQuery + "\n) TO " + SqlQuoting.literal(pipe.toString()) + " " + copyOptions;
        // COPY answers with the number of rows it wrote, so the reader need not count newlines
        CompletableFuture<Long> copy = CompletableFuture.supplyAsync(() -> {
            try {
                return session.update(copySql);
            } catch (RuntimeException e) {
                releaseBlockedReader(pipe);
                throw e;
            }
        }, executor);
        return new PipedRowCursor(session, pipes, pipe, columns, copy);
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public long writeRows(RowSink sink) throws IOException {
        openReader();
        byte[] buffer = new byte[BUFFER_BYTES];
        int carried = 0;
        try {
            int read;
            while ((read = reader.read(buffer, carried, buffer.length - carried)) > 0) {
                int total = carried + read;
                int end = lastNewline(buffer, carried, total);
                if (end < 0) {
                    carried = total;
                    if (carried == buffer.length) {
                        buffer = Arrays.copyOf(buffer, buffer.length * 2);
                    }
                    continue;
                }
                sink.write(buffer, 0, end + 1);
                carried = total - end - 1;
                System.arraycopy(buffer, end + 1, buffer, 0, carried);
                if (session.cancelled()) {
                    // reading on is how COPY gets unblocked and sees the interrupt
                    stop();
                    session.throwIfCancelled();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!finished) {
                stop();
            }
            throw e;
        }
        finish();
        return rows;
    }

    @Override
    public long rowsRead() {
        return rows;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!finished) {
                stop();
            }
        } finally {
            closeReader();
            pipes.release(pipe);
        }
    }

    /** Waits for COPY to end and reports its failure (a cancellation included) as the engine's error. */
    private void finish() {
        finished = true;
        try {
            rows = copy.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TarnException tarn) {
                throw tarn;
            }
            throw new TarnException(ErrorCode.INTERNAL_ERROR, "COPY failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TarnException(ErrorCode.SHUTTING_DOWN, "interrupted while reading a result");
        }
        session.throwIfCancelled();
    }

    /** Interrupts the statement and reads to the end, so that COPY, never left blocked on the pipe, ends. */
    private void stop() {
        finished = true;
        session.cancel();
        try {
            openReader();
            byte[] discard = new byte[BUFFER_BYTES];
            while (reader.read(discard) > 0) {
                // the interrupt takes effect at DuckDB's next chunk; until then it keeps writing
            }
        } catch (IOException ignored) {
            // the pipe is gone either way
        }
        try {
            copy.join();
        } catch (RuntimeException ignored) {
            // the interrupt's own error; the caller reports why it stopped
        }
    }

    private void openReader() throws IOException {
        if (reader == null) {
            reader = new FileInputStream(pipe.toFile());
        }
    }

    private void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // nothing to recover
            }
        }
    }

    /** Opens the write end once and closes it, so a reader waiting in open sees the end of an empty stream. */
    private static void releaseBlockedReader(Path pipe) {
        try (FileOutputStream poke = new FileOutputStream(pipe.toFile())) {
            poke.flush();
        } catch (IOException ignored) {
            // no reader yet: the reader opens later and this cannot happen, since it keeps its end open until we end
        }
    }

    private static int lastNewline(byte[] buffer, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
