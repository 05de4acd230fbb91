package dev.tarn.access;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * DuckDB functions that reach table rows without naming the table where a parser sees a table:
 * they take the table name, or a whole query, as a string. Row scoping cannot rewrite inside a
 * string, so these are refused whenever they could reach a per-user table.
 */
final class RowReadingFunctions {
    /**
     * Run SQL given as text, read a database file directly, or copy a whole database (the PRAGMA forms
     * of COPY FROM DATABASE and IMPORT DATABASE): nothing tells which tables they read, or they read all.
     */
    private static final Set<String> ALWAYS_REFUSED = Set.of("query", "json_execute_serialized_sql", "read_duckdb",
            "copy_database", "import_database");

    /**
     * Read a table named by a string argument: its rows (query_table), a sample of them
     * (duckdb_table_sample), per-segment minimum and maximum values (storage_info) or its columns,
     * the hidden owner column included (table_info, show). The bare names are their PRAGMA forms.
     */
    private static final Set<String> TABLE_NAME_READERS = Set.of("query_table", "duckdb_table_sample",
            "pragma_storage_info", "storage_info", "pragma_table_info", "table_info", "pragma_show", "show");

    /**
     * Report how many rows each table holds (duckdb_tables' estimated_size), which for a per-user
     * table counts every user's rows: how many orders a competitor has is itself their data.
     */
    private static final Set<String> ROW_COUNTERS = Set.of("duckdb_tables");

    private RowReadingFunctions() {
    }

    static boolean countsEveryonesRows(String functionName) {
        return ROW_COUNTERS.contains(functionName.toLowerCase(Locale.ROOT));
    }

    static boolean alwaysRefused(String functionName) {
        return ALWAYS_REFUSED.contains(functionName.toLowerCase(Locale.ROOT));
    }

    static boolean readsTableNamedByString(String functionName) {
        return TABLE_NAME_READERS.contains(functionName.toLowerCase(Locale.ROOT));
    }

    /** Every function name this class knows of, for tests that classify all of DuckDB's table functions. */
    static Set<String> all() {
        return Stream.of(ALWAYS_REFUSED, TABLE_NAME_READERS, ROW_COUNTERS).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    }
}
