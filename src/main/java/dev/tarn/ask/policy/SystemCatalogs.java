package dev.tarn.ask.policy;

import java.util.Locale;
import java.util.Set;

/**
 * The databases' own catalogs: under a role they are never readable, whatever the policies' patterns,
 * because they describe every table (PostgreSQL's pg_stats even holds the most common values of each
 * column) and an empty schema pattern would otherwise cover them. PostgreSQL searches pg_catalog before
 * any schema, so an unqualified {@code pg_class} is the catalog's: names with these prefixes count too.
 */
final class SystemCatalogs {
    private static final Set<String> SCHEMAS = Set.of("pg_catalog", "information_schema", "pg_toast", "mysql", "performance_schema",
            "sys", "system", "temp");
    private static final Set<String> TABLE_PREFIXES = Set.of("pg_", "sqlite_", "duckdb_");

    private SystemCatalogs() {
    }

    static boolean covers(String schema, String table) {
        String lowerTable = table.toLowerCase(Locale.ROOT);
        return SCHEMAS.contains(schema.toLowerCase(Locale.ROOT)) || TABLE_PREFIXES.stream().anyMatch(lowerTable::startsWith);
    }
}
