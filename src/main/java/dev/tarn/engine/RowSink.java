package dev.tarn.engine;

import java.io.IOException;

/** Receives rendered rows: a run of whole lines, each ending in a newline. */
@FunctionalInterface
public interface RowSink {
    void write(byte[] buffer, int offset, int length) throws IOException;
}
