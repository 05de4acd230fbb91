package dev.tarn.writes;

import dev.tarn.engine.TableName;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one committed write did to one table: the operation, how many rows, and, where the write
 * path has them at hand (appends), the rows themselves. Live queries and topics subscribe to these.
 */
public record Change(TableName table, Operation operation, long rowCount, List<Map<String, Object>> rows, String userName, Instant committedAt) {

    /** The kinds of change a write makes. */
    public enum Operation { INSERT, UPDATE, UPSERT, REPLACE, CREATE, DELETE }

    public Change {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(committedAt, "committedAt");
        rows = List.copyOf(rows);
        if (rowCount < 0) {
            throw new IllegalArgumentException("rowCount must not be negative");
        }
    }
}
