package dev.tarn.realtime;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Locale;

/** Who may read a SHARED table: users only PUBLIC ones, services all but DBA-level ones, administrators all. */
public enum AccessLevel {
    PUBLIC, PRIVATE, RESTRICTED, DBA;

    static AccessLevel parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TarnException(ErrorCode.INVALID_STATEMENT, "Unknown ACCESS_LEVEL '" + text + "': use PUBLIC, PRIVATE, RESTRICTED or DBA");
        }
    }
}
