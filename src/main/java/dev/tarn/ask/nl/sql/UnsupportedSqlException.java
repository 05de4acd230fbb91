package dev.tarn.ask.nl.sql;

/** A question needs SQL the datasource's dialect cannot express (a median in SQLite, say). */
public final class UnsupportedSqlException extends RuntimeException {
    public UnsupportedSqlException(String message) {
        super(message);
    }
}
