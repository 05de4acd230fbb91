package dev.tarn.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An uploaded file on disk in the engine's staging folder, where DuckDB may read it: its format,
 * whether it is still gzip-compressed (DuckDB decompresses CSV and JSON itself), and for CSV the
 * delimiter. Closing it deletes the file.
 */
public record StagedFile(Path path, FileFormat format, boolean gzipCompressed, CsvDialect csvDialect, long bytes) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StagedFile.class);

    public StagedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(csvDialect, "csvDialect");
        if (gzipCompressed && format == FileFormat.PARQUET) {
            throw new IllegalArgumentException("Parquet is staged decompressed: DuckDB cannot read gzip-wrapped Parquet");
        }
    }

    @Override
    public void close() {
        delete(path);
    }

    /** Deletes a staged file; a failure is logged, since the engine clears the staging folder at the next start anyway. */
    static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("event=staged_file_not_deleted path={} message=\"{}\"", path, e.getMessage());
        }
    }
}
