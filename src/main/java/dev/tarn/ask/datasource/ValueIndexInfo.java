package dev.tarn.ask.datasource;

import java.time.Instant;
import java.util.Objects;

/**
 * A value index of one text field (contract section 1.6) and what it found.
 *
 * @param indexValueCount values kept in the index (distinct, capped)
 * @param valueCount      non-null values in the field
 * @param distinctCount   distinct non-null values in the field
 */
public record ValueIndexInfo(String id, String datasourceId, String schemaName, String tableName, String fieldName, String statusMessage,
                             long indexValueCount, long valueCount, long distinctCount, int minimumLength, int maximumLength,
                             double averageLength, Instant createdAt, Instant modifiedAt) {
    public ValueIndexInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(datasourceId, "datasourceId");
        Objects.requireNonNull(schemaName, "schemaName");
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(fieldName, "fieldName");
        statusMessage = statusMessage == null ? "" : statusMessage;
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(modifiedAt, "modifiedAt");
    }
}
