package dev.tarn.ingest;

/** The shapes of file an upload can carry, each read by one DuckDB table function. */
public enum FileFormat {
    /** Comma (or semicolon, tab, bar) separated values with a header row. */
    CSV(".csv", "CSV"),
    /** One JSON array of objects. */
    JSON_ARRAY(".json", "JSON"),
    /** JSON objects one after another: JSON lines, or a single object. */
    JSON_OBJECTS(".json", "JSON"),
    /** Apache Parquet. */
    PARQUET(".parquet", "Parquet");

    private final String suffix;
    private final String displayName;

    FileFormat(String suffix, String displayName) {
        this.suffix = suffix;
        this.displayName = displayName;
    }

    /** The file name suffix of a staged file in this format. */
    public String suffix() {
        return suffix;
    }

    /** The format's name in messages to the caller. */
    public String displayName() {
        return displayName;
    }

    /** What a caller should send instead when a file of this format cannot be read. */
    public String advice() {
        return switch (this) {
            case CSV -> "send UTF-8 CSV with a header row, the same number of fields on every row and closed quotes";
            case JSON_ARRAY, JSON_OBJECTS -> "send an array of JSON objects, or one JSON object per line";
            case PARQUET -> "send a complete Parquet file";
        };
    }
}
