package dev.tarn.engine;

/** Quoting of identifiers and string literals for the SQL Tarn itself writes. */
public final class SqlQuoting {
    private SqlQuoting() {
    }

    /** A double-quoted identifier; embedded quotes are doubled, so any name is safe. */
    public static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A single-quoted string literal; embedded quotes are doubled. */
    public static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }
}
