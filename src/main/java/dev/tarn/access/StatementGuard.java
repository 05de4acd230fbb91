package dev.tarn.access;

import dev.tarn.auth.Principal;
import dev.tarn.engine.SqlScript;
import dev.tarn.engine.SqlToken;
import dev.tarn.engine.StatementKind;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a principal may run a statement at all, before it reaches the engine.
 * <p>
 * The engine already refuses every file and network access outside its own staging and catalog
 * folders, for everyone. For users who are not administrators this guard adds two more walls:
 * statements that act on the engine itself (COPY, ATTACH, INSTALL, LOAD, SET, PRAGMA, …) are refused,
 * and so is any call of a function that reads files or runs SQL given as text, and any string that
 * points into the engine's own folders. The check works on tokens, so it holds inside subqueries,
 * CTEs, macros and every statement kind alike.
 */
public final class StatementGuard {
    /** Functions that read files, reach other databases, or run SQL handed to them as a string. */
    private static final Set<String> FILE_AND_DYNAMIC_FUNCTIONS = Set.of(
            "read_csv", "read_csv_auto", "sniff_csv", "read_json", "read_json_auto", "read_json_objects",
            "read_json_objects_auto", "read_ndjson", "read_ndjson_auto", "read_ndjson_objects", "read_parquet",
            "parquet_scan", "parquet_metadata", "parquet_schema", "parquet_file_metadata", "parquet_kv_metadata",
            "parquet_bloom_probe", "read_text", "read_blob", "glob", "read_xlsx", "iceberg_scan", "iceberg_metadata",
            "iceberg_snapshots", "delta_scan", "sqlite_scan", "sqlite_attach", "postgres_scan", "postgres_attach",
            "postgres_query", "mysql_scan", "mysql_query", "query", "query_table", "json_execute_serialized_sql",
            "getenv", "read_duckdb");

    /** Tarn keeps bookkeeping (which appends are applied) in a schema of this name in each catalog. */
    private static final String INTERNAL_SCHEMA = "_tarn";

    private static final List<String> ENGINE_PATH_MARKERS = List.of("staging/", "catalogs/", "system/", "pipes/", ".duckdb", ".wal");

    /** Throws PERMISSION_DENIED when the principal may not run this statement. */
    public void check(Principal principal, SqlScript.Statement statement) {
        if (principal.isAdministrator()) {
            return;
        }
        StatementKind kind = statement.kind();
        if (kind == StatementKind.SYSTEM || kind == StatementKind.OTHER) {
            String keyword = statement.token(0).map(SqlToken::text).orElse("this").toUpperCase(Locale.ROOT);
            throw denied(keyword + " statements are reserved for administrators (role dba or system)");
        }
        List<SqlToken> tokens = statement.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            boolean calledAsFunction = i + 1 < tokens.size() && tokens.get(i + 1).text().equals("(");
            if (calledAsFunction && (token.type() == SqlToken.Type.WORD || token.type() == SqlToken.Type.QUOTED_IDENTIFIER)
                    && FILE_AND_DYNAMIC_FUNCTIONS.contains(token.identifier().toLowerCase(Locale.ROOT))) {
                throw denied("the function " + token.identifier() + "() reads files or runs SQL text; only administrators may call it");
            }
            if ((token.type() == SqlToken.Type.WORD || token.type() == SqlToken.Type.QUOTED_IDENTIFIER)
                    && token.identifier().equalsIgnoreCase(INTERNAL_SCHEMA)) {
                throw denied("the schema " + INTERNAL_SCHEMA + " holds Tarn's own bookkeeping; only administrators may touch it");
            }
            if ((token.type() == SqlToken.Type.STRING || token.type() == SqlToken.Type.QUOTED_IDENTIFIER) && pointsIntoEngine(token.identifier())) {
                throw denied("file access from SQL is not allowed");
            }
        }
    }

    private static boolean pointsIntoEngine(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replace('\\', '/');
        return ENGINE_PATH_MARKERS.stream().anyMatch(lower::contains);
    }

    private static TarnException denied(String reason) {
        return new TarnException(ErrorCode.PERMISSION_DENIED, "Permission Error: " + reason);
    }
}
