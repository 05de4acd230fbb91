package dev.tarn.access;

import java.util.Locale;
import java.util.Set;

/**
 * Functions that reach past the tables of a datasource: they read or write files, open connections to
 * other databases, run SQL given as text, load code or stall the server. A question's SQL must read
 * only tables, so any call of one, in any clause, refuses the query. The list covers the four dialects
 * row filters are written for; table-valued functions in FROM are refused whatever their name.
 */
final class ExternalReadFunctions {
    private static final Set<String> REFUSED = Set.of(
            // DuckDB: file and remote readers, SQL in strings, other databases, the environment
            "read_csv", "read_csv_auto", "read_parquet", "parquet_scan", "parquet_metadata", "parquet_schema", "read_json",
            "read_json_auto", "read_json_objects", "read_json_objects_auto", "read_ndjson", "read_ndjson_auto", "read_ndjson_objects",
            "read_text", "read_blob", "read_xlsx", "sniff_csv", "glob", "query", "query_table", "iceberg_scan", "delta_scan",
            "sqlite_scan", "sqlite_attach", "postgres_scan", "postgres_query", "postgres_attach", "mysql_scan", "mysql_query",
            "read_duckdb", "getenv", "json_execute_serialized_sql", "load", "install", "current_setting", "duckdb_secrets",
            // PostgreSQL: server files, large objects, other servers, delays
            "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "pg_ls_logdir", "pg_ls_waldir", "pg_ls_tmpdir",
            "pg_ls_archive_statusdir", "lo_import", "lo_export", "lo_get", "lo_put", "lo_from_bytea", "lo_open", "loread", "lowrite",
            "dblink", "dblink_exec", "dblink_connect", "dblink_connect_u", "dblink_send_query", "dblink_get_result",
            "pg_sleep", "pg_sleep_for", "pg_sleep_until", "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf",
            "set_config", "query_to_xml", "query_to_xml_and_xmlschema", "table_to_xml", "cursor_to_xml", "database_to_xml", "schema_to_xml",
            // MySQL and MariaDB: server files, delays
            "load_file", "sleep", "benchmark", "sys_exec", "sys_eval",
            // SQLite: code loading and the shell's file functions
            "load_extension", "readfile", "writefile", "edit", "fts3_tokenizer");

    private ExternalReadFunctions() {
    }

    /** True for a refused function; {@code name} may be schema-qualified ({@code pg_catalog.pg_read_file}). */
    static boolean refused(String name) {
        String bare = name.substring(name.lastIndexOf('.') + 1).replace("\"", "").replace("`", "");
        return REFUSED.contains(bare.toLowerCase(Locale.ROOT));
    }
}
