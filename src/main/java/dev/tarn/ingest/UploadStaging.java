package dev.tarn.ingest;

import dev.tarn.engine.Engine;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streams an upload body into a file in the engine's staging folder through one fixed buffer, so a
 * body of any size passes with flat memory. The first bytes decide the format (see
 * {@link FormatDetection}); gzip bodies are detected by their magic bytes and stay compressed for
 * CSV and JSON, which DuckDB decompresses while reading, but are inflated here for Parquet.
 */
public final class UploadStaging {
    /** How much of the body's start is looked at to detect the format and the CSV delimiter. */
    static final int HEAD_BYTES = 64 * 1024;
    private static final int COPY_BUFFER_BYTES = 1024 * 1024;

    private final Engine engine;

    public UploadStaging(Engine engine) {
        this.engine = engine;
    }

    /** Writes {@code body} to a new staged file; the caller closes the result to delete it. */
    public StagedFile stage(UploadRequest request, InputStream body) {
        InputStream network = new NetworkInput(body);
        byte[] buffer = new byte[COPY_BUFFER_BYTES];
        int headLength = readFully(network, buffer, HEAD_BYTES);
        if (headLength == 0) {
            throw new TarnException(ErrorCode.EMPTY_BODY, ErrorCode.EMPTY_BODY.defaultMessage());
        }
        boolean gzip = headLength >= 2 && (buffer[0] & 0xFF) == 0x1F && (buffer[1] & 0xFF) == 0x8B;
        byte[] plainHead = gzip ? inflatedHead(buffer, headLength) : buffer;
        int plainLength = gzip ? plainHead.length : headLength;
        if (FormatDetection.firstSignificantByte(plainHead, plainLength) < 0) {
            // nothing but white space (or a byte order mark) in the whole head: there is no file to read
            throw new TarnException(ErrorCode.EMPTY_BODY, ErrorCode.EMPTY_BODY.defaultMessage());
        }
        FileFormat format = FormatDetection.detect(request.contentType(), request.formatHint(), plainHead, plainLength);
        CsvDialect dialect = format == FileFormat.CSV ? CsvDialect.of(plainHead, plainLength) : CsvDialect.COMMA;
        boolean inflateWhileStaging = gzip && format == FileFormat.PARQUET;
        boolean stagedCompressed = gzip && !inflateWhileStaging;
        Path path = engine.stagingFile(format.suffix() + (stagedCompressed ? ".gz" : ""));
        try (OutputStream file = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long bytes;
            if (inflateWhileStaging) {
                InputStream whole = new SequenceInputStream(new ByteArrayInputStream(buffer, 0, headLength), network);
                bytes = copy(inflating(whole), file, buffer, 0);
            } else {
                write(file, buffer, headLength);
                bytes = copy(network, file, buffer, headLength);
            }
            return new StagedFile(path, format, stagedCompressed, dialect, bytes);
        } catch (IOException e) {
            StagedFile.delete(path);
            throw new TarnException(ErrorCode.STAGING_FAILED, "The upload could not be written to the staging folder: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            StagedFile.delete(path);
            throw e;
        }
    }

    /** Copies the rest of {@code from} to {@code to}; returns the bytes written in all, {@code already} included. */
    private static long copy(InputStream from, OutputStream to, byte[] buffer, long already) {
        long total = already;
        while (true) {
            int read = readFully(from, buffer, buffer.length);
            if (read == 0) {
                return total;
            }
            write(to, buffer, read);
            total += read;
        }
    }

    /** Reads until {@code wanted} bytes or the end; 0 only at the end. */
    private static int readFully(InputStream from, byte[] buffer, int wanted) {
        try {
            return from.readNBytes(buffer, 0, wanted);
        } catch (ZipException | EOFException e) {
            // only the gzip layer throws these here: the network layer turns its failures into INCOMPLETE_BODY
            throw new TarnException(ErrorCode.UNREADABLE_FILE, "The gzip-compressed body is not valid gzip (" + e.getMessage()
                    + "): send a complete gzip file, or the file uncompressed");
        } catch (IOException e) {
            throw new TarnException(ErrorCode.UNREADABLE_FILE, "The gzip-compressed body cannot be read: " + e.getMessage());
        }
    }

    private static void write(OutputStream to, byte[] buffer, int length) {
        try {
            to.write(buffer, 0, length);
        } catch (IOException e) {
            throw new TarnException(ErrorCode.STAGING_FAILED, "The upload could not be written to the staging folder: " + e.getMessage(), e);
        }
    }

    private static InputStream inflating(InputStream compressed) {
        try {
            return new GZIPInputStream(compressed, 64 * 1024);
        } catch (ZipException | EOFException e) {
            throw new TarnException(ErrorCode.UNREADABLE_FILE, "The gzip-compressed body is not valid gzip (" + e.getMessage()
                    + "): send a complete gzip file, or the file uncompressed");
        } catch (IOException e) {
            throw new TarnException(ErrorCode.UNREADABLE_FILE, "The gzip-compressed body cannot be read: " + e.getMessage());
        }
    }

    /**
     * The decompressed start of a gzip body, from its first compressed bytes alone: enough to detect
     * the format. Running out of input is expected (the head is a prefix of the stream).
     */
    private static byte[] inflatedHead(byte[] buffer, int headLength) {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        boolean cutShort = false;
        try (InputStream inflater = new GZIPInputStream(new ByteArrayInputStream(buffer, 0, headLength))) {
            byte[] chunk = new byte[8192];
            int read;
            while (plain.size() < HEAD_BYTES && (read = inflater.read(chunk, 0, Math.min(chunk.length, HEAD_BYTES - plain.size()))) > 0) {
                plain.write(chunk, 0, read);
            }
        } catch (EOFException e) {
            cutShort = true;
        } catch (IOException e) {
            throw new TarnException(ErrorCode.UNREADABLE_FILE, "The body starts like gzip but is not valid gzip (" + e.getMessage()
                    + "): send a complete gzip file, or the file uncompressed");
        }
        if (plain.size() == 0) {
            throw cutShort
                    ? new TarnException(ErrorCode.UNREADABLE_FILE, "The gzip-compressed body ends before any data: send a complete gzip file")
                    : new TarnException(ErrorCode.EMPTY_BODY, ErrorCode.EMPTY_BODY.defaultMessage());
        }
        return plain.toByteArray();
    }

    /**
     * The request body, with its read failures (the client went away, a broken chunked encoding)
     * reported as the caller's incomplete upload, apart from failures of the gzip layer above it.
     */
    private static final class NetworkInput extends FilterInputStream {
        NetworkInput(InputStream body) {
            super(body);
        }

        @Override
        public int read() {
            try {
                return super.read();
            } catch (IOException e) {
                throw incomplete(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                throw incomplete(e);
            }
        }

        private static TarnException incomplete(IOException e) {
            return new TarnException(ErrorCode.INCOMPLETE_BODY,
                    "The upload ended before the whole file arrived (" + e.getMessage() + "); send it again");
        }
    }
}
