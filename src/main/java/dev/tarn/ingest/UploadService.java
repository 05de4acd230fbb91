package dev.tarn.ingest;

import dev.tarn.access.ScopedTables;
import dev.tarn.auth.Principal;
import dev.tarn.engine.Engine;
import dev.tarn.engine.Session;
import dev.tarn.writes.ReadYourWrites;
import dev.tarn.writes.RowVersions;
import dev.tarn.writes.WritePath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.time.Duration;

/**
 * Whole-file ingest for /upload and /upsert: the body streams to a staged file (never into
 * memory), DuckDB reads it from there in one transaction on the write path, and the staged file is
 * deleted whatever happens. A failed upload leaves the catalog as it was.
 */
public final class UploadService {
    private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);
    private static final Duration READ_YOUR_WRITES_TIMEOUT = Duration.ofSeconds(30);

    private final Engine engine;
    private final WritePath writes;
    private final ReadYourWrites readYourWrites;
    private final UploadStaging staging;
    private final TaskIds taskIds;
    private final ScopedTables perUserTables;
    private final RowVersions rowVersions;

    public UploadService(Engine engine, WritePath writes, ReadYourWrites readYourWrites, TaskIds taskIds, ScopedTables perUserTables,
                         RowVersions rowVersions) {
        this.perUserTables = perUserTables;
        this.rowVersions = rowVersions;
        this.engine = engine;
        this.taskIds = taskIds;
        this.writes = writes;
        this.readYourWrites = readYourWrites;
        this.staging = new UploadStaging(engine);
    }

    /** Loads the file in {@code body} into the request's table; returns once the rows are committed. */
    public UploadResult upload(Principal principal, UploadRequest request, InputStream body) {
        // the caller's earlier appends must be in their tables before this write reads or replaces them
        readYourWrites.await(principal.userName(), READ_YOUR_WRITES_TIMEOUT);
        PerUserTableWrites.refuse(perUserTables, request.table());
        refuseBeforeReading(request);
        long started = System.nanoTime();
        try (StagedFile file = staging.stage(request, body)) {
            long staged = System.nanoTime();
            long rows = writes.write(principal.userName(), transaction -> new TableLoader(transaction, request, file, rowVersions.keepsVersions(request.table())).load());
            LOG.info("event=upload_loaded table={} mode={} format={} gzip={} bytes={} rows={} staging_ms={} load_ms={}",
                    request.table(), request.mode().wireName(), file.format(), file.gzipCompressed(), file.bytes(), rows,
                    (staged - started) / 1_000_000, (System.nanoTime() - staged) / 1_000_000);
            return new UploadResult(taskIds.issueCompleted(), request.table(), request.mode(), rows);
        }
    }

    /**
     * Refuses what can be refused before a byte of the body is read (a missing catalog, a table to
     * create that exists, a table to append to that does not), so that a client that waits for
     * "100 Continue" does not send a large file for nothing. The transaction checks again.
     */
    private void refuseBeforeReading(UploadRequest request) {
        try (Session session = engine.openSession()) {
            TableLoader.checkTarget(session, request);
        }
    }
}
