package dev.tarn.ingest;

import dev.tarn.engine.TableName;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An upload or upsert as the HTTP layer read it from the query string and headers: the target
 * table, the mode, what the client said about the format, and for upserts the key and cursor columns.
 */
public record UploadRequest(TableName table, UploadMode mode, Optional<String> contentType, Optional<String> formatHint,
                            List<String> primaryKey, List<String> cursorFields) {
    public UploadRequest {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(formatHint, "formatHint");
        primaryKey = List.copyOf(primaryKey);
        cursorFields = List.copyOf(cursorFields);
        if (primaryKey.stream().anyMatch(String::isBlank) || cursorFields.stream().anyMatch(String::isBlank)) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "Column names in primary_key and cursor_field must not be blank");
        }
        if (mode == UploadMode.UPSERT && primaryKey.isEmpty()) {
            throw new TarnException(ErrorCode.MISSING_FIELD, "A primary_key is required for the upsert mode");
        }
    }
}
