package dev.tarn.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * Newline-delimited JSON written to a response as it is produced. Output is buffered and flushed
 * when the buffer fills or a little time has passed, so a fast result goes out in large writes and
 * a slow one still reaches the client promptly.
 */
public final class JsonLines implements AutoCloseable {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final long FLUSH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int BUFFER_BYTES = 64 * 1024;

    private final OutputStream output;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int used;
    private long lastFlush = System.nanoTime();

    public JsonLines(OutputStream output) {
        this.output = output;
    }

    /** Writes one line of already-encoded JSON. */
    public void line(byte[] json) throws IOException {
        if (used + json.length + 1 > buffer.length) {
            drain();
            if (json.length + 1 > buffer.length) {
                output.write(json);
                output.write('\n');
                return;
            }
        }
        System.arraycopy(json, 0, buffer, used, json.length);
        used += json.length;
        buffer[used++] = '\n';
        if (System.nanoTime() - lastFlush > FLUSH_INTERVAL_NANOS) {
            flush();
        }
    }

    /** Writes whole lines that are already encoded, newlines included. */
    public void write(byte[] lines, int offset, int length) throws IOException {
        if (used + length > buffer.length) {
            drain();
            if (length > buffer.length) {
                output.write(lines, offset, length);
                flushIfDue();
                return;
            }
        }
        System.arraycopy(lines, offset, buffer, used, length);
        used += length;
        flushIfDue();
    }

    private void flushIfDue() throws IOException {
        if (System.nanoTime() - lastFlush > FLUSH_INTERVAL_NANOS) {
            flush();
        }
    }

    /** Writes one line built with a Jackson generator. */
    public void line(JsonWriter writer) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(bytes)) {
            writer.write(generator);
        }
        line(bytes.toByteArray());
    }

    /** Sends everything written so far to the client. */
    public void flush() throws IOException {
        drain();
        output.flush();
        lastFlush = System.nanoTime();
    }

    private void drain() throws IOException {
        if (used > 0) {
            output.write(buffer, 0, used);
            used = 0;
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }

    /** Writes one JSON value with a generator. */
    @FunctionalInterface
    public interface JsonWriter {
        void write(JsonGenerator generator) throws IOException;
    }
}
