package dev.tarn.writes;

import dev.tarn.engine.TableName;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one committed write did to one table: the operation, how many rows, and the row images
 * when some listener asked for them ({@link ChangeListener#wantsRows}). Live queries and topics
 * subscribe to these.
 *
 * <p>Images are column name to the value JDBC read (Long, String, BigDecimal, LocalDateTime …),
 * with every column of the table, system columns and a per-user table's owner column included.
 * {@code rows} are the rows after the write (INSERT, UPDATE), {@code oldRows} those before it
 * (UPDATE, aligned by index with {@code rows}; DELETE). {@code imagesComplete} is false when the
 * write did not capture its images (nobody asked, or more rows changed than the capture limit),
 * so a listener that needs them knows it must resynchronise instead of guessing.
 */
public record Change(TableName table, Operation operation, long rowCount, List<Map<String, Object>> rows,
                     List<Map<String, Object>> oldRows, boolean imagesComplete, String userName, Instant committedAt) {

    /** The kinds of change a write makes; an upsert is reported as an INSERT and an UPDATE. */
    public enum Operation { INSERT, UPDATE, DELETE, REPLACE, CREATE }

    public Change {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(committedAt, "committedAt");
        rows = List.copyOf(rows);
        oldRows = List.copyOf(oldRows);
        if (rowCount < 0) {
            throw new IllegalArgumentException("rowCount must not be negative");
        }
    }

    /** A change whose row images were not captured. */
    public static Change counted(TableName table, Operation operation, long rowCount, String userName) {
        return new Change(table, operation, rowCount, List.of(), List.of(), false, userName, Instant.now());
    }
}
