package dev.tarn.ask.nl.model;

import java.util.Locale;

/** The kinds of column values the question engine reasons about; finer SQL types collapse into these. */
public enum DataType {
    TEXT, INTEGER, DECIMAL, BOOLEAN, DATE, TIMESTAMP, OTHER;

    /** Maps a declared SQL type name (any dialect) to the kind of value it holds. */
    public static DataType fromSqlType(String sqlType) {
        String type = sqlType.toLowerCase(Locale.ROOT);
        if (type.contains("timestamp") || type.contains("datetime")) return TIMESTAMP;
        if (type.startsWith("date")) return DATE;
        if (type.contains("bool")) return BOOLEAN;
        if (type.contains("int")) return INTEGER;
        if (type.contains("double") || type.contains("float") || type.contains("real") || type.contains("decimal")
                || type.contains("numeric")) return DECIMAL;
        if (type.contains("char") || type.contains("text") || type.contains("string") || type.contains("clob")) return TEXT;
        return OTHER;
    }

    public boolean isNumeric() {
        return this == INTEGER || this == DECIMAL;
    }

    public boolean isTemporal() {
        return this == DATE || this == TIMESTAMP;
    }
}
