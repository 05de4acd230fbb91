package dev.tarn.engine.external;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a DuckDB catalog holds, read from DuckDB's own catalog functions; used for this server's
 * catalogs and for DuckDB database files alike. FOREIGN KEY constraints are read here because
 * DuckDB's driver does not answer {@code getImportedKeys}.
 */
final class DuckDbCatalog {
    static final String TABLES = "SELECT schema_name, table_name AS name, 'table' AS type, coalesce(comment, '') AS comment "
            + "FROM duckdb_tables() WHERE database_name = ? AND NOT internal AND NOT temporary "
            + "UNION ALL SELECT schema_name, view_name, 'view', coalesce(comment, '') FROM duckdb_views() "
            + "WHERE database_name = ? AND NOT internal AND NOT temporary ORDER BY 1, 2";
    static final String COLUMNS = "SELECT schema_name, table_name, column_name, data_type, coalesce(comment, '') AS comment "
            + "FROM duckdb_columns() WHERE database_name = ? AND NOT internal ORDER BY schema_name, table_name, column_index";
    static final String CONSTRAINTS = "SELECT schema_name, table_name, constraint_type, "
            + "array_to_string(constraint_column_names, chr(31)) AS columns, coalesce(referenced_table, '') AS referenced_table, "
            + "coalesce(array_to_string(referenced_column_names, chr(31)), '') AS referenced_columns "
            + "FROM duckdb_constraints() WHERE database_name = ? AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY') "
            + "ORDER BY schema_name, table_name, constraint_index";
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "pg_catalog");

    /** Runs one of the queries above with the catalog name for every parameter. */
    @FunctionalInterface
    interface Lookup {
        List<Map<String, Object>> rows(String sql, Object... parameters);
    }

    private DuckDbCatalog() {
    }

    static List<IntrospectedTable> introspect(Lookup lookup, String catalog, java.util.function.Predicate<String> schemaWanted) {
        Map<String, List<IntrospectedTable.Column>> columns = new LinkedHashMap<>();
        for (Map<String, Object> row : lookup.rows(COLUMNS, catalog)) {
            columns.computeIfAbsent(key(row.get("schema_name"), row.get("table_name")), k -> new ArrayList<>())
                    .add(new IntrospectedTable.Column(text(row.get("column_name")), text(row.get("data_type")), text(row.get("comment"))));
        }
        Map<String, List<String>> primaryKeys = new LinkedHashMap<>();
        Map<String, List<IntrospectedTable.ForeignKey>> foreignKeys = new LinkedHashMap<>();
        for (Map<String, Object> row : lookup.rows(CONSTRAINTS, catalog)) {
            String key = key(row.get("schema_name"), row.get("table_name"));
            List<String> keyColumns = List.of(text(row.get("columns")).split("\u001f"));
            if ("PRIMARY KEY".equals(row.get("constraint_type"))) {
                primaryKeys.put(key, keyColumns);
            } else {
                List<String> referenced = List.of(text(row.get("referenced_columns")).split("\u001f"));
                for (int i = 0; i < keyColumns.size() && i < referenced.size(); i++) {
                    foreignKeys.computeIfAbsent(key, k -> new ArrayList<>()).add(new IntrospectedTable.ForeignKey(keyColumns.get(i),
                            text(row.get("schema_name")), text(row.get("referenced_table")), referenced.get(i)));
                }
            }
        }
        List<IntrospectedTable> tables = new ArrayList<>();
        for (Map<String, Object> row : lookup.rows(TABLES, catalog, catalog)) {
            String schema = text(row.get("schema_name"));
            if (SYSTEM_SCHEMAS.contains(schema) || !schemaWanted.test(schema)) {
                continue;
            }
            String key = key(schema, row.get("name"));
            tables.add(new IntrospectedTable(schema, text(row.get("name")), text(row.get("type")), text(row.get("comment")),
                    columns.getOrDefault(key, List.of()), primaryKeys.getOrDefault(key, List.of()), foreignKeys.getOrDefault(key, List.of())));
        }
        return tables;
    }

    private static String key(Object schema, Object table) {
        return schema + "\u001f" + table;
    }

    private static String text(Object value) {
        return Objects.toString(value, "");
    }
}
