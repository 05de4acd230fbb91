package dev.tarn.query;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Locale;

/** The result formats of POST /query. */
public enum QueryFormat {
    /** Metadata line, column line, then one JSON array per row. */
    DEFAULT,
    CSV,
    /** One JSON object per row, nothing else. */
    JSONL,
    PARQUET;

    public static QueryFormat parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "default", "" -> DEFAULT;
            case "csv" -> CSV;
            case "jsonl", "ndjson" -> JSONL;
            case "parquet" -> PARQUET;
            default -> throw new TarnException(ErrorCode.UNSUPPORTED_FORMAT,
                    "Unsupported query format: " + name + " (use default, csv, jsonl or parquet)");
        };
    }
}
