package dev.tarn.realtime;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Locale;

/** The table types of the realtime dialect: per-user rows, shared rows, or per-user rows that expire. */
public enum TableType {
    USER, SHARED, STREAM;

    /** USER and STREAM rows belong to the user who wrote them; every statement sees only its own. */
    public boolean perUser() {
        return this != SHARED;
    }

    static TableType parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TarnException(ErrorCode.INVALID_STATEMENT, "Unknown table type '" + text + "': use USER, SHARED or STREAM");
        }
    }
}
