package dev.tarn.ask.datasource;

import java.util.Locale;

/** Where a datasource's metadata sync stands. */
public enum MetaStatus {
    UNPROCESSED, PROCESSING, SUCCESS, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
