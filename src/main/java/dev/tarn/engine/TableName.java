package dev.tarn.engine;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A fully qualified table: catalog, schema, table. Parts are plain identifiers (letters, digits,
 * underscores), so a name can never smuggle quotes or dots into SQL; DuckDB matches them without
 * regard to case.
 */
public record TableName(String catalog, String schema, String table) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    public TableName {
        requireIdentifier("catalog", catalog);
        requireIdentifier("schema", schema);
        requireIdentifier("table", table);
    }

    /** A table from request parameters; catalog and schema default to memory and main. */
    public static TableName of(String catalog, String schema, String table) {
        return new TableName(blankToDefault(catalog, Engine.DEFAULT_CATALOG), blankToDefault(schema, Engine.DEFAULT_SCHEMA), table);
    }

    /** The quoted, qualified name for SQL. */
    public String sql() {
        return SqlQuoting.identifier(catalog) + "." + SqlQuoting.identifier(schema) + "." + SqlQuoting.identifier(table);
    }

    /** catalog.schema.table in lower case: a key for maps, since DuckDB names are case-insensitive. */
    public String key() {
        return (catalog + "." + schema + "." + table).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return catalog + "." + schema + "." + table;
    }

    private static String blankToDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static void requireIdentifier(String part, String value) {
        if (value == null || value.isEmpty()) {
            throw new TarnException(ErrorCode.MISSING_FIELD, "The " + part + " name is required");
        }
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "The " + part + " name '" + value
                    + "' is not allowed: use letters, digits and underscores, starting with a letter or underscore (at most 128)");
        }
        Objects.requireNonNull(value);
    }
}
