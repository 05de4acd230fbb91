package dev.tarn.ask.nl.evaluation;

import dev.tarn.ask.nl.model.ColumnReference;
import dev.tarn.ask.nl.model.ColumnSchema;
import dev.tarn.ask.nl.model.DataType;
import dev.tarn.ask.nl.model.DatabaseSchema;
import dev.tarn.ask.nl.model.ForeignKey;
import dev.tarn.ask.nl.model.TableSchema;
import dev.tarn.ask.nl.model.ValueIndex;
import dev.tarn.ask.nl.sql.SqlDialect;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The question engine's input read from a DuckDB database's own catalog, the way a datasource's
 * metadata would give it: tables, columns and types, declared primary and foreign keys, comments as
 * descriptions, and the values of the text columns that have few distinct values (names of
 * things, statuses, countries; never e-mail addresses or free text).
 */
public final class DuckDbMetadata {
    /** A text column with more distinct values than this holds identifiers or prose, not names to filter on. */
    static final int MOST_INDEXED_VALUES = 1000;

    private DuckDbMetadata() {
    }

    public static DatabaseSchema schema(Connection connection) throws SQLException {
        List<TableSchema> tables = new ArrayList<>();
        Map<String, String> tableComments = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_name, coalesce(comment, '') FROM duckdb_tables() "
                     + "WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary ORDER BY table_name")) {
            while (rows.next()) tableComments.put(rows.getString(1), rows.getString(2));
        }
        for (var table : tableComments.entrySet()) {
            tables.add(new TableSchema(table.getKey(), table.getValue(), columns(connection, table.getKey()),
                    primaryKey(connection, table.getKey()), foreignKeys(connection, table.getKey())));
        }
        return new DatabaseSchema(SqlDialect.DUCKDB, tables);
    }

    public static ValueIndex values(Connection connection, DatabaseSchema schema) throws SQLException {
        Map<ColumnReference, List<String>> values = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (TableSchema table : schema.tables()) {
                for (ColumnSchema column : table.columns()) {
                    if (column.type() != DataType.TEXT) continue;
                    String from = " FROM " + quoted(table.name());
                    String name = quoted(column.name());
                    try (ResultSet count = statement.executeQuery("SELECT count(DISTINCT " + name + ")" + from)) {
                        count.next();
                        if (count.getLong(1) > MOST_INDEXED_VALUES) continue;
                    }
                    List<String> distinct = new ArrayList<>();
                    try (ResultSet rows = statement.executeQuery("SELECT DISTINCT " + name + from + " WHERE " + name + " IS NOT NULL ORDER BY 1")) {
                        while (rows.next()) distinct.add(rows.getString(1));
                    }
                    values.put(new ColumnReference(table.name(), column.name()), distinct);
                }
            }
        }
        return ValueIndex.of(values);
    }

    private static List<ColumnSchema> columns(Connection connection, String table) throws SQLException {
        List<ColumnSchema> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT column_name, data_type, coalesce(comment, '') "
                + "FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ? "
                + "ORDER BY column_index")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    columns.add(new ColumnSchema(rows.getString(1), DataType.fromSqlType(rows.getString(2)), rows.getString(3)));
                }
            }
        }
        return columns;
    }

    private static List<String> primaryKey(Connection connection, String table) throws SQLException {
        for (Object[] constraint : constraints(connection, table, "PRIMARY KEY")) {
            return strings((Array) constraint[0]);
        }
        return List.of();
    }

    private static List<ForeignKey> foreignKeys(Connection connection, String table) throws SQLException {
        List<ForeignKey> keys = new ArrayList<>();
        for (Object[] constraint : constraints(connection, table, "FOREIGN KEY")) {
            List<String> columns = strings((Array) constraint[0]);
            List<String> referenced = strings((Array) constraint[2]);
            // the engine follows single-column keys; a composite key is left for it to ignore
            if (columns.size() == 1 && referenced.size() == 1) {
                keys.add(new ForeignKey(columns.getFirst(), (String) constraint[1], referenced.getFirst()));
            }
        }
        return keys;
    }

    private static List<Object[]> constraints(Connection connection, String table, String type) throws SQLException {
        List<Object[]> constraints = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT constraint_column_names, referenced_table, "
                + "referenced_column_names FROM duckdb_constraints() WHERE database_name = current_database() "
                + "AND schema_name = 'main' AND table_name = ? AND constraint_type = ? ORDER BY constraint_index")) {
            statement.setString(1, table);
            statement.setString(2, type);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) constraints.add(new Object[]{rows.getArray(1), rows.getString(2), rows.getArray(3)});
            }
        }
        return constraints;
    }

    private static List<String> strings(Array array) throws SQLException {
        List<String> strings = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) strings.add(String.valueOf(value));
        return strings;
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
