package dev.tarn.ingest;

import dev.tarn.engine.Column;
import dev.tarn.engine.SqlQuoting;
import dev.tarn.engine.TableName;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SQL of one upsert: the file's rows, reduced to one per key, merged into the table.
 * <p>
 * Within the file, the row with the greatest cursor wins a key (a null cursor never beats a non-null
 * one), and among equal cursors, or without a cursor, the last occurrence; the source is a table
 * that keeps the file's order, so its rowid is that order. Against the table, a matched row is
 * updated, by name, in the file's non-key columns only when the incoming cursor is greater,
 * compared field by field (lexicographically) with null below every value; with no cursor every
 * match is updated. Unmatched rows are inserted. Keys match with IS NOT DISTINCT FROM, so a null
 * key is one key like the grouping within the file treats it. MERGE needs no key constraint on the table.
 */
record UpsertPlan(TableName table, ColumnSet fileColumns, List<Column> key, List<Column> cursor, boolean versionedTable) {
    private static final String TARGET = "tarn_target";
    private static final String SOURCE = "tarn_source";
    /** The row version of the realtime dialect's tables: a live query resumes by it, so every update sets it anew. */
    private static final String VERSION_COLUMN = "_seq";

    UpsertPlan {
        key = List.copyOf(key);
        cursor = List.copyOf(cursor);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("an upsert needs a key");
        }
    }

    /** Resolves the key and cursor names against the file's columns; 400 naming a column the file lacks. */
    static UpsertPlan of(TableName table, ColumnSet fileColumns, List<String> keyNames, List<String> cursorNames, boolean versionedTable) {
        if (versionedTable && fileColumns.find(VERSION_COLUMN).isPresent()) {
            throw new TarnException(ErrorCode.INCOMPATIBLE_FILE, "The file has a " + VERSION_COLUMN + " column, the row version that "
                    + table + " sets itself; remove the column from the file");
        }
        return new UpsertPlan(table, fileColumns, resolve(fileColumns, keyNames, "primary_key"), resolve(fileColumns, cursorNames, "cursor_field"),
                versionedTable);
    }

    private static List<Column> resolve(ColumnSet fileColumns, List<String> names, String parameter) {
        Map<String, Column> resolved = new LinkedHashMap<>();
        for (String name : names) {
            Column column = fileColumns.find(name).orElseThrow(() -> new TarnException(ErrorCode.UNKNOWN_COLUMN,
                    "The " + parameter + " column '" + name + "' is not in the file; the file's columns are: " + fileColumns.names()));
            resolved.putIfAbsent(column.name().toLowerCase(Locale.ROOT), column);
        }
        return new ArrayList<>(resolved.values());
    }

    /** The rows of {@code source} (a table in file order), one per key. */
    String deduplicated(String source) {
        List<String> order = new ArrayList<>();
        for (Column column : cursor) {
            order.add(SqlQuoting.identifier(column.name()) + " DESC NULLS LAST");
        }
        order.add("rowid DESC");
        return "SELECT * FROM " + source + " QUALIFY row_number() OVER (PARTITION BY "
                + key.stream().map(column -> SqlQuoting.identifier(column.name())).collect(Collectors.joining(", "))
                + " ORDER BY " + String.join(", ", order) + ") = 1";
    }

    /** The table's rows that the MERGE of {@code source} will match, as the table has them now. */
    String matchedRows(String source) {
        return "SELECT " + TARGET + ".* FROM " + table.sql() + " AS " + TARGET + " WHERE EXISTS (SELECT 1 FROM " + source + " AS " + SOURCE
                + " WHERE " + key.stream().map(column -> qualified(TARGET, column) + " IS NOT DISTINCT FROM " + qualified(SOURCE, column))
                .collect(Collectors.joining(" AND ")) + ")";
    }

    /** The MERGE of {@code source} (a table in file order) into the table. */
    String merge(String source) {
        StringBuilder sql = new StringBuilder("MERGE INTO ").append(table.sql()).append(" AS ").append(TARGET)
                .append("\nUSING (").append(deduplicated(source)).append(") AS ").append(SOURCE)
                .append("\nON (").append(key.stream().map(column -> qualified(TARGET, column) + " IS NOT DISTINCT FROM " + qualified(SOURCE, column))
                        .collect(Collectors.joining(" AND "))).append(")");
        List<Column> updated = fileColumns.columns().stream().filter(column -> !isKey(column)).toList();
        if (!updated.isEmpty()) {
            // a key-only file has nothing to update: it only inserts the keys the table lacks
            sql.append("\nWHEN MATCHED");
            if (!cursor.isEmpty()) {
                sql.append(" AND (").append(incomingCursorIsGreater()).append(")");
            }
            sql.append(" THEN UPDATE SET ").append(updated.stream()
                    .map(column -> SqlQuoting.identifier(column.name()) + " = " + qualified(SOURCE, column))
                    .collect(Collectors.joining(", ")));
            if (versionedTable) {
                sql.append(", ").append(SqlQuoting.identifier(VERSION_COLUMN)).append(" = memory.main.snowflake_id()");
            }
        }
        sql.append("\nWHEN NOT MATCHED THEN INSERT (")
                .append(fileColumns.columns().stream().map(column -> SqlQuoting.identifier(column.name())).collect(Collectors.joining(", ")))
                .append(") VALUES (")
                .append(fileColumns.columns().stream().map(column -> qualified(SOURCE, column)).collect(Collectors.joining(", ")))
                .append(")");
        return sql.toString();
    }

    /**
     * (s1, s2, …) > (t1, t2, …) field by field, a null below every value: the first field that
     * differs decides, and a field is greater when it is set and the other is null or smaller.
     */
    private String incomingCursorIsGreater() {
        List<String> alternatives = new ArrayList<>();
        for (int i = 0; i < cursor.size(); i++) {
            List<String> conditions = new ArrayList<>();
            for (int before = 0; before < i; before++) {
                conditions.add(qualified(SOURCE, cursor.get(before)) + " IS NOT DISTINCT FROM " + qualified(TARGET, cursor.get(before)));
            }
            String incoming = qualified(SOURCE, cursor.get(i));
            String existing = qualified(TARGET, cursor.get(i));
            conditions.add("(" + incoming + " IS NOT NULL AND (" + existing + " IS NULL OR " + incoming + " > " + existing + "))");
            alternatives.add("(" + String.join(" AND ", conditions) + ")");
        }
        return String.join(" OR ", alternatives);
    }

    private boolean isKey(Column column) {
        return key.stream().anyMatch(keyColumn -> keyColumn.name().equalsIgnoreCase(column.name()));
    }

    private static String qualified(String alias, Column column) {
        return alias + "." + SqlQuoting.identifier(column.name());
    }
}
