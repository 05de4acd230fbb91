package dev.tarn.ingest;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How an uploaded file meets its table. */
public enum UploadMode {
    /** Create the table from the file; the table must not exist yet. */
    CREATE,
    /** Insert the file's rows by column name into an existing table. */
    APPEND,
    /** Drop the table if it exists and create it anew from the file. */
    OVERWRITE,
    /** Create the table when it is missing, otherwise append. */
    CREATE_APPEND,
    /** Merge the file's rows into the table by primary key; a missing table is created from the file. */
    UPSERT;

    /** The name clients send in the {@code mode} parameter. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode a client named, in any letter case; 400 listing the modes for anything else. */
    public static UploadMode parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(mode -> mode.wireName().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new TarnException(ErrorCode.INVALID_FIELD, "Unknown mode '" + text + "': use one of "
                        + Arrays.stream(values()).map(UploadMode::wireName).collect(Collectors.joining(", "))));
    }
}
