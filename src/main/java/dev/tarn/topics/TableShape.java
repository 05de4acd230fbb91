package dev.tarn.topics;

import dev.tarn.engine.Engine;
import dev.tarn.engine.Session;
import dev.tarn.engine.TableName;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A source table's columns (name and DuckDB type, in table order) and its primary key, as the engine describes them. */
record TableShape(TableName table, List<String> columnNames, List<String> columnTypes, List<String> primaryKey) {
    TableShape {
        columnNames = List.copyOf(columnNames);
        columnTypes = List.copyOf(columnTypes);
        primaryKey = List.copyOf(primaryKey);
    }

    /** Reads the shape on an internal session (the writer calling in may hold a pooled one already). */
    static TableShape read(Engine engine, TableName table) {
        try (Session session = engine.openInternalSession()) {
            return read(session, table);
        }
    }

    static TableShape read(Session session, TableName table) {
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (Map<String, Object> row : session.rows("SELECT column_name, data_type FROM duckdb_columns() WHERE lower(database_name) = lower(?) "
                + "AND lower(schema_name) = lower(?) AND lower(table_name) = lower(?) ORDER BY column_index", table.catalog(), table.schema(), table.table())) {
            names.add((String) row.get("column_name"));
            types.add((String) row.get("data_type"));
        }
        if (names.isEmpty()) {
            throw new TarnException(ErrorCode.SQL_ERROR, "Table '" + displayName(table) + "' does not exist");
        }
        List<String> key = new ArrayList<>();
        for (Map<String, Object> row : session.rows("SELECT unnest(constraint_column_names) AS column_name FROM duckdb_constraints() "
                + "WHERE lower(database_name) = lower(?) AND lower(schema_name) = lower(?) AND lower(table_name) = lower(?) "
                + "AND constraint_type = 'PRIMARY KEY'", table.catalog(), table.schema(), table.table())) {
            key.add((String) row.get("column_name"));
        }
        return new TableShape(table, names, types, key);
    }

    /** namespace.table for the realtime API's tables (catalog memory), catalog.schema.table otherwise. */
    static String displayName(TableName table) {
        return table.catalog().equalsIgnoreCase(Engine.DEFAULT_CATALOG) ? table.schema() + "." + table.table() : table.toString();
    }
}
