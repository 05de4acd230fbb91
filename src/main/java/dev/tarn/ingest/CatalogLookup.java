package dev.tarn.ingest;

import dev.tarn.engine.Column;
import dev.tarn.engine.Session;
import dev.tarn.engine.TableName;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the engine's catalog holds, asked inside the caller's session (so inside its transaction), names matched without regard to case. */
final class CatalogLookup {
    private CatalogLookup() {
    }

    static boolean catalogExists(Session session, String catalog) {
        return !session.rows("SELECT 1 FROM duckdb_databases() WHERE NOT internal AND lower(database_name) = lower(?)", catalog).isEmpty();
    }

    /** The columns of a base table, in order; empty when there is no such table. */
    static Optional<ColumnSet> tableColumns(Session session, TableName table) {
        boolean exists = !session.rows("""
                SELECT 1 FROM duckdb_tables()
                WHERE lower(database_name) = lower(?) AND lower(schema_name) = lower(?) AND lower(table_name) = lower(?)
                """, table.catalog(), table.schema(), table.table()).isEmpty();
        if (!exists) {
            return Optional.empty();
        }
        List<Map<String, Object>> rows = session.rows("""
                SELECT column_name, data_type FROM duckdb_columns()
                WHERE lower(database_name) = lower(?) AND lower(schema_name) = lower(?) AND lower(table_name) = lower(?)
                ORDER BY column_index
                """, table.catalog(), table.schema(), table.table());
        return Optional.of(new ColumnSet(rows.stream()
                .map(row -> new Column(String.valueOf(row.get("column_name")), String.valueOf(row.get("data_type"))))
                .toList()));
    }
}
