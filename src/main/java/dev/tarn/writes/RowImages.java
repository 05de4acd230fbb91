package dev.tarn.writes;

import dev.tarn.engine.TableName;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Row images as changes carry them, and the changes a set of images before and after a write makes. */
public final class RowImages {
    private RowImages() {
    }

    /** Rows read from the engine as images: the first {@code columns.size()} values of each, by column name. */
    public static List<Map<String, Object>> of(List<Object[]> rows, List<String> columns) {
        return of(rows, columns, 0);
    }

    /** The same, with the table's columns starting at {@code offset} in each row. */
    public static List<Map<String, Object>> of(List<Object[]> rows, List<String> columns, int offset) {
        List<Map<String, Object>> images = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Map<String, Object> image = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                image.put(columns.get(i), row[offset + i]);
            }
            images.add(image);
        }
        return images;
    }

    /** A change whose images were captured. */
    public static Change change(TableName table, Change.Operation operation, List<Map<String, Object>> rows,
                                List<Map<String, Object>> oldRows, String userName) {
        return new Change(table, operation, Math.max(rows.size(), oldRows.size()), rows, oldRows, true, userName, Instant.now());
    }

    /**
     * The changes of a write that replaced {@code before} by {@code after}, matched by {@code key}:
     * matched rows are updates, rows only before are deletes, rows only after are inserts. Without a
     * key nothing can be matched, so every row before is a delete and every row after an insert.
     */
    public static List<Change> updated(TableName table, List<String> key, List<Map<String, Object>> before,
                                       List<Map<String, Object>> after, String userName) {
        List<Map<String, Object>> updatedOld = new ArrayList<>();
        List<Map<String, Object>> updatedNew = new ArrayList<>();
        List<Map<String, Object>> deleted = new ArrayList<>();
        List<Map<String, Object>> inserted = new ArrayList<>(key.isEmpty() ? after : List.of());
        if (key.isEmpty()) {
            deleted.addAll(before);
        } else {
            Map<List<Object>, Map<String, Object>> beforeByKey = new HashMap<>();
            for (Map<String, Object> row : before) {
                beforeByKey.put(keyOf(row, key), row);
            }
            for (Map<String, Object> row : after) {
                Map<String, Object> old = beforeByKey.remove(keyOf(row, key));
                if (old == null) {
                    inserted.add(row);
                } else {
                    updatedOld.add(old);
                    updatedNew.add(row);
                }
            }
            deleted.addAll(beforeByKey.values());
        }
        List<Change> changes = new ArrayList<>();
        if (!updatedNew.isEmpty()) {
            changes.add(change(table, Change.Operation.UPDATE, updatedNew, updatedOld, userName));
        }
        if (!deleted.isEmpty()) {
            changes.add(change(table, Change.Operation.DELETE, List.of(), deleted, userName));
        }
        if (!inserted.isEmpty()) {
            changes.add(change(table, Change.Operation.INSERT, inserted, List.of(), userName));
        }
        return changes;
    }

    private static List<Object> keyOf(Map<String, Object> row, List<String> key) {
        List<Object> values = new ArrayList<>(key.size());
        for (String column : key) {
            values.add(row.get(column));
        }
        return values;
    }
}
