package dev.tarn.engine;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DuckDB's own parser, offered to the layers above: a query to its syntax tree as JSON
 * ({@code json_serialize_sql}) and a tree back to SQL ({@code json_deserialize_sql}). Statement
 * rewriting works on these trees so that what it inspects is exactly what the engine will run.
 * Each call uses a short-lived internal session outside the request pool, so it can be called while a request holds its own.
 */
public final class SyntaxTrees {
    private final Engine engine;

    public SyntaxTrees(Engine engine) {
        this.engine = engine;
    }

    /**
     * The syntax tree of {@code sql} as DuckDB's JSON text. DuckDB reports a statement it cannot parse
     * or serialise inside the JSON ({@code "error": true}) rather than by failing, so callers read that field.
     */
    public String toJson(String sql) {
        try (Session session = engine.openInternalSession()) {
            return single(session.rows("SELECT json_serialize_sql(?::VARCHAR)::VARCHAR AS tree", sql), "tree");
        }
    }

    /** The SQL text of a syntax tree given as DuckDB's JSON; fails when the tree is not one DuckDB can read. */
    public String toSql(String json) {
        try (Session session = engine.openInternalSession()) {
            return single(session.rows("SELECT json_deserialize_sql(?::JSON) AS statement", json), "statement");
        }
    }

    /** The names of a table's columns in their order, or empty when the table does not exist. */
    public Optional<List<String>> columnNames(TableName table) {
        // Exact, case-insensitive comparison: LIKE patterns would let the underscores in names match any character.
        try (Session session = engine.openInternalSession()) {
            List<String> names = session.rows("SELECT column_name FROM duckdb_columns() WHERE lower(database_name) = lower(?) "
                            + "AND lower(schema_name) = lower(?) AND lower(table_name) = lower(?) ORDER BY column_index",
                    table.catalog(), table.schema(), table.table()).stream().map(row -> String.valueOf(row.get("column_name"))).toList();
            return names.isEmpty() ? Optional.empty() : Optional.of(names);
        }
    }

    private static String single(List<Map<String, Object>> rows, String column) {
        if (rows.size() != 1 || rows.get(0).get(column) == null) {
            throw new TarnException(ErrorCode.INTERNAL_ERROR, "the engine returned no syntax tree");
        }
        return String.valueOf(rows.get(0).get(column));
    }
}
