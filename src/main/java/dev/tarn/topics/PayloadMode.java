package dev.tarn.topics;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Locale;

/**
 * What a message carries: FULL the row and {@code _table}; KEY the row without {@code _table}
 * (the contract's reference behaviour); DIFF, for updates, only the key columns and the columns
 * whose value changed, with {@code _table} (the reference sends the full row here; inserts and
 * deletes have nothing to diff against, so they carry the full row).
 */
public enum PayloadMode {
    FULL, KEY, DIFF;

    public static PayloadMode parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "full" -> FULL;
            case "key" -> KEY;
            case "diff" -> DIFF;
            default -> throw new TarnException(ErrorCode.INVALID_STATEMENT, "Unknown payload '" + text + "': use 'full', 'key' or 'diff'");
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
