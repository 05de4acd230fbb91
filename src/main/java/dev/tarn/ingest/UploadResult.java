package dev.tarn.ingest;

import dev.tarn.engine.TableName;

import java.util.Objects;
import java.util.UUID;

/** What an upload did: its task id (the work is done when the answer goes out), the table, the mode and how many rows the file carried. */
public record UploadResult(UUID taskId, TableName table, UploadMode mode, long rows) {
    public UploadResult {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(mode, "mode");
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative");
        }
    }
}
